/**
 * The workbook writer (shared/ledger/xlsxWrite.ts): what SheetJS reads back from it equals what it
 * reads back from SheetJS's own writer (the path exports used before), the package is well-formed
 * and complete, and the bytes are deterministic.
 */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import * as XLSX from 'xlsx';
import { buildLedger } from '../../../shared/ledger/build';
import type * as Cells from '../../../shared/ledger/cells';
import { safeText, sheetFromRows, workbookBytes } from '../../../shared/ledger/cells';
import { exportLedger } from '../../../shared/ledger/export';
import { FORMAT_V1, META_SHEET, README_SHEET } from '../../../shared/ledger/format';
import { DEFAULT_LIMITS } from '../../../shared/exchange/safety';
import { checkCanonicalLayout, crc32, readCentralDirectory } from '../../../shared/exchange/zip';
import { escapeText, writeXlsx, XlsxWriteError, type XlsxSheetInput } from '../../../shared/ledger/xlsxWrite';
import { generateProvince, INJECTION_NAMES } from './generate';

type WorkbookCall = { sheets: XlsxSheetInput[]; options: Parameters<typeof Cells.workbookBytes>[1] };

// every workbook exportLedger writes is recorded, so the same sheets can be given to SheetJS
const calls = vi.hoisted(() => [] as WorkbookCall[]);
vi.mock('../../../shared/ledger/cells', async (importOriginal) => {
  const real = await importOriginal<typeof Cells>();
  return {
    ...real,
    workbookBytes: (sheets: XlsxSheetInput[], options: WorkbookCall['options']) => {
      calls.push({ sheets, options });
      return real.workbookBytes(sheets, options);
    },
  };
});

/** Strings a spreadsheet writer gets wrong: markup, spaces, control characters, escapes, length. */
const HOSTILE: string[] = [
  safeText('=HYPERLINK("http://x","y")'),
  '  leading and trailing  ',
  ' ',
  'line\nbreak\n',
  'crlf\r\nline',
  'cr\ronly',
  '\ttab first',
  'tab\tinside',
  `&<>"' &amp; &#65; <b>x</b> ]]>`,
  '青年文明号：急诊科（上海）',
  '表情😀和🀄，补充平面字符𠀀',
  Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join(''),
  'nul\u0000inside',
  '\ufffe\uffff',
  'lone \ud800 high',
  'lone \udc00 low',
  '_x0041_',
  '_X004a_ and _x005F_x0041_ and _x00_ and _x12345_',
  '\u0001_x0041_\u0002',
  'x'.repeat(32_000),
  '全'.repeat(10_000),
];

/** What SheetJS reads back when the writer keeps a text exactly (its reader turns CR LF into LF; a lone surrogate was never UTF-8). */
function expectedBack(s: string): string {
  return s.replace(/\r\n/g, '\n').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function sheetjsBytes(sheets: readonly XlsxSheetInput[], sharedStrings: boolean): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, s.sheet, s.name);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true, bookSST: sharedStrings }) as ArrayBuffer);
}

interface ReadCell {
  t: string;
  v: unknown;
  z?: unknown;
  w?: string;
}
interface ReadSheet {
  ref: string | undefined;
  widths: (number | undefined)[];
  cells: Record<string, ReadCell>;
}

/** A workbook as SheetJS reads it: per sheet, the range, the column widths and every cell's type, value, format and text. */
function readBack(bytes: Uint8Array): { names: string[]; sheets: Record<string, ReadSheet> } {
  const wb = XLSX.read(bytes, { type: 'array', cellNF: true, cellFormula: true, cellStyles: true });
  const sheets: Record<string, ReadSheet> = {};
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name]!;
    const cells: Record<string, ReadCell> = {};
    for (const key of Object.keys(ws)) {
      if (key.startsWith('!')) continue;
      const c = ws[key] as XLSX.CellObject;
      expect(c.f, `${name}!${key} has a formula`).toBeUndefined();
      cells[key] = { t: c.t, v: c.v, z: c.z, w: c.w };
    }
    sheets[name] = { ref: ws['!ref'], widths: (ws['!cols'] ?? []).map((c) => c?.width), cells };
  }
  return { names: wb.SheetNames, sheets };
}

