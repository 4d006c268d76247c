/**
 * `yca demo-data --scale province|national -o DIR [--seed N] [--unit CODE]`: write the seeded demo
 * dataset (shared/demo) as the files units exchange — per published unit a roster (集体名单, the
 * import template's format, new collectives without codes), its standard ledger (工作台账) and the
 * exchange package its level-1 administrator would send to the national office — plus 说明.txt
 * with the sizes, the seed and the demo devices' fingerprints (needed to trust the packages).
 *
 * Memory stays bounded: one unit's records at a time. The output folder must be new or empty, so
 * nothing already there is overwritten. Exit status: 0 written, 1 a write failed (说明.txt is
 * written last, so a folder without it is incomplete), 2 usage error.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_DEMO_SEED,
  DEFAULT_DEMO_UNIT,
  DEMO_SCALE_LABEL,
  DEMO_TABLES,
  demoBatches,
  demoLedgerSource,
  demoPackageInput,
  demoProfile,
  demoRosterWorkbook,
  emptyRecords,
  planDemo,
  publishedRowsOf,
  type DemoRecords,
  type DemoScale,
} from '../../../shared/demo';
import { buildPackage } from '../../../shared/exchange/format';
import { buildLedger } from '../../../shared/ledger/build';
import { exportLedger } from '../../../shared/ledger/export';
import { REFERENCE_UNITS } from '../../../shared/reference/term2017';
// type-only: registry.ts imports this module, so a value import would be a cycle
import type { CliCommand } from '../registry';

const OK = 0;
const FAILED = 1;
const USAGE_ERROR = 2;

const USAGE = `用法：yca demo-data --scale province|national -o <输出目录> [--seed 种子] [--unit 单位编码]

按固定种子生成演示数据，写成各单位之间交换的文件：
  集体名单/   每个公布单位一份集体名单（导入模板格式，新集体，编码留空），可在“名单导入”中导入
  工作台账/   每个公布单位一份标准工作台账，可在“工作台账导出与汇总”中校验、汇总
  交换包/     每个公布单位一级管理员发往全国组委会办公室的交换包（导入前须核对 说明.txt 中的设备指纹）
  说明.txt    规模、种子、数量和演示设备指纹
  --scale province   一个公布单位（默认 ${DEFAULT_DEMO_UNIT} 江苏）：2,000 个集体、40,000 条创建日志
  --scale national   全部 60 个公布单位：20,000 个集体、400,000 条创建日志（约需数分钟）
  -o, --out 目录     输出目录（须为新目录或空目录，不覆盖已有文件）
  --seed 种子        非负整数，默认 ${DEFAULT_DEMO_SEED}；相同种子生成相同的文件
  --unit 单位编码    省级规模时的公布单位，如 R09（上海）、I17（金融）
退出码：0 成功；1 写入失败；2 用法错误。`;

interface Args {
  scale: DemoScale;
  out: string;
  seed: number;
  unit: string;
}

const TOP_CODES = new Set(REFERENCE_UNITS.filter((u) => u.parentCode === null).map((u) => u.code));

function parseArgs(args: readonly string[]): Args | string {
  let scale: string | undefined;
  let out: string | undefined;
  let seed = DEFAULT_DEMO_SEED;
  let unit: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => args[++i];
    if (a === '--scale') scale = value();
    else if (a === '-o' || a === '--out') out = value();
    else if (a === '--seed') {
      const v = value();
      const n = Number(v);
      if (v === undefined || !/^\d+$/.test(v) || !Number.isSafeInteger(n) || n > 2 ** 32) return '--seed 后应为非负整数。';
      seed = n;
    } else if (a === '--unit') {
      unit = value()?.trim().toUpperCase();
      if (!unit) return '--unit 后缺少单位编码。';
    } else return `未知参数：${a}`;
  }
  if (scale !== 'province' && scale !== 'national') return scale === undefined ? '缺少 --scale（province 或 national）。' : `--scale 只能是 province 或 national，不能是“${scale}”。`;
  if (!out) return '缺少输出目录（-o 目录）。';
  if (unit !== undefined && scale === 'national') return '--unit 只用于省级规模（--scale province）。';
  if (unit !== undefined && !TOP_CODES.has(unit)) return `--unit “${unit}”不是公布的行业或地方单位编码（如 R09、I17）。`;
  return { scale, out, seed, unit: unit ?? DEFAULT_DEMO_UNIT };
}

/** A file name without characters Windows forbids. */
const safe = (s: string): string => s.replace(/[\\/:*?"<>|\s]+/g, '_');

function collect(batches: Iterable<{ records: DemoRecords }>): DemoRecords {
  const all = emptyRecords();
  for (const b of batches) for (const t of DEMO_TABLES) (all[t] as unknown[]).push(...(b.records[t] as unknown[]));
  return all;
}

export const demoDataCommand: CliCommand = {
  name: 'demo-data',
  summary: '生成演示数据：各单位的集体名单、工作台账和交换包',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.err(parsed);
      io.err(USAGE);
      return USAGE_ERROR;
    }
    const out = path.resolve(parsed.out);
    try {
      await mkdir(out, { recursive: true });
      const existing = await readdir(out);
      if (existing.length > 0) {
        io.err(`输出目录“${parsed.out}”不是空目录（已有 ${existing.length} 项）。为免覆盖已有文件，请指定新目录或空目录。`);
        return USAGE_ERROR;
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.err(`无法使用输出目录“${parsed.out}”：${code === 'EACCES' || code === 'EPERM' ? '没有写入权限' : code === 'ENOTDIR' || code === 'EEXIST' ? '同名文件已存在' : (e as Error).message}。`);
      return USAGE_ERROR;
    }

    const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const started = Date.now();
    const plan = planDemo({ scale: parsed.scale, seed: parsed.seed, ...(parsed.scale === 'province' ? { unitCode: parsed.unit } : {}) });
    const units = plan.topUnits.filter((u) => !u.quotaSubRow);
    io.out(`生成演示数据：${DEMO_SCALE_LABEL[parsed.scale]}，种子 ${plan.seed}，${units.length} 个公布单位，集体 ${plan.totals.collectives} 个，创建日志 ${plan.totals.workUpdates} 条`);
    const dirs = { roster: path.join(out, '集体名单'), ledger: path.join(out, '工作台账'), package: path.join(out, '交换包') };
    const devices: string[] = [];
    try {
      for (const d of Object.values(dirs)) await mkdir(d, { recursive: true });
      for (const [i, unit] of units.entries()) {
        const records = collect(demoBatches(plan, { unitCodes: [unit.code], batchSize: 50_000 }));
        // rosters: one per published row (a quota sub-row such as 快递 has its own)
        for (const row of publishedRowsOf(plan, unit.code)) {
          const rows = plan.collectives.filter((c) => c.quotaUnit.id === row.id).map((c) => demoProfile(plan, c));
          if (rows.length === 0) continue;
          await writeFile(path.join(dirs.roster, `集体名单_${row.code}_${safe(row.reference?.fullName ?? row.name)}.xlsx`), demoRosterWorkbook(rows));
        }
        const ledger = await exportLedger(buildLedger(demoLedgerSource(plan, unit.code, records, version)));
        await writeFile(path.join(dirs.ledger, `工作台账_${unit.code}_${safe(unit.reference?.fullName ?? unit.name)}_2017-2018.xlsx`), ledger.bytes);
        const input = demoPackageInput(plan, unit.code, records, version);
        const bytes = await buildPackage(input);
        await writeFile(path.join(dirs.package, `交换包_${unit.code}_${safe(unit.name)}_至_全国组委会办公室.ycapkg`), bytes);
        devices.push(`${unit.code}\t${unit.reference?.fullName ?? unit.name}\t设备 ${input.device.deviceId}\t指纹 ${input.device.fingerprint}`);
        io.out(`[${i + 1}/${units.length}] ${unit.name}：集体 ${records.collectives.length} 个，创建日志 ${records.workUpdates.length} 条，图片 ${records.attachments.length} 张；名单、台账、交换包已写入`);
      }
      const readme = [
        `YCA Desk 演示数据（${DEMO_SCALE_LABEL[parsed.scale]}，种子 ${plan.seed}）`,
        '',
        '内容虚构，仅用于试用、培训和性能测试。相同种子生成相同文件。',
        `集体 ${plan.totals.collectives} 个，创建日志 ${plan.totals.workUpdates} 条，图片 ${plan.totals.attachments} 张，社会评价 ${plan.totals.evaluations} 条，五个一等工作 ${plan.totals.workEntries} 项。`,
        `示例集体：${plan.showcase.name}（${plan.showcase.code}，${plan.showcase.logs} 条创建日志）`,
        '',
        '集体名单/：可在“名单导入”中导入（新集体，编码由导入的电脑生成）。',
        '工作台账/：可在“工作台账导出与汇总”中校验和汇总。',
        '交换包/：各公布单位一级管理员（演示设备）发往全国组委会办公室的全量交换包。',
        '  在全国组委会办公室的电脑上导入前，须先核对并信任发送设备；演示设备的指纹如下：',
        ...devices.map((d) => `  ${d}`),
        '',
        `生成用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒，软件版本 ${version}。`,
      ].join('\n');
      await writeFile(path.join(out, '说明.txt'), `${readme}\n`);
    } catch (e) {
      io.err(`写入失败：${(e as Error).message}。已写入的文件不完整，请删除输出目录后重试。`);
      return FAILED;
    }
    io.out(`完成：已写入 ${out}（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
    return OK;
  },
};
