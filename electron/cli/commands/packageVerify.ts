/**
 * `yca package verify FILE [--json]`: check an exchange package without importing it.
 *
 * Runs the same full verification as an import (shared/exchange/format.ts readPackage) and
 * prints who signed it and what it holds, or why it is refused. It does not decide trust: the
 * printed fingerprint is for an administrator to compare with the sender's.
 * Exit status: 0 valid, 1 refused, 2 usage error or unreadable file.
 */
import { readFile, stat } from 'node:fs/promises';
import { readPackage, type Manifest, type PackageAttachment, type PackageRecord } from '../../../shared/exchange/format';
import { formatBytes } from '../../../shared/exchange/refusal';
import { DEFAULT_LIMITS } from '../../../shared/exchange/safety';
// type-only: registry.ts imports this module, so a value import would be a cycle
import type { CliCommand } from '../registry';

/** Largest file worth reading: all entries at their limit plus a generous allowance for headers. */
const MAX_FILE_BYTES = DEFAULT_LIMITS.maxTotalBytes + 256 * 1024 * 1024;

const USAGE = `用法：yca package verify <交换包文件> [--json]

检查交换包是否完整、未被篡改：签名、每个文件的校验值、记录格式和大小上限。
不导入任何数据。显示发送方、公钥指纹、届次、序号、各表记录数和附件。
  --json   以 JSON 输出结果（供脚本使用）
退出码：0 有效；1 无效；2 用法错误或无法读取文件。`;

function describe(path: string, manifest: Manifest, tables: Record<string, PackageRecord[]>, attachments: PackageAttachment[]): string[] {
  const { sender, recipient } = manifest;
  const out: string[] = [];
  out.push(`交换包有效：签名正确，清单所列全部 ${manifest.entries.length} 个文件的校验值一致。`);
  out.push(`文件：${path}`);
  out.push(`包编号：${manifest.packageId}`);
  out.push(`格式版本：${manifest.formatVersion}`);
  out.push(`发送方：单位 ${sender.unitId} · 设备 ${sender.deviceId} · 账号 ${sender.accountId}`);
  out.push(`公钥指纹：${sender.fingerprint}`);
  out.push(`接收方：单位 ${recipient.unitId} · ${recipient.deviceId === null ? '该单位任意设备' : `设备 ${recipient.deviceId}`}`);
  out.push(`届次：${manifest.term}`);
  out.push(`序号：${manifest.sequence}`);
  out.push(`类型：${manifest.full ? '全量' : `增量（修订戳 ${manifest.sinceRev ?? '—'} 之后的变更）`}`);
  out.push(`生成时间：${manifest.createdAt}`);
  out.push(`生成软件版本：${manifest.appVersion}`);
  const names = Object.keys(tables).sort();
  const totalRecords = names.reduce((n, t) => n + tables[t]!.length, 0);
  out.push(`记录：共 ${totalRecords} 条${names.length === 0 ? '' : '，其中'}`);
  for (const t of names) {
    const recs = tables[t]!;
    const deleted = recs.filter((r) => r.deleted === true).length;
    out.push(`  ${t}：${recs.length} 条${deleted > 0 ? `（含删除标记 ${deleted} 条）` : ''}`);
  }
  const attBytes = attachments.reduce((n, a) => n + a.bytes.length, 0);
  out.push(`附件：${attachments.length} 个，共 ${formatBytes(attBytes)}`);
  out.push('提示：签名只证明交换包由上述指纹的密钥生成且未被改动。导入前，请通过电话或当面与发送方逐组核对公钥指纹。');
  return out;
}

export const packageVerifyCommand: CliCommand = {
  name: 'package verify',
  summary: '检查交换包的签名与完整性（不导入）',
  usage: USAGE,
  async run(args, io) {
    let json = false;
    const files: string[] = [];
    for (const a of args) {
      if (a === '--json') json = true;
      else if (a === '-h' || a === '--help') {
        io.out(USAGE);
        return 0;
      } else if (a.startsWith('-') && a !== '-') {
        io.err(`未知选项：${a}`);
        io.err(USAGE);
        return 2;
      } else files.push(a);
    }
    if (files.length !== 1) {
      io.err(files.length === 0 ? '缺少交换包文件。' : '一次只能检查一个交换包文件。');
      io.err(USAGE);
      return 2;
    }
    const path = files[0]!;
    let bytes: Uint8Array;
    try {
      const info = await stat(path);
      if (!info.isFile()) {
        io.err(`无法读取文件：${path} 不是文件`);
        return 2;
      }
      if (info.size > MAX_FILE_BYTES) {
        const message = `文件大小 ${formatBytes(info.size)} 超过交换包上限，未读取`;
        if (json) io.out(JSON.stringify({ ok: false, code: 'totalTooLarge', message }));
        else io.err(`交换包无效（totalTooLarge）：${message}`);
        return 1;
      }
      bytes = await readFile(path);
    } catch (e) {
      const code = (e as { code?: string }).code;
      io.err(`无法读取文件：${path}${code === 'ENOENT' ? '（文件不存在）' : code ? `（${code}）` : ''}`);
      return 2;
    }

    const result = await readPackage(bytes);
    if (!result.ok) {
      if (json) io.out(JSON.stringify({ ok: false, code: result.code, message: result.message }));
      else io.err(`交换包无效（${result.code}）：${result.message}`);
      return 1;
    }
    const { manifest, tables, attachments } = result;
    if (json) {
      const summary = {
        ok: true,
        packageId: manifest.packageId,
        formatVersion: manifest.formatVersion,
        sender: manifest.sender,
        recipient: manifest.recipient,
        term: manifest.term,
        sequence: manifest.sequence,
        full: manifest.full,
        sinceRev: manifest.sinceRev,
        createdAt: manifest.createdAt,
        appVersion: manifest.appVersion,
        tables: Object.fromEntries(
          Object.keys(tables)
            .sort()
            .map((t) => [t, { records: tables[t]!.length, deleted: tables[t]!.filter((r) => r.deleted === true).length }]),
        ),
        attachments: { count: attachments.length, bytes: attachments.reduce((n, a) => n + a.bytes.length, 0) },
      };
      io.out(JSON.stringify(summary, null, 2));
    } else {
      for (const l of describe(path, manifest, tables, attachments)) io.out(l);
    }
    return 0;
  },
};