/** Capture the sheets exportLedger writes (and the bytes it wrote from them). */
async function exportedSheets(...args: Parameters<typeof exportLedger>): Promise<{ bytes: Uint8Array; call: WorkbookCall }> {
  calls.length = 0;
  const out = await exportLedger(...args);
  expect(calls).toHaveLength(1);
  return { bytes: out.bytes, call: calls[0]! };
}

const ledgerData = () =>
  buildLedger(
    generateProvince({
      seed: 5,
      collectives: 400,
      subunits: 6,
      extraNames: [...INJECTION_NAMES, ...HOSTILE.filter((s) => s.length < 200 && !/[\r\t\n]/.test(s) && s.trim() === s && s !== '')],
    }),
  );

// ---------------------------------------------------------------------------------------------
// A strict-enough XML 1.0 well-formedness check for what this writer produces (no comments,
// CDATA, DOCTYPE or processing instructions besides the declaration).

const NAME = /^[A-Za-z_][\w.:-]*$/;
const ATTR = /\s+([A-Za-z_][\w.:-]*)="([^"<]*)"/gy;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/y;
// characters XML 1.0 forbids, plus a literal CR (a parser would turn it into LF: the writer must escape it)
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkChars(s: string, where: string): void {
  const bad = NOT_XML.exec(s);
  if (bad) throw new Error(`${where}: character U+${bad[0].charCodeAt(0).toString(16)} not allowed`);
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(s)) throw new Error(`${where}: bare & at ${s.slice(i, i + 12)}`);
  }
  if (s.includes('>') && s.includes(']]>')) throw new Error(`${where}: ]]> in text`);
}

function checkWellFormed(bytes: Uint8Array, part: string): string {
  const xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // throws on invalid UTF-8
  const decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  if (!xml.startsWith(decl)) throw new Error(`${part}: no XML declaration`);
  const stack: string[] = [];
  let roots = 0;
  let i = decl.length;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`${part}: text outside the root element`);
    checkChars(text, part);
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) throw new Error(`${part}: unterminated tag`);
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1);
      const open = stack.pop();
      if (open !== name) throw new Error(`${part}: </${name}> closes <${open}>`);
    } else {
      if (/^[!?]/.test(tag)) throw new Error(`${part}: unexpected <${tag.slice(0, 10)}`);
      const self = tag.endsWith('/');
      const body = self ? tag.slice(0, -1) : tag;
      const name = /^[^\s/]+/.exec(body)?.[0] ?? '';
      if (!NAME.test(name)) throw new Error(`${part}: bad element name <${name}>`);
      const seen = new Set<string>();
      ATTR.lastIndex = name.length;
      let end = name.length;
      for (let m = ATTR.exec(body); m; m = ATTR.exec(body)) {
        if (seen.has(m[1]!)) throw new Error(`${part}: <${name}> repeats ${m[1]}`);
        seen.add(m[1]!);
        checkChars(m[2]!, `${part} <${name} ${m[1]}>`);
        end = ATTR.lastIndex;
      }
      if (body.slice(end).trim() !== '') throw new Error(`${part}: cannot parse <${body.slice(0, 60)}>`);
      if (stack.length === 0) roots++;
      if (!self) stack.push(name);
    }
    i = gt + 1;
  }
  if (stack.length) throw new Error(`${part}: unclosed ${stack.join(' > ')}`);
  if (roots !== 1) throw new Error(`${part}: ${roots} root elements`);
  return xml;
}

