/**
 * `yca ledger aggregate FILE… -o OUT.xlsx [--term 届次] [--json]`: the national summary of many
 * units' ledgers — the same code as the 台账汇总 page (shared/ledger/aggregate.ts).
 * Exit status: 0 summary written and every file counted (or replaced by a newer one of its unit);
 * 1 a file was refused (the summary of the others is still written) or no ledger was valid
 * (nothing written); 2 usage error or an unreadable input file.
 * The output is written to a temporary file and renamed, so a failed run never leaves half a file.
 */
import { readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { aggregateLedgers, aggregateWorkbook, type AggregateInput } from '../../../shared/ledger/aggregate';
import { importLedger } from '../../../shared/ledger/import';
// type-only: registry.ts imports this module, so a value import would be a cycle
import type { CliCommand } from '../registry';
import { readInput } from './ledgerValidate';

const OK = 0;
const INVALID = 1;
const USAGE_ERROR = 2;

const USAGE = `用法：yca ledger aggregate <台账.xlsx>… -o <汇总.xlsx> [--term 届次] [--json]

把各单位报送的工作台账汇总成全国汇总工作簿：每个单位一行（名额完成情况、五个一、自评得分、
全国考评得分），行业、地方和全国合计，以及出现在多个单位台账中的集体。文件顺序不限；同一单位
重复报送的，以导出时间较晚的为准。未通过校验的台账不纳入汇总，并在“台账清单”中说明原因。
  -o, --output 文件   汇总工作簿的保存位置（.xlsx）
  --term 届次         只汇总该届次（如 2017-2018）；默认取多数台账的届次
  --json              以 JSON 输出处理结果（供脚本使用）
退出码：0 全部纳入；1 有台账未纳入（其余仍写出汇总）或没有可汇总的台账；2 用法错误或无法读取文件。`;

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '';
  } catch {
    return '';
  }
}

export const ledgerAggregateCommand: CliCommand = {
  name: 'ledger aggregate',
  summary: '汇总各单位的工作台账，生成全国汇总工作簿',
  usage: USAGE,
  async run(args, io) {
    const files: string[] = [];
    let output: string | null = null;
    let term: string | undefined;
    let json = false;
    const usage = (message: string): number => {
      io.err(message);
      io.err(USAGE);
      return USAGE_ERROR;
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-o' || a === '--output') {
        const v = args[++i];
        if (v === undefined || v.startsWith('-')) return usage(`${a} 后缺少输出文件名。`);
        output = v;
      } else if (a === '--term') {
        const v = args[++i];
        if (v === undefined || !/^\d{4}-\d{4}$/.test(v)) return usage('--term 后应为届次编码，如 2017-2018。');
        term = v;
      } else if (a === '--json') json = true;
      else if (a.startsWith('-') && a !== '-') return usage(`未知选项：${a}`);
      else files.push(a);
    }
    if (files.length === 0) return usage('缺少要汇总的台账文件。');
    if (output === null) return usage('缺少 -o <汇总.xlsx>：请指定汇总工作簿的保存位置。');
    if (!/\.xlsx$/i.test(output)) return usage('汇总工作簿的文件名应以 .xlsx 结尾。');
    const outPath = resolve(output);
    if (files.some((f) => resolve(f) === outPath)) return usage('输出文件不能与输入的台账相同。');

    const inputs: AggregateInput[] = [];
    let unreadable = 0;
    for (const path of files) {
      const read = await readInput(path);
      if ('error' in read) {
        io.err(`无法读取文件“${path}”：${read.error}。`);
        unreadable++;
        continue;
      }
      inputs.push({ fileName: path, result: await importLedger(read.bytes) });
    }
    if (unreadable > 0) return USAGE_ERROR;

    const result = aggregateLedgers(inputs, { term });
    const refused = result.files.filter((f) => f.status === 'refused').length;
    let written = false;
    if (result.units.length > 0) {
      const bytes = aggregateWorkbook(result, { generatedAt: new Date().toISOString(), appVersion: appVersion() });
      const tmp = `${outPath}.tmp-${process.pid}`;
      try {
        await writeFile(tmp, bytes);
        await rename(tmp, outPath);
        written = true;
      } catch (e) {
        await rm(tmp, { force: true });
        io.err(`无法写入“${output}”：${e instanceof Error ? e.message : String(e)}`);
        return INVALID;
      }
    }

    if (json) {
      io.out(JSON.stringify({ ok: written && refused === 0, output: written ? output : null, term: result.term, units: result.units, totals: result.totals, duplicates: result.duplicates, files: result.files }, null, 2));
    } else {
      for (const f of result.files) {
        const label = { included: '纳入', covered: '已含于上级', replaced: '已取代', refused: '未纳入' }[f.status];
        io.out(`[${label}] ${f.fileName}${f.unitCode ? `（${f.unitName} ${f.unitCode}）` : ''}：${f.reason}`);
      }
      const all = result.totals[result.totals.length - 1]!;
      if (written) {
        io.out(
          `已生成全国汇总：${output}（${result.termLabel}，${result.units.length} 个单位，创建集体 ${all.approved} 个 / 应完成 ${all.required} 个；` +
            `出现在多个单位台账中的集体 ${result.duplicateGroups} 组）。`,
        );
      } else io.out('没有可汇总的有效台账，未生成汇总文件。');
    }
    return !written || refused > 0 ? INVALID : OK;
  },
};
