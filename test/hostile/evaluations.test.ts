/**
 * Hostile workbooks through the real evaluation import (社会评价导入): parseEvaluationWorkbook →
 * planImport → commitImport, on 上海's level-1 laptop holding the two collectives the corpus names.
 * Each file: a clear Chinese message, no crash, no hang, the database unchanged.
 * Corpus: test/fixtures/hostile/evaluations/.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { db } from '../../renderer/db/db';
import type { Session } from '../../renderer/db/repos/auth';
import { commitImport, EvaluationError, planImport } from '../../renderer/db/repos/evaluations';
import { gatherLedgerSource } from '../../renderer/db/repos/ledger';
import { buildLedger } from '../../shared/ledger/build';
import { exportLedger } from '../../shared/ledger/export';
import { EVALUATION_FATAL, parseEvaluationWorkbook, type EvaluationParseResult } from '../../shared/evaluations/parse';
import type { EvaluationImportPlan } from '../../shared/evaluations/plan';
import { book, EVALUATED, EVALUATION_HEADER, FORMULA_TEXTS, LONG_TEXT, withBlankRows } from '../fixtures/hostile/corpus';
import { bounded, dbSnapshot, expectChinese, expectNoPollution, fixture, rejection, shanghaiLaptop, TERM } from './harness';

let admin: Session;
const TODAY = '2018-06-01';

beforeEach(async () => {
  admin = await shanghaiLaptop('hostile-evaluations', EVALUATED);
});

interface Attempt {
  parsed: EvaluationParseResult;
  plan: EvaluationImportPlan;
  refusal: Error;
}

/** What the import dialog does: parse, plan against the admin's collectives, commit. Must be refused. */
async function attempt(label: string, bytes: Uint8Array): Promise<Attempt> {
  const before = await dbSnapshot();
  const result = await bounded(label, async () => {
    const parsed = parseEvaluationWorkbook(bytes, { today: TODAY });
    const plan = await planImport(admin.actor, parsed);
    const refusal = await rejection(commitImport(admin.actor, plan, TERM, label));
    return { parsed, plan, refusal };
  });
  expect(result.refusal).toBeInstanceOf(EvaluationError);
  expect(result.plan.valid).toBe(false);
  expectChinese(result.refusal.message);
  expectChinese(result.parsed.fatal ?? result.plan.problems[0]?.issues[0]?.message);
  expectNoPollution();
  expect(await dbSnapshot()).toBe(before);
  return result;
}

const problems = (a: Attempt, rowNumber: number): string[] => (a.plan.problems.find((p) => p.rowNumber === rowNumber)?.issues ?? []).map((i) => i.message);

describe('files that are not a readable evaluation list: refused as a whole', () => {
  it.each([
    ['zero-byte.xlsx', EVALUATION_FATAL.empty],
    ['truncated.xlsx', EVALUATION_FATAL.corrupt],
    ['encrypted.xlsx', EVALUATION_FATAL.encrypted],
    ['encrypted-biff.xls', EVALUATION_FATAL.encrypted],
    ['csv-renamed.xlsx', EVALUATION_FATAL.notWorkbook],
    ['proto-sheet.xlsx', EVALUATION_FATAL.noSheet],
  ])('%s', async (file, message) => {
    const a = await attempt(file, fixture(`evaluations/${file}`));
    expect(a.parsed.fatal).toBe(message);
  });

  it('duplicate-headers.xlsx: two 评分 columns with different values are refused, naming both', async () => {
    const a = await attempt('duplicate-headers', fixture('evaluations/duplicate-headers.xlsx'));
    expect(a.parsed.fatal).toContain('中有重复的列：“评分”同时出现在 C、E 列');
  });
});

