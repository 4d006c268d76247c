/**
 * `yca ledger validate FILE… [--json]`: check standard ledgers (工作台账) without importing them —
 * the same strict validation as the import page (shared/ledger/import.ts).
 * Exit status: 0 every file valid (warnings allowed), 1 at least one invalid, 2 usage error or
 * an unreadable file.
 */
import { readFile } from 'node:fs/promises';
import { importLedger, issueText, type LedgerImportResult, type LedgerIssue } from '../../../shared/ledger/import';
// type-only: registry.ts imports this module, so a value import would be a cycle
import type { CliCommand, CliIO } from '../registry';

const OK = 0;
const INVALID = 1;
const USAGE_ERROR = 2;

const USAGE = `用法：yca ledger validate <台账.xlsx>… [--json]

严格校验一个或多个工作台账（YCA-LEDGER 格式）：工作表、表头、每个单元格的类型和取值、
工作表之间的对应关系、元数据和校验值。列出全部错误（工作表、行、列、问题）。不导入任何数据。
校验值不一致（台账导出后被手工修改）只作提示，不算错误。
  --json   以 JSON 输出结果（供脚本使用）
退出码：0 全部有效；1 至少一个文件无效；2 用法错误或无法读取文件。`;

export async function readInput(path: string): Promise<{ bytes: Uint8Array } | { error: string }> {
  try {
    const buf = await readFile(path);
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : '读取失败';
    return { error: why };
  }
}

export function issueJson(i: LedgerIssue): LedgerIssue & { text: string } {
  return { ...i, text: issueText(i) };
}

function describe(path: string, r: LedgerImportResult, io: CliIO): void {
  io.out(`文件：${path}`);
  const m = r.meta;
  if (r.version !== null) {
    io.out(`  格式：YCA-LEDGER 第 ${r.version} 版；单位：${m.unitName ?? '—'}（${m.unitCode ?? '—'}）；届次：${m.term ?? '—'}；导出时间：${m.exportedAt ?? '—'}`);
  }
  for (const e of r.errors) io.out(`  错误：${issueText(e)}`);
  if (r.omittedErrors > 0) io.out(`  另有 ${r.omittedErrors} 处错误未列出。`);
  for (const w of r.warnings) io.out(`  提示：${issueText(w)}`);
  if (r.ok) {
    const counts = Object.entries(r.counts)
      .map(([k, n]) => `${k} ${n} 行`)
      .join('，');
    io.out(`  结果：有效${r.warnings.length ? `（另有 ${r.warnings.length} 条提示，请核对）` : ''}。${counts}`);
  } else {
    io.out(`  结果：无效，共 ${r.errors.length + r.omittedErrors} 处错误。`);
  }
}

export const ledgerValidateCommand: CliCommand = {
  name: 'ledger validate',
  summary: '严格校验工作台账（不导入）：逐表、逐行、逐列列出错误',
  usage: USAGE,
  async run(args, io) {
    let json = false;
    const files: string[] = [];
    for (const a of args) {
      if (a === '--json') json = true;
      else if (a.startsWith('-') && a !== '-') {
        io.err(`未知选项：${a}`);
        io.err(USAGE);
        return USAGE_ERROR;
      } else files.push(a);
    }
    if (files.length === 0) {
      io.err('缺少要校验的文件。');
      io.err(USAGE);
      return USAGE_ERROR;
    }
    let unreadable = 0;
    let invalid = 0;
    const out: unknown[] = [];
    for (const path of files) {
      const input = await readInput(path);
      if ('error' in input) {
        unreadable++;
        if (json) out.push({ file: path, ok: false, readError: input.error });
        else io.err(`无法读取文件“${path}”：${input.error}。`);
        continue;
      }
      const r = await importLedger(input.bytes);
      if (!r.ok) invalid++;
      if (json) {
        out.push({
          file: path,
          ok: r.ok,
          version: r.version,
          meta: r.meta,
          counts: r.counts,
          checksum: r.checksum,
          errors: r.errors.map(issueJson),
          omittedErrors: r.omittedErrors,
          warnings: r.warnings.map(issueJson),
        });
      } else describe(path, r, io);
    }
    const ok = unreadable === 0 && invalid === 0;
    if (json) io.out(JSON.stringify({ ok, files: out }, null, 2));
    else if (files.length > 1 || unreadable > 0) {
      io.out(`共 ${files.length} 个文件：有效 ${files.length - invalid - unreadable} 个，无效 ${invalid} 个${unreadable ? `，无法读取 ${unreadable} 个` : ''}。`);
    }
    return unreadable > 0 ? USAGE_ERROR : invalid > 0 ? INVALID : OK;
  },
};