/** Rows in order with numeric r, cells in each row in column order with references in that row, every cell inside the dimension. */
function checkSheetData(xml: string, part: string): void {
  const dim = /<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"\/>/.exec(xml);
  if (!dim) throw new Error(`${part}: no dimension`);
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [c0, r0, c1, r1] = [col(dim[1]!), Number(dim[2]), col(dim[3] ?? dim[1]!), Number(dim[4] ?? dim[2])];
  let lastRow = 0;
  for (const row of xml.matchAll(/<row r="([^"]*)">(.*?)<\/row>/g)) {
    const r = Number(row[1]);
    if (!Number.isInteger(r) || r <= lastRow || r < r0 || r > r1) throw new Error(`${part}: row r="${row[1]}" after ${lastRow}`);
    lastRow = r;
    let lastCol = 0;
    const cells = [...row[2]!.matchAll(/<c r="([A-Z]+)(\d+)"[^>]*>/g)];
    if (cells.length === 0) throw new Error(`${part}: empty row ${r}`);
    for (const c of cells) {
      const cc = col(c[1]!);
      if (Number(c[2]) !== r || cc <= lastCol || cc < c0 || cc > c1) throw new Error(`${part}: cell ${c[1]}${c[2]} in row ${r}`);
      lastCol = cc;
    }
  }
}

/**
 * The zip's central directory as the exchange packages' reader sees it; the canonical-layout check
 * also holds every local header equal to its central-directory record.
 */
function zipDirectory(zip: Uint8Array): { name: string; method: number; flags: number; crc: number; size: number; compressed: number; time: number; date: number }[] {
  const dir = readCentralDirectory(zip, DEFAULT_LIMITS);
  if (!dir.ok) throw new Error(dir.message);
  expect(checkCanonicalLayout(zip, dir)).toBeNull();
  return dir.entries.map((e) => ({ name: e.name, method: e.method, flags: e.flags, crc: e.crc, size: e.size, compressed: e.packedSize, time: e.time, date: e.date }));
}