describe('row by row', () => {
  it('proto-cells.xlsx: __proto__ as header, content, source and collective name is plain data', async () => {
    const a = await attempt('proto-cells', fixture('evaluations/proto-cells.xlsx'));
    expect(a.parsed.unmappedHeaders.map((h) => h.header)).toEqual(['__proto__', 'constructor']);
    expect(a.parsed.rows[0]!.values.content).toBe('__proto__');
    expect(problems(a, 4)[0]).toContain('评价来源“__proto__”无法识别');
    expect(problems(a, 5)[0]).toContain('constructor');
  });

  it('far-cell.xlsx: the row at 1048576 is read and its error reported by row number; XFD costs nothing', async () => {
    const a = await attempt('far-cell', fixture('evaluations/far-cell.xlsx'));
    expect(a.parsed.rows.map((r) => r.rowNumber)).toEqual([2, 3, 1048576]);
    expect(problems(a, 1048576)).toEqual(['评分“很好”无效，应为 1—5 的整数（5 为最好）。']);
  });

  describe('a million blank rows', () => {
    let bytes: Uint8Array;
    beforeAll(() => {
      const rows = [EVALUATION_HEADER, [EVALUATED[0], '', '社会公众', 5, '空行之前', '2017-05-04', '否']];
      const tail = `<row r="1000010"><c r="A1000010" t="inlineStr"><is><t>${EVALUATED[1]}</t></is></c><c r="C1000010" t="inlineStr"><is><t>路人</t></is></c><c r="D1000010"><v>5</v></c><c r="F1000010" t="inlineStr"><is><t>2017-05-04</t></is></c></row>`;
      bytes = withBlankRows(book([{ name: '社会评价', aoa: rows }]), 0, 2, 1_000_000, tail);
    });

    it('are skipped without a hang; the row after them is reported by its row number', async () => {
      const a = await attempt('a million blank rows', bytes);
      expect(a.parsed.rows.map((r) => r.rowNumber)).toEqual([2, 1000010]);
      expect(problems(a, 1000010)[0]).toContain('评价来源“路人”无法识别');
    }, 60_000);
  });

  it('xls-renamed.xlsx: read by content', async () => {
    const a = await attempt('xls-renamed', fixture('evaluations/xls-renamed.xlsx'));
    expect(a.parsed.rows.map((r) => r.parsed.rating)).toEqual([5, 5, null]);
    expect(problems(a, 4)).toEqual(['评分“六”无效，应为 1—5 的整数（5 为最好）。']);
  });

  it('dates-as-text.xlsx: dates written as text are read; impossible ones and a date as a rating are refused', async () => {
    const a = await attempt('dates-as-text', fixture('evaluations/dates-as-text.xlsx'));
    expect(a.parsed.rows.slice(0, 4).map((r) => r.parsed.date)).toEqual(['2017-05-04', '2017-05-04', '2017-05-04', '2017-05-04']);
    expect(problems(a, 6)).toEqual(['评价日期“五月四日”无法识别，请写成 2017-05-04 的形式。']);
    expect(problems(a, 7)).toEqual(['评价日期“2017-02-30”无法识别，请写成 2017-05-04 的形式。']);
    expect(problems(a, 8)).toEqual(['评分“2017-05-04”无效，应为 1—5 的整数（5 为最好）。']);
  });

  it('full-width.xlsx: full-width ratings and dates are read; a rating of 10 is refused', async () => {
    const a = await attempt('full-width', fixture('evaluations/full-width.xlsx'));
    expect(a.parsed.rows.map((r) => [r.parsed.rating, r.parsed.date])).toEqual([
      [4, '2017-05-04'],
      [5, '2017-05-04'],
      [null, '2017-05-04'],
    ]);
    expect(problems(a, 4)).toEqual(['评分“10”无效，应为 1—5 的整数（5 为最好）。']);
  });

  it('long-cells.xlsx: 10,000-character content, names and sources are refused with the length; messages quote only the start', async () => {
    const a = await attempt('long-cells', fixture('evaluations/long-cells.xlsx'));
    expect(problems(a, 2)).toEqual(['评价内容不能超过 2000 个字（当前 10000 个字）。']);
    expect(problems(a, 3)).toEqual([`在您的管理范围内找不到集体“${LONG_TEXT.slice(0, 40)}…（共 10000 个字）”，请核对名称或填写用户名（编码）。`]);
    expect(problems(a, 4)[0]).toBe(`评价来源“${LONG_TEXT.slice(0, 40)}…（共 10000 个字）”无法识别，应为社会公众、监督队伍、专业机构、互评互查（同行集体）之一。`);
    for (const p of a.plan.problems) for (const i of p.issues) expect(i.message.length).toBeLessThan(200);
  });

  it('formula-text.xlsx: formula-like content is stored as typed and written back behind an apostrophe; "=5" is no rating', async () => {
    const a = await attempt('formula-text', fixture('evaluations/formula-text.xlsx'));
    expect(problems(a, 9)).toEqual(['评分“=5”无效，应为 1—5 的整数（5 为最好）。']);
    // row 10 holds real formulas: their cached values are read, nothing is computed
    const r10 = a.parsed.rows.find((r) => r.rowNumber === 10)!;
    expect([r10.parsed.rating, r10.values.content]).toEqual([4, '点击']);

    // without the bad row the rest imports; the text is kept exactly, and the ledger neutralises it
    const ok = { ...a.parsed, rows: a.parsed.rows.filter((r) => r.errors.length === 0) };
    const plan = await planImport(admin.actor, ok);
    expect(plan.valid).toBe(true);
    await commitImport(admin.actor, plan, TERM, 'formula-text.xlsx');
    const contents = (await db().evaluations.toArray()).map((e) => e.content);
    for (const t of [FORMULA_TEXTS.dde, FORMULA_TEXTS.hyperlink, FORMULA_TEXTS.plus, FORMULA_TEXTS.minus, FORMULA_TEXTS.at]) expect(contents).toContain(t);
    const src = await gatherLedgerSource(admin.actor, { unitId: 'unit-R09', term: TERM, includeReport: false, appVersion: '0.1.0' });
    const ledger = await exportLedger(buildLedger(src));
    const ws = XLSX.read(ledger.bytes, { type: 'array', cellFormula: true }).Sheets['社会评价与投诉']!;
    const cells = Object.entries(ws).filter(([k]) => !k.startsWith('!')).map(([, c]) => c as XLSX.CellObject);
    expect(cells.filter((c) => c.f !== undefined)).toEqual([]);
    const written = cells.filter((c) => c.t === 's').map((c) => String(c.v));
    expect(written).toContain(`'${FORMULA_TEXTS.dde}`);
    expect(written).toContain(`'${FORMULA_TEXTS.at}`);
    expect(written.filter((w) => /^[=+\-@\t\r]/.test(w))).toEqual([]);
  });
});
