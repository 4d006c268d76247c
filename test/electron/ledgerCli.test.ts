import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { ledgerAggregateCommand } from '../../electron/cli/commands/ledgerAggregate';
import { ledgerValidateCommand } from '../../electron/cli/commands/ledgerValidate';
import { COMMANDS } from '../../electron/cli/registry';
import { runCli } from '../../electron/cli/run';

const FIX = path.resolve('test/fixtures/ledger');
const fx = (name: string) => path.join(FIX, name);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'yca-ledger-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(cmd: typeof ledgerValidateCommand, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cmd.run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('yca ledger validate', () => {
  it('is registered under its two-word name', async () => {
    expect(COMMANDS).toContain(ledgerValidateCommand);
    expect(COMMANDS).toContain(ledgerAggregateCommand);
    const out: string[] = [];
    expect(await runCli(['ledger', 'validate', fx('valid.xlsx')], { out: (s) => out.push(s), err: () => {} }, { commands: COMMANDS, version: '0' })).toBe(0);
    expect(out.join('\n')).toContain('结果：有效');
  });

  it('exit 0 for a valid ledger, with what it holds; a hand-edited one is still valid, with a 提示', async () => {
    const ok = await run(ledgerValidateCommand, fx('valid.xlsx'));
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('格式：YCA-LEDGER 第 1 版；单位：上海（R09）；届次：2017-2018；导出时间：2018-03-15T08:00:00.000Z');
    expect(ok.out).toMatch(/结果：有效。创建集体名单 24 行/);
    const edited = await run(ledgerValidateCommand, fx('edited-checksum.xlsx'));
    expect(edited.code).toBe(0);
    expect(edited.out).toContain('提示：工作表“元数据”第 ');
    expect(edited.out).toContain('校验值不一致');
  });

  it('exit 1 for an invalid ledger, listing every error with sheet, row, column', async () => {
    const bad = await run(ledgerValidateCommand, fx('invalid-cells.xlsx'));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('错误：工作表“创建集体名单”第 10 行 C 列（集体名称）：不能为空');
    expect(bad.out).toContain('错误：工作表“五个一工作台账”第 2 行 F 列（名称）：单元格含公式');
    expect(bad.out).toContain('结果：无效，共 9 处错误。');
    const both = await run(ledgerValidateCommand, fx('valid.xlsx'), fx('invalid-counts.xlsx'));
    expect(both.code).toBe(1);
    expect(both.out).toContain('共 2 个文件：有效 1 个，无效 1 个。');
  });

  it('--json gives the same errors as the golden fixture, machine-readable', async () => {
    const r = await run(ledgerValidateCommand, '--json', fx('invalid-structure.xlsx'), fx('valid.xlsx'));
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as { ok: boolean; files: { file: string; ok: boolean; errors: { sheet: string; row: number | null; column: string | null; header: string | null; message: string; text: string }[] }[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.files.map((f) => f.ok)).toEqual([false, true]);
    const expected = JSON.parse(readFileSync(fx('invalid-structure.json'), 'utf8')) as { errors: unknown[] };
    expect(parsed.files[0]!.errors.map(({ text: _t, ...rest }) => rest)).toEqual(expect.arrayContaining(expected.errors));
    expect(parsed.files[0]!.errors.length).toBe(expected.errors.length);
    expect(parsed.files[0]!.errors[0]!.text).toMatch(/^工作表“/);
  });

  it('exit 2 for usage errors and unreadable files', async () => {
    expect((await run(ledgerValidateCommand)).code).toBe(2);
    expect((await run(ledgerValidateCommand, '--frobnicate', fx('valid.xlsx'))).code).toBe(2);
    const missing = await run(ledgerValidateCommand, fx('valid.xlsx'), path.join(dir, 'nope.xlsx'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('文件不存在');
  });
});

describe('yca ledger aggregate', () => {
  it('writes the national summary (any order; the re-sent ledger wins), exit 0', async () => {
    const out = path.join(dir, '汇总.xlsx');
    const r = await run(ledgerAggregateCommand, fx('valid-resent.xlsx'), fx('valid-jiangsu.xlsx'), fx('valid.xlsx'), '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`[已取代] ${fx('valid.xlsx')}（上海 R09）：已被同一单位 2018-03-16T08:00:00.000Z 导出的台账`);
    expect(r.out).toMatch(/已生成全国汇总：.*（2017—2018年度，2 个单位，创建集体 \d+ 个 \/ 应完成 420 个；出现在多个单位台账中的集体 2 组）。/);
    const wb = XLSX.read(readFileSync(out), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['全国汇总', '重复集体', '台账清单', '说明']);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['全国汇总']!);
    expect(rows.slice(0, 2).map((x) => x['单位编码'])).toEqual(['R09', 'R10']);
    expect(rows[0]!['来源文件']).toBe(fx('valid-resent.xlsx'));
    // no temporary file left behind
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('an invalid ledger is left out and listed: summary still written, exit 1; --json for scripts', async () => {
    const out = path.join(dir, 'with-invalid.xlsx');
    const r = await run(ledgerAggregateCommand, '--json', fx('valid.xlsx'), fx('invalid-cells.xlsx'), '-o', out);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(true);
    const parsed = JSON.parse(r.out) as { ok: boolean; files: { fileName: string; status: string }[]; units: { unitCode: string }[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.units.map((u) => u.unitCode)).toEqual(['R09']);
    expect(parsed.files.find((f) => f.fileName === fx('invalid-cells.xlsx'))!.status).toBe('refused');
  });

  it('nothing valid: no file written, exit 1', async () => {
    const out = path.join(dir, 'none.xlsx');
    const r = await run(ledgerAggregateCommand, fx('not-a-ledger.xlsx'), '-o', out);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(r.out).toContain('没有可汇总的有效台账，未生成汇总文件。');
  });

  it('exit 2 for usage errors: no files, no -o, not .xlsx, output = input, unreadable input, bad --term', async () => {
    expect((await run(ledgerAggregateCommand, '-o', path.join(dir, 'x.xlsx'))).code).toBe(2);
    expect((await run(ledgerAggregateCommand, fx('valid.xlsx'))).code).toBe(2);
    expect((await run(ledgerAggregateCommand, fx('valid.xlsx'), '-o', path.join(dir, 'x.csv'))).code).toBe(2);
    const copy = path.join(dir, 'copy.xlsx');
    copyFileSync(fx('valid.xlsx'), copy);
    const same = await run(ledgerAggregateCommand, copy, '-o', copy);
    expect(same.code).toBe(2);
    expect(same.err).toContain('输出文件不能与输入的台账相同');
    expect((await run(ledgerAggregateCommand, path.join(dir, 'nope.xlsx'), '-o', path.join(dir, 'y.xlsx'))).code).toBe(2);
    expect((await run(ledgerAggregateCommand, fx('valid.xlsx'), '--term', '2017', '-o', path.join(dir, 'y.xlsx'))).code).toBe(2);
  });
});

describe('npm run yca -- ledger validate (a real process)', () => {
  it('exits with the validation result', async () => {
    const exec = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'electron/cli/main.ts', ...args], { encoding: 'utf8' }, (error, stdout) => {
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout });
        });
      });
    const ok = await exec(['ledger', 'validate', fx('valid.xlsx')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('结果：有效');
    const bad = await exec(['ledger', 'validate', fx('future-version.xlsx')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('此台账为格式第 2 版');
  });
});