/** CRC-32 a bit at a time: the reference for the writer's table-driven one. */
function crcReference(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------

describe('what SheetJS reads back equals what it reads from its own writer', () => {
  it('a generated ledger (with formula-like and hostile names), sheet by sheet and cell by cell', async () => {
    const { bytes, call } = await exportedSheets(ledgerData());
    expect(call.options).toEqual({ sharedStrings: true, level: 1 });
    const ours = readBack(bytes);
    const theirs = readBack(sheetjsBytes(call.sheets, true));
    expect(ours.names).toEqual([README_SHEET, ...FORMAT_V1.map((s) => s.name), META_SHEET]);
    expect(ours.names).toEqual(theirs.names);
    for (const name of ours.names) {
      const a = ours.sheets[name]!;
      const b = theirs.sheets[name]!;
      expect(a.ref, name).toBe(b.ref);
      expect(a.widths, name).toEqual(b.widths);
      expect(Object.keys(a.cells).length, name).toBe(Object.keys(b.cells).length);
      for (const [ref, cell] of Object.entries(b.cells)) {
        const mine = a.cells[ref];
        // SheetJS's writer turns a literal "_x0041_" into "A": the one place where the new writer is right and the old was not
        if (mine?.t === 's' && /_x[\da-f]{4}_/i.test(mine.v as string)) continue;
        expect(mine, `${name}!${ref}`).toEqual(cell);
      }
    }
    // the things that matter in the ledger, explicitly: dates and shares are numbers with their formats
    const collectives = ours.sheets['创建集体名单']!.cells;
    const dates = Object.values(collectives).filter((c) => c.z === 'yyyy-mm-dd');
    const shares = Object.values(collectives).filter((c) => c.z === '0.00%');
    expect(dates.length).toBeGreaterThan(100);
    expect(shares.length).toBeGreaterThan(100);
    for (const c of [...dates, ...shares]) expect(c.t).toBe('n');
    expect(dates.every((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.w!))).toBe(true);
    expect(shares.every((c) => /^\d+\.\d{2}%$/.test(c.w!))).toBe(true);
    // the formula-like and hostile names came back as text
    const names = new Set(Object.values(collectives).map((c) => c.v));
    for (const n of INJECTION_NAMES) expect(names.has(safeText(n))).toBe(true);
    expect(names.has('_x0041_')).toBe(true);
    expect(names.has('表情😀和🀄，补充平面字符𠀀')).toBe(true);
  });

  it('hostile text, numbers, booleans and dates, dense and sparse, shared and inline strings', () => {
    const numbers = [0, -0, 1, -1, 0.1, -2.5, 1 / 3, 123456789012, 2 ** 31, -(2 ** 31), 1e21, 1.5e-7, Number.MAX_SAFE_INTEGER, 5e-324, -1e308];
    // local times, as the product passes them (sheetFromRows → aoa_to_sheet keeps the wall-clock time)
    const dates = [new Date(2017, 4, 4), new Date(1900, 0, 1), new Date(1900, 1, 28), new Date(1900, 2, 1), new Date(2038, 0, 19, 3, 14, 7), new Date(2020, 5, 30, 12, 0, 0)];
    const rows: (string | number | boolean | Date | null)[][] = [];
    const longest = Math.max(HOSTILE.length, numbers.length, dates.length);
    for (let i = 0; i < longest; i++) rows.push([HOSTILE[i] ?? null, numbers[i] ?? null, i % 3 === 0 ? null : i % 2 === 0, dates[i] ?? null, i === 1 ? '' : `行${i}`]);
    const sparse = sheetFromRows(['文本', '数', '真假', '日期', '其他'], rows);
    sparse['B4']!.z = '0.00%';
    sparse['B5']!.z = '#,##0.00';
    sparse['B6']!.z = '0.000';
    const dense: XLSX.WorkSheet = {
      '!data': [
        [{ t: 's', v: '表头' }, { t: 's', v: '日期' }, undefined, { t: 's', v: '比例' }],
        [{ t: 's', v: HOSTILE[0]! }, { t: 'n', v: 42_900, z: 'yyyy-mm-dd' }, { t: 'z' } as XLSX.CellObject, { t: 'n', v: 0.1234, z: '0.00%' }],
        [],
        [undefined, { t: 'n', v: 43_000.5, z: 'yyyy-mm-dd hh:mm' }, { t: 'b', v: true }, { t: 'n', v: 1, z: '0.00%' }],
      ] as XLSX.CellObject[][],
      '!ref': 'A1:D4',
      '!cols': [{ wch: 6 }, { wch: 12.5 }, { wch: 60 }, { wch: 9 }],
    };
    const sheets: XlsxSheetInput[] = [
      { name: '文本与数值', sheet: sparse },
      { name: 'dense & <"sheet">', sheet: dense, frozenRows: 2 },
      { name: '空表', sheet: { '!ref': 'A1' } },
    ];
    for (const sharedStrings of [true, false]) {
      const ours = readBack(workbookBytes(sheets, { sharedStrings }));
      const theirs = readBack(sheetjsBytes(sheets, sharedStrings));
      expect(ours.names).toEqual(['文本与数值', 'dense & <"sheet">', '空表']);
      expect(ours.names).toEqual(theirs.names);
      for (const name of ours.names) {
        const a = ours.sheets[name]!;
        const b = theirs.sheets[name]!;
        expect(a.ref, name).toBe(b.ref);
        expect(a.widths, name).toEqual(b.widths);
        expect(Object.keys(a.cells).sort(), name).toEqual(Object.keys(b.cells).sort());
        // everything but text equal to SheetJS's reading of its own file; text is checked below
        for (const [ref, cell] of Object.entries(a.cells)) {
          if (cell.t === 's') expect(b.cells[ref]?.t, `${name}!${ref}`).toBe('s');
          else expect(cell, `${name}!${ref}`).toEqual(b.cells[ref]);
        }
      }
      // text: exactly what was written (sheetFromRows neutralises formulas; SheetJS's own writer loses "_x0041_", and U+FFFE in inline strings)
      const text = ours.sheets['文本与数值']!.cells;
      HOSTILE.forEach((s, i) => expect(text[`A${i + 2}`]?.v, JSON.stringify(s.slice(0, 40))).toBe(expectedBack(safeText(s))));
      expect(text['E3']).toMatchObject({ t: 's', v: '' });
      // and the same text as SheetJS reads from its own file, except where its writer loses text:
      // "_x0041_" always; entity-like text and U+FFFE/U+FFFF in its inline (non-shared) strings
      const lost = (v: string): boolean => /_x[\da-f]{4}_/i.test(v) || (!sharedStrings && /&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);|[\ufffe\uffff]/i.test(v));
      for (const [ref, cell] of Object.entries(theirs.sheets['文本与数值']!.cells)) {
        if (cell.t === 's' && !lost(text[ref]!.v as string)) expect(text[ref]!.v, ref).toBe(cell.v);
      }
      // numbers, booleans, dates
      numbers.forEach((n, i) => expect(text[`B${i + 2}`]?.v, String(n)).toBe(n === 0 ? 0 : n));
      expect(text['B4']).toMatchObject({ t: 'n', v: 1, z: '0.00%', w: '100.00%' });
      expect(text['B5']).toMatchObject({ t: 'n', v: -1, z: '#,##0.00', w: '-1.00' });
      expect(text['D2']).toMatchObject({ t: 'n', v: 42859, z: 'm/d/yy', w: '5/4/17' });
      expect(text['D6']).toMatchObject({ t: 'n', w: '1/19/38' });
      expect(text['D7']).toMatchObject({ t: 'n', v: 44012.5, w: '6/30/20' });
      expect(text['C3']).toMatchObject({ t: 'b', v: false });
      const d = ours.sheets['dense & <"sheet">']!.cells;
      expect(d['B2']).toMatchObject({ t: 'n', v: 42_900, z: 'yyyy-mm-dd', w: '2017-06-14' });
      expect(d['B4']).toMatchObject({ t: 'n', v: 43_000.5, z: 'yyyy-mm-dd hh:mm', w: '2017-09-22 12:00' });
      expect(d['D2']).toMatchObject({ t: 'n', v: 0.1234, z: '0.00%', w: '12.34%' });
      expect(d['C4']).toMatchObject({ t: 'b', v: true });
      expect(d['C2']).toBeUndefined();
      // widths: characters → Excel's width as SheetJS converts them (round((wch × 6 + 5) / 6 × 256) / 256)
      expect(ours.sheets['dense & <"sheet">']!.widths).toEqual([6.83203125, 13.33203125, 60.83203125, 9.83203125]);
    }
    // the built-in formats stay built-in (14 is Excel's short date in the reader's locale, 10 is 0.00%); others are custom from 164
    const styles = strFromU8(unzipSync(workbookBytes(sheets))['xl/styles.xml']!);
    expect(styles).toMatch(/<xf numFmtId="14" [^>]*applyNumberFormat="1"\/>/);
    expect(styles).toMatch(/<xf numFmtId="10" [^>]*applyNumberFormat="1"\/>/);
    expect(styles).toMatch(/<xf numFmtId="4" [^>]*applyNumberFormat="1"\/>/); // #,##0.00
    expect([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)].map((m) => [Number(m[1]), m[2]])).toEqual([
      [164, '0.000'],
      [165, 'yyyy-mm-dd'],
      [166, 'yyyy-mm-dd hh:mm'],
    ]);
  });

  it('Date cells from sheetFromRows become serials formatted as SheetJS formats them (m/d/yy)', () => {
    const at = new Date(2026, 0, 2, 3, 4, 5);
    const sheet = sheetFromRows(['时间'], [[at]]);
    const ours = readBack(workbookBytes([{ name: 'a', sheet }])).sheets['a']!.cells['A2']!;
    const theirs = readBack(sheetjsBytes([{ name: 'a', sheet }], false)).sheets['a']!.cells['A2']!;
    expect(ours).toEqual(theirs);
    expect(ours).toMatchObject({ t: 'n', z: 'm/d/yy', w: '1/2/26' });
    expect(XLSX.SSF.parse_date_code(ours.v as number)).toMatchObject({ y: 2026, m: 1, d: 2, H: 3, M: 4, S: 5 });
  });

  it('escapes text the way ECMA-376 ST_Xstring asks', () => {
    expect(escapeText('plain 中文')).toBe('plain 中文');
    expect(escapeText('a&b<c>d"e\'f')).toBe('a&amp;b&lt;c&gt;d"e\'f');
    expect(escapeText('\u0001\r\t\n\u001f')).toBe('_x0001__x000D_\t\n_x001F_');
    expect(escapeText('_x0041_ _x41_ _xABCD_')).toBe('_x005F_x0041_ _x41_ _x005F_xABCD_');
    expect(escapeText('😀 \ud800 \udc00')).toBe('😀 \ufffd \ufffd');
    expect(escapeText('\ufffe')).toBe('_xFFFE_');
  });
});

