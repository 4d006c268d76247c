/**
 * Hostile workbooks through the real roster import (名单导入): parseRosterWorkbook →
 * previewRosterImport → importRoster, on a fake-indexeddb laptop of 上海's level-1 administrator.
 * Each file: a clear Chinese message, no crash, no hang, the database unchanged; files that carry
 * readable data besides the attack (full-width digits, an .xls under an .xlsx name) are read right.
 * Corpus: test/fixtures/hostile/roster/ (corpus.ts says what each file attacks).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { importRoster, previewRosterImport, RosterImportError, type RosterPreview } from '../../renderer/db/repos/roster';
import { db } from '../../renderer/db/db';
import type { Session } from '../../renderer/db/repos/auth';
import { codesWorkbook } from '../../renderer/features/roster/codesSheet';
import { parseRosterWorkbook, ROSTER_FATAL, type RosterParseResult } from '../../shared/roster/parse';
import { FORMULA_TEXTS, rosterRow, ROSTER_HEADER, withBlankRows, book } from '../fixtures/hostile/corpus';
import { bounded, dbSnapshot, expectChinese, expectNoPollution, fixture, rejection, shanghaiLaptop, TERM } from './harness';

let admin: Session;

beforeEach(async () => {
  admin = await shanghaiLaptop('hostile-roster');
});

interface Attempt {
  parsed: RosterParseResult;
  preview: RosterPreview | null;
  /** what the administrator is told when the import is refused */
  refusal: Error;
}

/** What the import page does with a file: parse, preview (when readable), import. Must be refused. */
async function attempt(label: string, bytes: Uint8Array): Promise<Attempt> {
  const before = await dbSnapshot();
  const result = await bounded(label, async () => {
    const parsed = parseRosterWorkbook(bytes);
    const preview = parsed.fatal === undefined && parsed.rows.length > 0 ? await previewRosterImport(admin.actor, parsed, 'unit-R09') : null;
    const refusal = await rejection(importRoster(admin.actor, parsed, 'unit-R09', TERM));
    return { parsed, preview, refusal };
  });
  expect(result.refusal).toBeInstanceOf(RosterImportError);
  expectChinese(result.refusal.message);
  expectNoPollution();
  expect(await dbSnapshot()).toBe(before);
  return result;
}

const rowErrors = (a: Attempt, rowNumber: number): string[] => a.preview!.rows.find((r) => r.rowNumber === rowNumber)!.errors.map((e) => e.message);

describe('files that are not a readable roster: refused as a whole, with the reason', () => {
  it.each([
    ['zero-byte.xlsx', ROSTER_FATAL.empty],
    ['truncated.xlsx', ROSTER_FATAL.corrupt],
    ['encrypted.xlsx', ROSTER_FATAL.encrypted],
    ['encrypted-biff.xls', ROSTER_FATAL.encrypted],
    ['csv-renamed.xlsx', ROSTER_FATAL.notWorkbook],
  ])('%s', async (file, message) => {
    const a = await attempt(file, fixture(`roster/${file}`));
    expect(a.parsed.fatal).toBe(message);
    expect(a.refusal.message).toBe(message);
  });

  it('duplicate-headers.xlsx: the same heading twice is refused, naming both columns, instead of silently reading one', async () => {
    const a = await attempt('duplicate-headers', fixture('roster/duplicate-headers.xlsx'));
    expect(a.parsed.fatal).toContain('表头中有重复的列：“集体名称”同时出现在 B、E 列');
    // the column editor still shows every column, so the admin can pick one per field
    expect(a.parsed.unmappedHeaders.map((h) => h.column)).toEqual(['E', 'F']);
    // picking the columns explicitly reads the right-hand table instead: nothing is guessed
    const chosen = parseRosterWorkbook(fixture('roster/duplicate-headers.xlsx'), { mapping: { name: 'E', memberCount: 'F', phone: 'D' } });
    expect(chosen.fatal).toBeUndefined();
    expect(chosen.rows.map((r) => [r.values.name, r.parsed.memberCount])).toEqual([
      ['右侧表格的集体乙', 30],
      ['右侧表格的集体丁', 35],
    ]);
  });
});

