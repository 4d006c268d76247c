import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { rosterCheckCommand } from '../../electron/cli/commands/rosterCheck';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'roster');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'yca-roster-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await rosterCheckCommand.run(args, { out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function writeBook(name: string, aoa: (string | number | null)[][]): string {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '名单');
  const file = path.join(dir, name);
  writeFileSync(file, new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
  return file;
}

describe('yca roster check', () => {
  it('is shaped for the registry', () => {
    expect(rosterCheckCommand.name).toBe('roster check');
    expect(rosterCheckCommand.summary).toMatch(/[\u4e00-\u9fff]/);
    expect(rosterCheckCommand.usage).toContain('用法');
  });

  it('exit 0 for a valid roster, printing the column mapping', async () => {
    const file = path.join(dir, 'valid.xlsx');
    copyFileSync(path.join(fixtures, 'valid.xlsx'), file);
    const r = await run([file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('工作表：“集体名单”，表头在第 3 行');
    expect(r.out).toContain('B 列「集体名称」→ 集体名称');
    expect(r.out).toContain('F 列「成员人数」→ 成员人数');
    expect(r.out).toContain('检查通过：共 8 行');
    expect(r.err).toBe('');
  });

  it('exit 1 for row errors, printing each with sheet, row, column and a Chinese message', async () => {
    const file = path.join(dir, 'errors.xlsx');
    copyFileSync(path.join(fixtures, 'errors.xlsx'), file);
    const r = await run([file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('错误：工作表“集体名单”第 5 行 B 列（集体名称）：集体名称不能为空（必填）。');
    expect(r.out).toContain('第 7 行 F 列（成员人数）：成员人数应为正整数，当前为“十二”。');
    expect(r.out).toContain('第 9 行 J 列（保密邮箱）');
    expect(r.out).toContain('第 10 行 I 列（联系电话）');
    expect(r.out).toContain('检查未通过：共 8 行，其中 8 行有错误，共 8 处错误。');
  });

  it('exit 1 for a file that is not a workbook or is empty (readable, but invalid)', async () => {
    const empty = path.join(dir, 'empty.xlsx');
    writeFileSync(empty, new Uint8Array(0));
    const r1 = await run([empty]);
    expect(r1.code).toBe(1);
    expect(r1.out).toContain('文件为空');

    const text = path.join(dir, 'list.xlsx');
    writeFileSync(text, '集体名称,成员人数\n甲,1\n');
    const r2 = await run([text]);
    expect(r2.code).toBe(1);
    expect(r2.out).toContain('不是 Excel 工作簿');
  });

  it('exit 1 for a header-only roster (nothing to import)', async () => {
    const r = await run([writeBook('header-only.xlsx', [['集体名称', '成员人数']])]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('没有数据行');
  });

  it('passes --sheet, --header-row and --map through to the parser', async () => {
    const file = writeBook('custom.xlsx', [['说明：本表为测试'], ['单位全名', '人员'], ['甲集体', 12]]);
    const r = await run([file, '--map', 'name=单位全名', '--map', 'memberCount=B', '--header-row', '2', '--sheet', '名单']);
    expect(r.out).toContain('A 列「单位全名」→ 集体名称（手动指定）');
    expect(r.out).toContain('B 列「人员」→ 成员人数（手动指定）');
    expect(r.code).toBe(0);
  });

  it('exit 2 for usage errors', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['a.xlsx', 'b.xlsx'])).code).toBe(2);
    const badMap = await run(['a.xlsx', '--map', 'nosuchfield=A']);
    expect(badMap.code).toBe(2);
    expect(badMap.err).toContain('字段“nosuchfield”不存在');
    expect((await run(['a.xlsx', '--header-row', '0'])).code).toBe(2);
    expect((await run(['a.xlsx', '--frobnicate'])).code).toBe(2);
  });

  it('exit 2 for a missing or unreadable file', async () => {
    const missing = await run([path.join(dir, 'no-such-file.xlsx')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('文件不存在');
    const folder = await run([dir]);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('无法读取文件');
  });

  it('--help prints the usage, exit 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('用法：yca roster check');
  });
});