describe('the package', () => {
  it('is a complete, well-formed SpreadsheetML package: every part declared, every relationship resolved, no formulas', async () => {
    const { bytes } = await exportedSheets(ledgerData());
    const files = unzipSync(bytes);
    const names = Object.keys(files);
    expect(names[0]).toBe('[Content_Types].xml');
    const xml: Record<string, string> = {};
    for (const name of names) xml[name] = checkWellFormed(files[name]!, name);

    // content types: every part has one, every override names a part
    const types = xml['[Content_Types].xml']!;
    const defaults = new Map([...types.matchAll(/<Default Extension="([^"]+)" ContentType="([^"]+)"\/>/g)].map((m) => [m[1]!, m[2]!]));
    const overrides = new Map([...types.matchAll(/<Override PartName="\/([^"]+)" ContentType="([^"]+)"\/>/g)].map((m) => [m[1]!, m[2]!]));
    for (const name of names) {
      if (name === '[Content_Types].xml') continue;
      expect(overrides.get(name) ?? defaults.get(name.split('.').pop()!), name).toBeDefined();
    }
    for (const part of overrides.keys()) expect(names, part).toContain(part);
    const sheetParts = names.filter((n) => n.startsWith('xl/worksheets/'));
    expect(sheetParts).toHaveLength(9);
    for (const p of sheetParts) expect(overrides.get(p)).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml');
    expect(overrides.get('xl/workbook.xml')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml');
    expect(overrides.get('xl/sharedStrings.xml')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml');

    // relationships resolve
    const targets = (rels: string, base: string) => [...rels.matchAll(/Target="([^"]+)"/g)].map((m) => base + m[1]!);
    for (const t of targets(xml['_rels/.rels']!, '')) expect(names, t).toContain(t);
    const wbTargets = targets(xml['xl/_rels/workbook.xml.rels']!, 'xl/');
    for (const t of wbTargets) expect(names, t).toContain(t);
    expect(wbTargets).toEqual(expect.arrayContaining([...sheetParts, 'xl/styles.xml', 'xl/sharedStrings.xml', 'xl/theme/theme1.xml']));
    const sheetTags = [...xml['xl/workbook.xml']!.matchAll(/<sheet name="([^"]+)" sheetId="(\d+)" r:id="(rId\d+)"\/>/g)];
    expect(sheetTags.map((m) => m[1])).toEqual([README_SHEET, ...FORMAT_V1.map((s) => s.name), META_SHEET]);

    // every sheet: header row frozen, dimension, widths; no formula anywhere in the package
    for (const p of sheetParts) {
      const s = xml[p]!;
      expect(s, p).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
      expect(s, p).toMatch(/<dimension ref="A1:[A-Z]+\d+"\/>/);
      expect(s, p).toMatch(/<cols><col min="1" max="1" width="[\d.]+" customWidth="1"\/>/);
      checkSheetData(s, p);
    }
    for (const name of names) expect(xml[name], name).not.toMatch(/<f[\s>/]/);
    expect(xml['xl/worksheets/sheet1.xml']).toContain('<sheetView tabSelected="1" workbookViewId="0">');

    // styles: the formats the cells use exist; custom formats numbered from 164
    const styles = xml['xl/styles.xml']!;
    const numFmts = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]+)"\/>/g)].map((m) => [Number(m[1]), m[2]!]));
    expect([...numFmts.values()]).toContain('yyyy-mm-dd');
    for (const id of numFmts.keys()) expect(id).toBeGreaterThanOrEqual(164);
    const xfs = [...styles.match(/<cellXfs count="(\d+)">(.*)<\/cellXfs>/)![2]!.matchAll(/<xf numFmtId="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Number(styles.match(/<cellXfs count="(\d+)">/)![1])).toBe(xfs.length);
    expect(xfs).toContain(10); // 0.00%
    const used = new Set(sheetParts.flatMap((p) => [...xml[p]!.matchAll(/ s="(\d+)"/g)].map((m) => Number(m[1]))));
    for (const s of used) expect(s).toBeLessThan(xfs.length);

    // shared strings: count = string cells, uniqueCount = entries, no duplicates
    const sst = xml['xl/sharedStrings.xml']!;
    const stringCells = sheetParts.reduce((n, p) => n + (xml[p]!.match(/ t="s"/g)?.length ?? 0), 0);
    const entries = [...sst.matchAll(/<si><t(?: xml:space="preserve")?>([^<]*)<\/t><\/si>/g)].map((m) => m[1]);
    expect(sst).toContain(`count="${stringCells}" uniqueCount="${entries.length}"`);
    expect(sst.match(/<si>/g)).toHaveLength(entries.length);
    expect(new Set(entries).size).toBe(entries.length);
    const maxIndex = Math.max(...sheetParts.flatMap((p) => [...xml[p]!.matchAll(/ t="s"><v>(\d+)<\/v>/g)].map((m) => Number(m[1]))));
    expect(maxIndex).toBe(entries.length - 1);
  });

  it('the hostile workbook is well-formed too, inline strings and all', () => {
    const sheet = sheetFromRows(['文本'], HOSTILE.map((s) => [s]));
    for (const sharedStrings of [true, false]) {
      const files = unzipSync(workbookBytes([{ name: '😀 表', sheet }], { sharedStrings }));
      for (const [name, data] of Object.entries(files)) checkWellFormed(data, name);
      checkSheetData(strFromU8(files['xl/worksheets/sheet1.xml']!), 'sheet1');
      expect('xl/sharedStrings.xml' in files).toBe(sharedStrings);
      expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).toContain(sharedStrings ? ' t="s"><v>' : ' t="inlineStr"><is><t');
    }
  });

  it('freezes the rows asked for: 1 by default, 2, or none; the first sheet is the selected tab', () => {
    const sheet = () => sheetFromRows(['a'], [['b'], ['c']]);
    const files = unzipSync(workbookBytes([{ name: 'one', sheet: sheet() }, { name: 'two', sheet: sheet(), frozenRows: 2 }, { name: 'none', sheet: sheet(), frozenRows: 0 }]));
    const view = (i: number) => strFromU8(files[`xl/worksheets/sheet${i}.xml`]!).match(/<sheetViews>.*<\/sheetViews>/)![0];
    expect(view(1)).toBe(
      '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
    );
    expect(view(2)).toBe(
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A3" sqref="A3"/></sheetView></sheetViews>',
    );
    expect(view(3)).toBe('<sheetViews><sheetView workbookViewId="0"/></sheetViews>');
  });

  it('is deterministic: the same sheets give the same bytes, and so does exporting twice', async () => {
    const data = ledgerData();
    const first = await exportedSheets(data);
    const second = await exportedSheets(data);
    expect(second.bytes).toEqual(first.bytes);
    expect(workbookBytes(first.call.sheets, first.call.options)).toEqual(first.bytes);
  });

  it('is a plain zip: sizes and CRCs in the headers, no data descriptors, fixed entry times; level 0 stores, higher levels compress more', async () => {
    const { call } = await exportedSheets(ledgerData());
    const contents = (zip: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(zip)).map(([k, v]) => [k, strFromU8(v)]));
    const byLevel = new Map(([0, 1, 6, 9] as const).map((level) => [level, writeXlsx(call.sheets, { sharedStrings: true, level })]));
    const reference = contents(byLevel.get(1)!);
    for (const [level, zip] of byLevel) {
      const files = unzipSync(zip);
      const dir = zipDirectory(zip);
      expect(dir.map((e) => e.name)).toEqual(Object.keys(files));
      for (const e of dir) {
        expect(e.method, e.name).toBe(level === 0 ? 0 : 8);
        expect(e.flags & 8, e.name).toBe(0);
        expect([e.time, e.date]).toEqual([0, (1 << 5) | 1]); // 1980-01-01 00:00
        expect(e.size).toBe(files[e.name]!.length);
        expect(e.crc, e.name).toBe(crcReference(files[e.name]!));
        if (level === 0) expect(e.compressed).toBe(e.size);
      }
      expect(contents(zip)).toEqual(reference);
    }
    expect(byLevel.get(9)!.length).toBeLessThan(byLevel.get(1)!.length);
    expect(byLevel.get(1)!.length).toBeLessThan(byLevel.get(0)!.length / 3);
  });

  it('computes zip CRC-32 like the bit-by-bit definition', () => {
    const enc = new TextEncoder();
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const data = new Uint8Array(10_007).map((_, i) => (i * 7919) & 0xff);
    expect(crc32(data)).toBe(crcReference(data));
    // in pieces, as the writer feeds it
    expect(crc32(data.subarray(5000), crc32(data.subarray(0, 5000)))).toBe(crcReference(data));
  });
});