describe('prototype pollution', () => {
  it('proto-sheet.xlsx: a workbook whose only sheet is named __proto__ pollutes nothing and says why it cannot be read', async () => {
    const a = await attempt('proto-sheet', fixture('roster/proto-sheet.xlsx'));
    expect(a.parsed.fatal).toBe(ROSTER_FATAL.noSheet);
    expect(a.parsed.notes).toEqual(['工作表“__proto__”的名称无法安全读取，已跳过；如需导入，请将其改名。']);
  });

  it('proto-cells.xlsx: __proto__ / constructor as headers, names, comments and values stay plain data, also once stored', async () => {
    const a = await attempt('proto-cells', fixture('roster/proto-cells.xlsx'));
    expect(a.refusal.message).toContain('名单中有 1 行存在错误');
    expect(rowErrors(a, 5)).toEqual(['成员人数应为正整数，当前为“{"__proto__":{"polluted":true}}”。']);
    expect(a.parsed.unmappedHeaders.map((h) => h.header)).toEqual(['__proto__', 'constructor', 'prototype']);
    // the valid rows, imported on purpose, are ordinary collectives with those names
    const result = await bounded('proto-cells import valid rows', () => importRoster(admin.actor, a.parsed, 'unit-R09', TERM, { acceptValidOnly: true }));
    expect(result.created.map((c) => c.name)).toEqual(['__proto__', 'constructor', 'prototype 集体']);
    const stored = await db().collectives.where('code').anyOf(result.created.map((c) => c.code)).toArray();
    expect(stored.map((c) => c.profile.name).sort()).toEqual(['__proto__', 'constructor', 'prototype 集体']);
    for (const c of stored) expect(Object.getPrototypeOf(c.profile)).toBe(Object.prototype);
    expectNoPollution();
  });
});

describe('sheets that claim the whole grid', () => {
  it('far-cell.xlsx: a cell at XFD1048576 costs nothing; the row at 1048576 is read and its error reported by row number', async () => {
    const a = await attempt('far-cell', fixture('roster/far-cell.xlsx'));
    expect(a.preview!.rows.map((r) => r.rowNumber)).toEqual([2, 3, 1048576]);
    expect(rowErrors(a, 1048576)).toEqual(['成员人数应为正整数，当前为“很多”。']);
  });

  describe('a million blank rows', () => {
    let bytes: Uint8Array;
    beforeAll(() => {
      // three real rows, 1,000,000 formatted blank rows, then one row with an error at the very end:
      // too big to commit (2.5 MB), built here
      const base = book([{ name: '集体名单', aoa: [ROSTER_HEADER, rosterRow(1, '空行之前的集体甲'), rosterRow(2, '空行之前的集体乙'), rosterRow(3, '空行之前的集体丙')] }]);
      const tail = '<row r="1000010"><c r="B1000010" t="inlineStr"><is><t>空行之后的集体</t></is></c><c r="I1000010" t="inlineStr"><is><t>电话未知</t></is></c></row>';
      bytes = withBlankRows(base, 0, 4, 1_000_000, tail);
    });

    it('are skipped without a hang; the one row after them is reported by its row number', async () => {
      const a = await attempt('a million blank rows', bytes);
      expect(a.preview!.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 1000010]);
      expect(rowErrors(a, 1000010)[0]).toContain('联系电话“电话未知”格式不正确');
    }, 60_000);
  });
});

