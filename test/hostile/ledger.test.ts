/**
 * Hostile workbooks through the real standard-ledger import (工作台账校验与汇总): the jobs the
 * ledger page runs in its worker (renderer/features/ledger/jobs.ts → shared/ledger/import.ts).
 * Each attack is applied to a genuine ledger (test/fixtures/ledger/valid.xlsx); each file must be
 * refused with Chinese messages naming sheet, row and column — no crash, no hang, no pollution —
 * and an aggregation must leave it out and say why. The ledger import writes nothing to the
 * database (validation and aggregation are pure; the summary is a file the admin saves), so there
 * is no database to compare here.
 * Corpus: test/fixtures/hostile/ledger/.
 */
import { describe, expect, it } from 'vitest';
import { runLedgerJob, type FileCheck } from '../../renderer/features/ledger/jobs';
import { issueText, LEDGER_FATAL } from '../../shared/ledger/import';
import { bounded, expectChinese, expectNoPollution, fixture } from './harness';

async function validate(file: string): Promise<FileCheck> {
  const result = await bounded(`ledger ${file}`, () => runLedgerJob({ kind: 'validate', files: [{ name: file, data: fixture(`ledger/${file}`) }] }));
  if (result.kind !== 'validate') throw new Error('wrong job');
  const check = result.files[0]!;
  for (const i of [...check.errors, ...check.warnings]) expectChinese(issueText(i));
  expectNoPollution();
  return check;
}

const texts = (c: FileCheck): string[] => c.errors.map(issueText);

describe('files that are not a readable ledger', () => {
  it.each([
    ['zero-byte.xlsx', LEDGER_FATAL.empty],
    ['truncated.xlsx', LEDGER_FATAL.corrupt],
    ['encrypted.xlsx', LEDGER_FATAL.encrypted],
    ['encrypted-biff.xls', LEDGER_FATAL.encrypted],
  ])('%s', async (file, message) => {
    const c = await validate(file);
    expect(c.ok).toBe(false);
    expect(texts(c)).toEqual([`工作表“（文件）”：${message}`]);
  });
});

describe('attacks inside a genuine ledger', () => {
  it('proto-sheet.xlsx: a sheet renamed __proto__ is reported missing and the stray sheet named, nothing polluted', async () => {
    const c = await validate('proto-sheet.xlsx');
    expect(c.ok).toBe(false);
    expect(texts(c)).toEqual(['工作表“创建集体名单”：缺少工作表“创建集体名单”']);
    expect(c.warnings.map(issueText)).toContain('工作表“__proto__”：该工作表不属于台账格式第 1 版，已忽略');
  });

  it('proto-cells.xlsx: __proto__ / constructor in cells, comments and 元数据 are plain (and wrong) values', async () => {
    const c = await validate('proto-cells.xlsx');
    expect(c.ok).toBe(false);
    expect(texts(c)).toContain('工作表“创建集体名单”第 2 行 H 列（单位性质）：“constructor”不是有效的选项，应为：党政机关、事业单位、国有企业、非公经济组织、社会组织、其他');
    expect(c.warnings.map(issueText)).toContain('工作表“元数据”第 20 行 A 列（项目）：项目“__proto__”不属于台账格式第 1 版，已忽略');
  });

  it('far-cell.xlsx: a row at 1048576 is found at once and reported by its row number', async () => {
    const c = await validate('far-cell.xlsx');
    expect(c.ok).toBe(false);
    expect(texts(c)[0]).toBe('工作表“创建集体名单”第 1048576 行 A 列（序号）：不能为空');
    expect(c.warnings.map(issueText)).toContain('工作表“元数据”第 12 行 B 列（值）：元数据记录“创建集体名单”有 24 行，实际为 25 行：台账在导出后被增删过');
  });

  it('xls-renamed.xlsx: the same ledger saved as a legacy .xls under an .xlsx name is read by content and valid', async () => {
    const c = await validate('xls-renamed.xlsx');
    expect(c.errors).toEqual([]);
    expect(c.ok).toBe(true);
  });

  it('duplicate-headers.xlsx: a second 集体名称 column is refused', async () => {
    const c = await validate('duplicate-headers.xlsx');
    expect(texts(c)).toEqual(['工作表“创建集体名单”第 1 行 D 列（曾用名称）：表头应为“曾用名称”，当前为“集体名称”（列的顺序和名称不能改动）']);
  });

  it('dates-as-text.xlsx: dates typed as text are refused with the value and how to fix it', async () => {
    const c = await validate('dates-as-text.xlsx');
    expect(texts(c)).toEqual([
      '工作表“五个一工作台账”第 2 行 E 列（日期）：应为日期，当前为文本“2017年2月10日”（请输入如 2017-05-04 的日期，并将单元格格式设为“日期”）',
      '工作表“五个一工作台账”第 3 行 E 列（日期）：应为日期，当前为文本“2017-03-22”（请输入如 2017-05-04 的日期，并将单元格格式设为“日期”）',
    ]);
  });

  it('full-width.xlsx: full-width digits typed as text where a number belongs are refused', async () => {
    const c = await validate('full-width.xlsx');
    expect(texts(c)).toContain('工作表“创建集体名单”第 3 行 I 列（成员人数）：应为数值，当前为文本“６４”（请填写数字，并将单元格格式设为“数值”）');
  });

  it('long-cells.xlsx: a 10,000-character cell is refused with its length; the message quotes only the start', async () => {
    const c = await validate('long-cells.xlsx');
    expect(c.ok).toBe(false);
    const long = texts(c).find((t) => t.includes('内容过长'))!;
    expect(long).toContain('10000 个字符');
    expect(long.length).toBeLessThan(200);
  });

  it('formula-text.xlsx: a formula cell is refused; formula-like text without the apostrophe is never evaluated', async () => {
    const c = await validate('formula-text.xlsx');
    expect(texts(c)).toContain('工作表“创建集体名单”第 4 行 I 列（成员人数）：单元格含公式“=SUM(1,2)”：台账只接受直接填写的数值和文本，不接受公式');
  });
});

describe('aggregation (全国汇总) of the whole corpus with one genuine ledger', () => {
  it('includes the genuine ledger only and lists every hostile file as refused, with a reason', async () => {
    const names = ['zero-byte.xlsx', 'truncated.xlsx', 'encrypted.xlsx', 'proto-sheet.xlsx', 'far-cell.xlsx', 'duplicate-headers.xlsx', 'long-cells.xlsx', 'formula-text.xlsx'];
    const files = [{ name: 'valid.xlsx', data: fixture('../ledger/valid.xlsx') }, ...names.map((name) => ({ name, data: fixture(`ledger/${name}`) }))];
    const result = await bounded('ledger aggregate', () => runLedgerJob({ kind: 'aggregate', files, generatedAt: '2018-04-01T08:00:00.000Z', appVersion: '0.1.0' }));
    if (result.kind !== 'aggregate') throw new Error('wrong job');
    expect(result.bytes).not.toBeNull();
    const outcome = new Map(result.result.files.map((f) => [f.fileName, f]));
    expect(outcome.get('valid.xlsx')!.status).toBe('included');
    for (const n of names) {
      expect(outcome.get(n)!.status).toBe('refused');
      expectChinese(outcome.get(n)!.reason);
    }
    expectNoPollution();
  });
});