describe('what Excel cannot hold is refused with a clear error', () => {
  const sheet = () => sheetFromRows(['a'], [['b']]);
  it.each([
    ['', '不能为空'],
    ['x'.repeat(32), '不能超过 31 个字符'],
    ['a/b', '不能含有'],
    ['a[1]', '不能含有'],
    ['问?', '不能含有'],
    ["'quoted'", '单引号'],
    ['History', '保留'],
    ['tab\there', '控制字符'],
  ])('sheet name %j', (name, message) => {
    expect(() => workbookBytes([{ name, sheet: sheet() }])).toThrow(XlsxWriteError);
    expect(() => workbookBytes([{ name, sheet: sheet() }])).toThrow(message);
  });

  it('accepts 31 characters, CJK, emoji and & < > " in names, and keeps them exactly', () => {
    const names = ['x'.repeat(31), '创建集体名单', '😀 & <"x">', 'a,b;c(d)'];
    const wb = XLSX.read(workbookBytes(names.map((name) => ({ name, sheet: sheet() }))), { type: 'array' });
    expect(wb.SheetNames).toEqual(names);
  });

  it('refuses two sheets of the same name (case-insensitive), no sheets, too long a text, a range beyond Excel', () => {
    expect(() => workbookBytes([{ name: 'Data', sheet: sheet() }, { name: 'data', sheet: sheet() }])).toThrow('重名');
    expect(() => workbookBytes([])).toThrow('至少要有一个工作表');
    expect(() => workbookBytes([{ name: 'a', sheet: sheetFromRows(['a'], [['x'.repeat(32_768)]]) }])).toThrow('超过 Excel 单元格的上限（32767 个）');
    expect(() => workbookBytes([{ name: 'a', sheet: sheetFromRows(['a'], [['x'.repeat(32_767)]]) }])).not.toThrow();
    expect(() => workbookBytes([{ name: 'a', sheet: { '!ref': 'A1:A1048577' } }])).toThrow('超过 Excel 的上限');
    expect(() => workbookBytes([{ name: 'a', sheet: { '!ref': 'nonsense' } }])).toThrow('无效');
    expect(() => workbookBytes([{ name: 'a', sheet: sheet(), frozenRows: -1 }])).toThrow('冻结的行数');
  });
});