describe('content that is readable besides the attack', () => {
  it('xls-renamed.xlsx: a legacy .xls under an .xlsx name is read by its content, not its name', async () => {
    const a = await attempt('xls-renamed', fixture('roster/xls-renamed.xlsx'));
    expect(a.preview!.rows.map((r) => [r.name, r.kind])).toEqual([
      ['旧格式文件中的集体甲', 'create'],
      ['旧格式文件中的集体乙', 'create'],
      ['旧格式文件中的集体丙', 'error'],
    ]);
    expect(rowErrors(a, 4)).toEqual(['成员人数应为正整数，当前为“三十”。']);
  });

  it('full-width.xlsx: full-width digits, letters and brackets are read as numbers, phones and e-mails; "３５人以上" is refused', async () => {
    const a = await attempt('full-width', fixture('roster/full-width.xlsx'));
    const rows = a.parsed.rows;
    expect(rows[0]!.parsed.memberCount).toBe(35);
    expect(rows[0]!.parsed.youthCount).toBe(28);
    expect(rows[0]!.values.phone).toBe('13800138000');
    expect(rows[0]!.values.email).toBe('jia@example.com');
    expect(rows[1]!.parsed.memberCount).toBe(1200);
    expect(rows[1]!.errors).toEqual([]);
    expect(rowErrors(a, 4)).toEqual(['成员人数应为正整数，当前为“35人以上”。']);
  });

  it('dates-as-text.xlsx: a date where a count belongs is refused with the value shown; a date in an honour keeps its year', async () => {
    const a = await attempt('dates-as-text', fixture('roster/dates-as-text.xlsx'));
    expect(a.parsed.rows[0]!.parsed.honours).toMatchObject([{ level: 'national', year: 2016 }]);
    expect(rowErrors(a, 3)).toEqual(['成员人数应为正整数，当前为“2017/5/4”。']);
    expect(rowErrors(a, 4)).toEqual(['成员人数应为正整数，当前为“2017-05-04”。', '35岁以下青年人数应为正整数，当前为“2017年5月4日”。']);
  });

  it('long-cells.xlsx: 10,000-character cells are refused with the length, not cut short', async () => {
    const a = await attempt('long-cells', fixture('roster/long-cells.xlsx'));
    expect(rowErrors(a, 2)).toEqual(['集体名称不能超过100个字（当前10000个字）。']);
    expect(rowErrors(a, 3)).toEqual(['所在地区不能超过200个字（当前10000个字）。']);
    expect(rowErrors(a, 4)).toEqual(['曾获荣誉内容过长（超过1000个字）。']);
    expect(rowErrors(a, 5)).toEqual(['负责人不能超过200个字（当前10000个字）。']);
  });

  it('formula-text.xlsx: formula-like names are plain text (never evaluated), and every workbook the product writes neutralises them', async () => {
    const a = await attempt('formula-text', fixture('roster/formula-text.xlsx'));
    expect(rowErrors(a, 9)).toEqual(['集体名称“=1+1”不含文字，请填写规范名称。']);
    // a real formula cell is read by its cached value; nothing is computed
    expect(a.parsed.rows.find((r) => r.rowNumber === 11)!.values.name).toBe('公式计算的集体');
    expect(a.parsed.rows.find((r) => r.rowNumber === 11)!.parsed.memberCount).toBe(3);
    // tab and carriage return are blanks at the start of a cell: trimmed
    expect(a.parsed.rows.find((r) => r.rowNumber === 7)!.values.name).toBe('=1+1集体甲');

    const result = await importRoster(admin.actor, a.parsed, 'unit-R09', TERM, { acceptValidOnly: true });
    const names = [FORMULA_TEXTS.dde, FORMULA_TEXTS.hyperlink, FORMULA_TEXTS.plus, FORMULA_TEXTS.minus, FORMULA_TEXTS.at, '=1+1集体甲', '=2+2集体乙'];
    const stored = (await db().collectives.toArray()).map((c) => c.profile.name);
    for (const n of names) expect(stored).toContain(n);
    // the 编码和一次性密码 sheet handed out afterwards: no formula, each such name behind an apostrophe
    const sheet = XLSX.read(codesWorkbook(result.created.map((c) => ({ ...c, importedAt: '2017-06-01 10:00' }))), { type: 'array', cellFormula: true }).Sheets['编码和一次性密码']!;
    const cells = Object.entries(sheet).filter(([k]) => !k.startsWith('!')).map(([, c]) => c as XLSX.CellObject);
    expect(cells.filter((c) => c.f !== undefined)).toEqual([]);
    const written = cells.filter((c) => c.t === 's').map((c) => String(c.v));
    for (const n of names) expect(written).toContain(`'${n}`);
  });
});
