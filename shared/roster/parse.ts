/**
 * Roster (集体名单) import: workbook bytes → mapped, normalised, validated rows. Pure: no I/O.
 *
 * Policy:
 * - Never throws on bad input. A file that cannot be a roster at all yields `fatal` (Chinese);
 *   everything else yields rows with per-cell errors, so the preview can show them all at once
 *   (parse → validate everything → preview → write all or nothing).
 * - Accepted containers: OOXML/ODS (zip), BIFF/OLE (xls), and SpreadsheetML/HTML tables that
 *   other systems save as ".xls". Plain text/CSV is refused: SheetJS would read random bytes
 *   as CSV, and Excel's CSV in China is GBK, which would arrive garbled.
 * - Only cells that exist are visited (Object.keys over the dense rows), so a stray cell at
 *   XFD1048576 or a huge `!ref` costs nothing. More than MAX_ROSTER_ROWS non-empty data rows
 *   are refused rather than truncated.
 * - Sheet names and header texts are only ever compared or stored as values (Maps, arrays,
 *   fixed-key objects): a sheet or header named "__proto__" cannot reach any prototype.
 * - The same heading in two header cells is refused (`duplicateHeader`): reading one of the two
 *   columns would silently drop the other.
 */
import * as XLSX from 'xlsx';
import type { CellObject, Range, WorkBook, WorkSheet } from 'xlsx';
import type { CollectiveType, Honour } from '../model/entities';
import { nameKey, normaliseName } from '../text/names';
import { clip } from '../text/clip';
import { fieldLabel, headerKey, isIgnoredHeader, matchHeader, resolveCollectiveType, COLLECTIVE_TYPES, ROSTER_FIELDS, type RosterField } from './fields';

export const MAX_ROSTER_ROWS = 50_000;
/** rows scanned for the header (title rows and notes may come first) */
export const HEADER_SCAN_ROWS = 20;
export const MAX_NAME_LENGTH = 100;
const MAX_TEXT_LENGTH = 200;
const MAX_MEMBER_COUNT = 1_000_000;

export type RosterValues = Record<RosterField, string>;

export interface RosterParsedValues {
  type: CollectiveType | null;
  memberCount: number | null;
  youthCount: number | null;
  /** upper-case, without spaces; '' when absent */
  code: string;
  honours: Honour[];
  formerNames: string[];
}

export interface RosterIssue {
  /** column letter, e.g. "C" */
  column: string;
  field: RosterField | null;
  message: string;
}

export interface RosterRow {
  /** 1-based row number as Excel shows it */
  rowNumber: number;
  values: RosterValues;
  parsed: RosterParsedValues;
  errors: RosterIssue[];
  /** not blocking: e.g. a possible duplicate, an honour that could not be read */
  warnings: RosterIssue[];
}

export interface RosterColumnMapping {
  field: RosterField;
  column: string;
  header: string;
  source: 'auto' | 'override';
}

export interface RosterParseOptions {
  /** sheet to read; default: the sheet whose header matches best */
  sheetName?: string;
  /** 1-based header row; default: detected in the first HEADER_SCAN_ROWS rows */
  headerRow?: number;
  /** field → header text as in the file, or column letter ("C"); '' unmaps the field */
  mapping?: Partial<Record<RosterField, string>>;
  /** default MAX_ROSTER_ROWS */
  maxRows?: number;
}

export interface RosterParseResult {
  sheetName: string;
  sheetNames: string[];
  /** 1-based; 0 when no header was found */
  headerRow: number;
  /** 1, or 2 when the header has a second row under merged group headings */
  headerRows: number;
  mapping: RosterColumnMapping[];
  unmappedHeaders: { column: string; header: string }[];
  rows: RosterRow[];
  /** file-level remarks for the preview (which sheet, skipped sheets …) */
  notes: string[];
  fatal?: string;
}

const EMPTY_RESULT = (): RosterParseResult => ({
  sheetName: '',
  sheetNames: [],
  headerRow: 0,
  headerRows: 1,
  mapping: [],
  unmappedHeaders: [],
  rows: [],
  notes: [],
});

export const ROSTER_FATAL = {
  empty: '文件为空（0 字节），请选择填好的集体名单 Excel 文件。',
  notWorkbook: '该文件不是 Excel 工作簿（.xlsx 或 .xls）。如为 CSV、WPS 或其他格式，请在 Excel/WPS 中“另存为”.xlsx 后再导入。',
  encrypted: '该工作簿设置了打开密码（已加密），无法读取。请在 Excel 中取消密码保护后另存为 .xlsx 再导入。',
  corrupt: '文件已损坏或不完整（可能未下载或复制完整），无法读取为 Excel 工作簿。请重新获取文件后再导入。',
  noSheet: '工作簿中没有可读取的工作表。',
} as const;

export function parseRosterWorkbook(bytes: Uint8Array, options: RosterParseOptions = {}): RosterParseResult {
  const fail = (fatal: string, partial: Partial<RosterParseResult> = {}): RosterParseResult => ({ ...EMPTY_RESULT(), ...partial, fatal });
  if (bytes.length === 0) return fail(ROSTER_FATAL.empty);
  const kind = sniff(bytes);
  if (kind === 'unknown') return fail(ROSTER_FATAL.notWorkbook);

  let wb: WorkBook;
  try {
    wb = XLSX.read(bytes, {
      type: 'array',
      cellDates: true,
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      bookVBA: false,
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/password|encrypt|decrypt/i.test(message)) return fail(ROSTER_FATAL.encrypted);
    return fail(ROSTER_FATAL.corrupt);
  }

  const sheetNames = Array.isArray(wb.SheetNames) ? wb.SheetNames.filter((n): n is string => typeof n === 'string') : [];
  const notes: string[] = [];
  const sheets: { name: string; ws: WorkSheet }[] = [];
  for (const name of sheetNames) {
    const ws = Object.prototype.hasOwnProperty.call(wb.Sheets, name) ? wb.Sheets[name] : undefined;
    if (ws === undefined) {
      notes.push(`工作表“${name}”的名称无法安全读取，已跳过；如需导入，请将其改名。`);
      continue;
    }
    if (ws['!type'] === 'chart' || !Array.isArray(ws['!data'])) continue;
    sheets.push({ name, ws });
  }
  if (sheets.length === 0) return fail(ROSTER_FATAL.noSheet, { sheetNames, notes });

  let candidates = sheets;
  if (options.sheetName !== undefined) {
    const wanted = sheets.find((s) => s.name === options.sheetName) ?? sheets.find((s) => s.name.trim() === options.sheetName?.trim());
    if (!wanted) {
      return fail(`工作簿中没有名为“${options.sheetName}”的工作表。现有工作表：${sheetNames.map((n) => `“${n}”`).join('、')}。`, {
        sheetNames,
        notes,
      });
    }
    candidates = [wanted];
  }

  const overrides = readOverrides(options.mapping);
  let best: { name: string; grid: Grid; header: HeaderFound } | null = null;
  for (const s of candidates) {
    const grid = new Grid(s.ws);
    const header = findHeader(grid, overrides, options.headerRow);
    if (header && (!best || header.score > best.header.score)) best = { name: s.name, grid, header };
  }
  if (!best) {
    const where = candidates.length === 1 ? `工作表“${candidates[0]!.name}”` : '各工作表';
    const rows = options.headerRow !== undefined ? `第 ${options.headerRow} 行` : `前 ${HEADER_SCAN_ROWS} 行`;
    return fail(
      `未找到表头：${where}的${rows}中没有同时包含“集体名称”和其他列名（如“所属单位”“成员人数”“联系电话”）的行。请检查表头，或下载导入模板对照填写。`,
      { sheetNames, notes, sheetName: candidates.length === 1 ? candidates[0]!.name : '' },
    );
  }
  if (sheets.length > 1 && options.sheetName === undefined) notes.push(`已读取工作表“${best.name}”（表头与集体名单最吻合）。`);

  const { grid, header } = best;
  const base = { sheetName: best.name, sheetNames, headerRow: header.row + 1, headerRows: header.rows, notes };
  if (header.rows === 2) notes.push(`表头为两行（第 ${header.row + 1}—${header.row + 2} 行），已按下一行的小标题识别分列。`);

  const mapped = buildMapping(header.columns, overrides);
  if (typeof mapped === 'string') return fail(mapped, base);
  if (!mapped.mapping.some((m) => m.field === 'name')) {
    return fail(
      `表头（第 ${header.row + 1} 行）中没有“集体名称”列。请将集体名称所在列的表头改为“集体名称”，或在导入时指定该列。`,
      { ...base, mapping: mapped.mapping, unmappedHeaders: mapped.unmapped },
    );
  }

  const duplicate = duplicateHeader(grid, header, mapped.mapping);
  if (duplicate) return fail(duplicate, { ...base, mapping: mapped.mapping, unmappedHeaders: mapped.unmapped });

  const rows = readRows(grid, header.row + header.rows, mapped.mapping, options.maxRows ?? MAX_ROSTER_ROWS);
  if (typeof rows === 'string') return fail(rows, { ...base, mapping: mapped.mapping, unmappedHeaders: mapped.unmapped });
  crossRowChecks(rows, mapped.mapping);
  return { ...base, mapping: mapped.mapping, unmappedHeaders: mapped.unmapped, rows };
}

/** Summary counts for a parse result (the CLI and the preview use the same numbers). */
export function rosterSummary(result: RosterParseResult): { rows: number; invalidRows: number; errors: number; warnings: number; valid: boolean } {
  let invalidRows = 0;
  let errors = 0;
  let warnings = 0;
  for (const r of result.rows) {
    if (r.errors.length > 0) invalidRows++;
    errors += r.errors.length;
    warnings += r.warnings.length;
  }
  return { rows: result.rows.length, invalidRows, errors, warnings, valid: result.fatal === undefined && errors === 0 };
}

// ---------------------------------------------------------------------------------------------
// Container sniffing

function sniff(b: Uint8Array): 'zip' | 'cfb' | 'markup' | 'unknown' {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07)) return 'zip';
  const cfb = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  if (b.length >= 8 && cfb.every((v, i) => b[i] === v)) return 'cfb';
  // SpreadsheetML 2003 / HTML tables saved as ".xls": markup after an optional BOM and blanks.
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  else if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
    const le = b[0] === 0xff;
    for (i = 2; i + 1 < b.length && i < 2048; i += 2) {
      const code = le ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!;
      if (code === 0x3c) return 'markup';
      if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return 'unknown';
    }
    return 'unknown';
  }
  for (; i < b.length && i < 2048; i++) {
    const c = b[i]!;
    if (c === 0x3c) return 'markup';
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return 'unknown';
  }
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------
// The sheet, visited only where cells exist

type Row = (CellObject | null | undefined)[];

class Grid {
  private readonly data: (Row | null | undefined)[];
  private readonly merges: Range[];

  constructor(ws: WorkSheet) {
    this.data = (ws['!data'] as (Row | null | undefined)[] | undefined) ?? [];
    this.merges = Array.isArray(ws['!merges']) ? ws['!merges'] : [];
  }

  /** indices of rows that exist, ascending (array index keys enumerate in ascending order) */
  rowIndices(from: number): number[] {
    const out: number[] = [];
    for (const k of Object.keys(this.data)) {
      const r = Number(k);
      if (Number.isInteger(r) && r >= from && this.data[r]) out.push(r);
    }
    return out;
  }

  cell(r: number, c: number): CellObject | undefined {
    return this.data[r]?.[c] ?? undefined;
  }

  /** columns of row r that hold a cell */
  columns(r: number): number[] {
    const row = this.data[r];
    if (!row) return [];
    const out: number[] = [];
    for (const k of Object.keys(row)) {
      const c = Number(k);
      if (Number.isInteger(c) && row[c]) out.push(c);
    }
    return out;
  }

  /** merged ranges that touch rows [r0, r1] */
  mergesInRows(r0: number, r1: number): Range[] {
    return this.merges.filter((m) => m.s.r <= r1 && m.e.r >= r0);
  }

  /** vertical merges covering column c, sorted by first row — to fill merged cells downwards */
  verticalMerges(c: number): Range[] {
    return this.merges.filter((m) => m.s.c <= c && m.e.c >= c && m.e.r > m.s.r).sort((a, b) => a.s.r - b.s.r);
  }
}

function mergeAt(merges: readonly Range[], r: number, c: number): Range | undefined {
  return merges.find((m) => m.s.r <= r && m.e.r >= r && m.s.c <= c && m.e.c >= c);
}

/** Text of a cell as a user sees it, before field-specific normalisation. */
function cellText(cell: CellObject | undefined): { text: string; error?: string } {
  if (!cell) return { text: '' };
  switch (cell.t) {
    case 's':
      return { text: typeof cell.v === 'string' ? cell.v : String(cell.v ?? '') };
    case 'n': {
      const v = cell.v;
      return { text: typeof v === 'number' && Number.isFinite(v) ? String(v) : '' };
    }
    case 'b':
      return { text: cell.v ? '是' : '否' };
    case 'd': {
      const v = cell.v;
      if (v instanceof Date && !Number.isNaN(v.getTime())) {
        const pad = (n: number): string => String(n).padStart(2, '0');
        return { text: `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}` };
      }
      return { text: typeof v === 'string' ? v : '' };
    }
    case 'e':
      return { text: '', error: typeof cell.w === 'string' && cell.w !== '' ? cell.w : '#错误' };
    default:
      return { text: '' };
  }
}

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const ANY_SPACE = /[\s\u00a0\u3000]+/g;

/** Every cell: full-width ASCII letters/digits → half-width, blanks collapsed, trimmed. */
export function normaliseCellText(s: string): string {
  return s
    .replace(INVISIBLE, '')
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(ANY_SPACE, ' ')
    .trim();
}

/** Codes, numbers, phones, e-mails: full NFKC and no blanks at all. */
function compactText(s: string): string {
  return s.replace(INVISIBLE, '').normalize('NFKC').replace(ANY_SPACE, '');
}

const COMPACT_FIELDS: ReadonlySet<RosterField> = new Set<RosterField>(['code', 'memberCount', 'youthCount', 'phone', 'email']);

// ---------------------------------------------------------------------------------------------
// Header

interface Overrides {
  /** headerKey → field */
  byHeader: Map<string, RosterField>;
  /** field → column index */
  byColumn: Map<RosterField, number>;
  /** field → original text, for messages; '' = unmap */
  raw: Map<RosterField, string>;
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(ROSTER_FIELDS.map((f) => f.field));

function readOverrides(mapping: RosterParseOptions['mapping']): Overrides {
  const o: Overrides = { byHeader: new Map(), byColumn: new Map(), raw: new Map() };
  if (!mapping) return o;
  for (const [field, target] of Object.entries(mapping)) {
    if (!KNOWN_FIELDS.has(field) || typeof target !== 'string') continue;
    const f = field as RosterField;
    o.raw.set(f, target);
    if (target.trim() === '') continue;
    // A bare column letter ("C") is a column unless some header literally reads "C"; that is
    // resolved later, so both readings are kept here.
    if (/^[A-Za-z]{1,3}$/.test(target.trim())) o.byColumn.set(f, XLSX.utils.decode_col(target.trim().toUpperCase()));
    o.byHeader.set(headerKey(target), f);
  }
  return o;
}

interface HeaderFound {
  row: number;
  rows: 1 | 2;
  score: number;
  /** column index → effective header text */
  columns: Map<number, string>;
}

function headerTexts(grid: Grid, r: number, merges: readonly Range[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of grid.columns(r)) {
    const t = normaliseCellText(cellText(grid.cell(r, c)).text);
    if (t !== '') out.set(c, t);
  }
  // a heading merged across several columns or rows is known in every cell it covers
  for (const m of merges) {
    if (m.s.r > r || m.e.r < r) continue;
    const t = normaliseCellText(cellText(grid.cell(m.s.r, m.s.c)).text);
    if (t === '') continue;
    for (let c = m.s.c; c <= m.e.c && c - m.s.c < 256; c++) if (!out.has(c)) out.set(c, t);
  }
  return out;
}

function fieldOf(text: string, overrides: Overrides): RosterField | null {
  return overrides.byHeader.get(headerKey(text)) ?? matchHeader(text)?.field ?? null;
}

function findHeader(grid: Grid, overrides: Overrides, forcedRow: number | undefined): HeaderFound | null {
  const nameByLetter = overrides.byColumn.has('name');
  const evaluate = (r: number): { score: number; texts: Map<number, string>; fields: Set<RosterField> } => {
    const texts = headerTexts(grid, r, grid.mergesInRows(r, r));
    const fields = new Set<RosterField>();
    for (const t of texts.values()) {
      const f = fieldOf(t, overrides);
      if (f) fields.add(f);
    }
    return { score: fields.size, texts, fields };
  };

  let bestRow = -1;
  let best: ReturnType<typeof evaluate> | null = null;
  if (forcedRow !== undefined) {
    if (!Number.isInteger(forcedRow) || forcedRow < 1) return null;
    bestRow = forcedRow - 1;
    best = evaluate(bestRow);
    if (best.texts.size === 0) return null;
  } else {
    for (let r = 0; r < HEADER_SCAN_ROWS; r++) {
      const e = evaluate(r);
      // A lone "集体名称" heading is a header too (a bare list of names), but any row that
      // names two or more fields beats it.
      const qualifies = e.fields.has('name') || (nameByLetter && e.score >= 1);
      if (qualifies && (!best || e.score > best.score)) {
        best = e;
        bestRow = r;
      }
    }
    if (!best) return null;
    // The best row may be the lower row of a two-row header whose plain headings are merged
    // down from the row above (so it carries every heading): report the header from its top.
    if (bestRow > 0) {
      const nameCol = [...best.texts].find(([, t]) => fieldOf(t, overrides) === 'name')?.[0];
      const m = nameCol === undefined ? undefined : mergeAt(grid.mergesInRows(bestRow - 1, bestRow), bestRow, nameCol);
      if (m && m.s.r === bestRow - 1) return { row: bestRow - 1, rows: 2, score: best.score, columns: best.texts };
    }
  }

  // Two-row header: group headings merged over several columns ("人数"), with the real column
  // names in the next row ("总人数", "35岁以下").
  const rowMerges = grid.mergesInRows(bestRow, bestRow + 1);
  const sub = new Map<number, string>();
  for (const c of grid.columns(bestRow + 1)) {
    const t = normaliseCellText(cellText(grid.cell(bestRow + 1, c)).text);
    if (t !== '') sub.set(c, t);
  }
  // the column sits under a heading that spans several columns, or under no heading at all
  const grouped = (c: number): boolean => {
    if (!best.texts.has(c)) return true;
    const above = mergeAt(rowMerges, bestRow, c);
    return above !== undefined && above.e.c > above.s.c && above.e.r === bestRow;
  };
  let twoRows = false;
  for (const [c, t] of sub) {
    if (fieldOf(t, overrides) && grouped(c)) {
      twoRows = true;
      break;
    }
  }
  const columns = new Map(best.texts);
  let score = best.score;
  if (twoRows) {
    for (const [c, t] of sub) if (grouped(c) || fieldOf(t, overrides)) columns.set(c, t);
    const fields = new Set<RosterField>();
    for (const t of columns.values()) {
      const f = fieldOf(t, overrides);
      if (f) fields.add(f);
    }
    score = fields.size;
  }
  return { row: bestRow, rows: twoRows ? 2 : 1, score, columns };
}

function buildMapping(
  columns: Map<number, string>,
  overrides: Overrides,
): { mapping: RosterColumnMapping[]; unmapped: { column: string; header: string }[] } | string {
  const rank = { override: 0, exact: 1, suffix: 2 } as const;
  const chosen = new Map<RosterField, { col: number; rank: number; source: 'auto' | 'override' }>();
  const sorted = [...columns.entries()].sort((a, b) => a[0] - b[0]);
  for (const [col, text] of sorted) {
    const o = overrides.byHeader.get(headerKey(text));
    const m = o ? { field: o, r: rank.override } : (() => {
      const h = matchHeader(text);
      return h ? { field: h.field, r: rank[h.quality] } : null;
    })();
    if (!m) continue;
    const prev = chosen.get(m.field);
    if (!prev || m.r < prev.rank) chosen.set(m.field, { col, rank: m.r, source: m.r === rank.override ? 'override' : 'auto' });
  }

  for (const [field, raw] of overrides.raw) {
    const label = fieldLabel(field);
    if (raw.trim() === '') {
      chosen.delete(field);
      continue;
    }
    const headerHit = sorted.find(([, t]) => headerKey(t) === headerKey(raw));
    if (headerHit) {
      chosen.set(field, { col: headerHit[0], rank: rank.override, source: 'override' });
      continue;
    }
    const col = overrides.byColumn.get(field);
    if (col === undefined) return `列对应设置有误：为“${label}”指定的列“${raw}”在表头中不存在。`;
    chosen.set(field, { col, rank: rank.override, source: 'override' });
  }

  // One column feeds one field: an override takes the column from an automatic match.
  const byCol = new Map<number, RosterField>();
  const ordered = [...chosen.entries()].sort((a, b) => a[1].rank - b[1].rank || a[1].col - b[1].col);
  const mapping: RosterColumnMapping[] = [];
  for (const [field, c] of ordered) {
    if (byCol.has(c.col)) continue;
    byCol.set(c.col, field);
    mapping.push({ field, column: XLSX.utils.encode_col(c.col), header: columns.get(c.col) ?? '', source: c.source });
  }
  const fieldOrder = new Map(ROSTER_FIELDS.map((f, i) => [f.field, i]));
  mapping.sort((a, b) => (fieldOrder.get(a.field) ?? 0) - (fieldOrder.get(b.field) ?? 0));
  const unmapped = sorted
    .filter(([c, t]) => !byCol.has(c) && !isIgnoredHeader(t))
    .map(([c, t]) => ({ column: XLSX.utils.encode_col(c), header: t }));
  return { mapping, unmapped };
}

/**
 * The same heading typed in two header cells (e.g. two "集体名称" columns side by side): which
 * column holds the data cannot be guessed, and reading one would silently drop the other, so the
 * file is refused until the admin deletes or renames one, or picks the columns in 列对应 (an
 * override mapping names one column per field). Headings merged over several columns are one
 * cell and do not count.
 */
function duplicateHeader(grid: Grid, header: HeaderFound, mapping: readonly RosterColumnMapping[]): string | null {
  for (const m of mapping) {
    if (m.source === 'override') continue;
    const key = headerKey(m.header);
    const cols = new Set<number>();
    for (let r = header.row; r < header.row + header.rows; r++) {
      for (const c of grid.columns(r)) if (headerKey(normaliseCellText(cellText(grid.cell(r, c)).text)) === key) cols.add(c);
    }
    if (cols.size > 1) {
      const letters = [...cols].sort((a, b) => a - b).map((c) => XLSX.utils.encode_col(c));
      return `表头中有重复的列：“${clip(m.header)}”同时出现在 ${letters.join('、')} 列，无法确定${fieldLabel(m.field)}以哪一列为准（只读一列会漏掉另一列的内容）。请删除或改名多余的列，或在“列对应”中为每一项指定一列。`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Rows

const EMPTY_VALUES = (): RosterValues => ({
  name: '',
  code: '',
  parentOrganisation: '',
  type: '',
  region: '',
  memberCount: '',
  youthCount: '',
  leader: '',
  phone: '',
  email: '',
  honours: '',
  formerNames: '',
});

function readRows(grid: Grid, firstDataRow: number, mapping: readonly RosterColumnMapping[], maxRows: number): RosterRow[] | string {
  // Vertical merges per column, sorted; within one column they cannot overlap, so a pointer
  // that only moves forward (rows ascend) finds the covering merge in amortised O(1).
  const cols = mapping.map((m) => {
    const index = XLSX.utils.decode_col(m.column);
    return { ...m, index, merges: grid.verticalMerges(index).filter((mm) => mm.s.r >= firstDataRow), next: 0 };
  });
  const out: RosterRow[] = [];
  for (const r of grid.rowIndices(firstDataRow)) {
    const values = EMPTY_VALUES();
    const cellErrors: RosterIssue[] = [];
    const numeric = new Map<RosterField, number>();
    let any = false;
    for (const c of cols) {
      let cell = grid.cell(r, c.index);
      while (c.next < c.merges.length && c.merges[c.next]!.e.r < r) c.next++;
      if (!cell && c.next < c.merges.length) {
        // a value merged down over several rows (e.g. one 所属单位 for a group) belongs to each
        const m = c.merges[c.next]!;
        if (m.s.r <= r) cell = grid.cell(m.s.r, m.s.c);
      }
      const { text, error } = cellText(cell);
      if (error !== undefined) {
        cellErrors.push({ column: c.column, field: c.field, message: `单元格为公式错误值（${error}），请改为实际内容。` });
        any = true;
      }
      const v = COMPACT_FIELDS.has(c.field) ? compactText(text) : normaliseCellText(text);
      if (cell?.t === 'n' && typeof cell.v === 'number') numeric.set(c.field, cell.v);
      values[c.field] = v;
      if (v !== '') any = true;
    }
    if (!any) continue;
    if (out.length >= maxRows) {
      return `数据行超过 ${maxRows} 行，请将名单拆分为多个文件后分别导入。`;
    }
    const row = validateRow(r + 1, values, numeric, cols);
    row.errors.unshift(...cellErrors);
    out.push(row);
  }
  return out;
}

function validateRow(
  rowNumber: number,
  values: RosterValues,
  numeric: ReadonlyMap<RosterField, number>,
  cols: readonly { field: RosterField; column: string }[],
): RosterRow {
  const colOf = new Map(cols.map((c) => [c.field, c.column]));
  const errors: RosterIssue[] = [];
  const warnings: RosterIssue[] = [];
  const err = (field: RosterField, message: string): void => void errors.push({ column: colOf.get(field) ?? '', field, message });
  const warn = (field: RosterField, message: string): void => void warnings.push({ column: colOf.get(field) ?? '', field, message });
  const parsed: RosterParsedValues = { type: null, memberCount: null, youthCount: null, code: '', honours: [], formerNames: [] };

  const name = values.name;
  if (name === '') err('name', '集体名称不能为空（必填）。');
  else {
    const len = [...name].length;
    if (len > MAX_NAME_LENGTH) err('name', `集体名称不能超过${MAX_NAME_LENGTH}个字（当前${len}个字）。`);
    if (!/\p{L}/u.test(name)) err('name', `集体名称“${clip(name)}”不含文字，请填写规范名称。`);
  }

  if (values.code !== '') {
    const code = values.code.toUpperCase();
    if (!/^[A-Z0-9-]{1,32}$/.test(code)) err('code', `用户名（编码）“${clip(values.code)}”格式不正确：只能包含字母和数字。`);
    else parsed.code = code;
  }

  if (values.type !== '') {
    parsed.type = resolveCollectiveType(values.type);
    if (parsed.type === null) err('type', `集体类型“${clip(values.type)}”无法识别，应为${COLLECTIVE_TYPES.join('、')}之一。`);
  }

  for (const field of ['memberCount', 'youthCount'] as const) {
    if (values[field] === '') continue;
    const n = parseCount(values[field], numeric.get(field));
    if (n === null) err(field, `${fieldLabel(field)}应为正整数，当前为“${clip(values[field])}”。`);
    else if (n > MAX_MEMBER_COUNT) err(field, `${fieldLabel(field)}“${clip(values[field])}”过大，请核对是否填错列。`);
    else parsed[field] = n;
  }
  if (parsed.memberCount !== null && parsed.youthCount !== null && parsed.youthCount > parsed.memberCount) {
    err('youthCount', `35岁以下青年人数（${parsed.youthCount}）不能大于成员人数（${parsed.memberCount}）。`);
  }

  if (values.email !== '' && !isEmail(values.email)) err('email', `保密邮箱“${clip(values.email)}”格式不正确，应形如 name@example.com。`);
  if (values.phone !== '' && !isPhoneList(values.phone)) {
    err('phone', `联系电话“${clip(values.phone)}”格式不正确：只能包含数字，可带区号连字符“-”、括号和分机号；多个号码用“/”分隔。`);
  }

  for (const field of ['parentOrganisation', 'region', 'leader', 'formerNames'] as const) {
    const len = [...values[field]].length;
    if (len > MAX_TEXT_LENGTH) err(field, `${fieldLabel(field)}不能超过${MAX_TEXT_LENGTH}个字（当前${len}个字）。`);
  }
  if ([...values.honours].length > 1000) err('honours', '曾获荣誉内容过长（超过1000个字）。');

  if (values.honours !== '') {
    const { honours, unreadable } = parseHonours(values.honours);
    parsed.honours = honours;
    for (const u of unreadable) warn('honours', u);
  }
  if (values.formerNames !== '') {
    parsed.formerNames = values.formerNames
      .split(/[;；\n]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  return { rowNumber, values, parsed, errors, warnings };
}

function parseCount(text: string, numericValue: number | undefined): number | null {
  if (numericValue !== undefined) return Number.isInteger(numericValue) && numericValue > 0 ? numericValue : null;
  const t = text.replace(/[人名个]$/, '');
  if (!/^(?:\d+|\d{1,3}(?:,\d{3})+)$/.test(t)) return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}

/** One or more phone numbers: digits with optional area-code dashes, brackets, +86 and extension. */
export function isPhoneList(s: string): boolean {
  const parts = s.split(/[/,，;；、]|或/).filter((p) => p.trim() !== '');
  if (parts.length === 0) return false;
  return parts.every((p) => {
    let t = p.replace(/\s+/g, '');
    t = t.replace(/^(?:\+|00)86/, '');
    t = t.replace(/(?:转|分机|ext\.?|x)(\d{1,6})$/i, '-$1');
    if (!/^[\d()（）-]+$/.test(t)) return false;
    const digits = t.replace(/[()（）-]/g, '');
    if (digits.length < 7 || digits.length > 16) return false;
    if (digits.length === 11 && digits.startsWith('1') && !t.includes('-')) return /^1[3-9]\d{9}$/.test(digits);
    return true;
  });
}

const PROVINCIAL_MARK = /省级|省|自治区|兵团|北京市|天津市|上海市|重庆市|直辖市/;

/**
 * Honours written as free text, one per ';'-separated item: "2015年全国青年文明号；
 * 2016年省级青年文明号复核认定". Items that do not say a year and a national or provincial
 * level are reported, not guessed.
 */
export function parseHonours(text: string): { honours: Honour[]; unreadable: string[] } {
  const honours: Honour[] = [];
  const unreadable: string[] = [];
  for (const raw of text.split(/[;；\n]|[,，、](?=\s*(?:19|20)\d{2})/)) {
    const item = raw.trim();
    if (item === '') continue;
    const year = /(?:19|20)\d{2}/.exec(item);
    if (!item.includes('青年文明号')) {
      unreadable.push(`荣誉“${clip(item)}”不是青年文明号荣誉，创建资格审核时不计入。`);
      continue;
    }
    if (!year) {
      unreadable.push(`荣誉“${clip(item)}”未写明年份，请补充（如“2016年”）。`);
      continue;
    }
    const level = item.includes('全国') ? 'national' : PROVINCIAL_MARK.test(item) ? 'provincial' : null;
    if (level === null) {
      unreadable.push(`荣誉“${clip(item)}”未写明是全国还是省级，创建资格审核时不计入。`);
      continue;
    }
    honours.push({ level, kind: /复核|复查|重新认定/.test(item) ? 'recertified' : 'named', year: Number(year[0]), title: item });
  }
  return { honours, unreadable };
}

/** Duplicate names and codes within the file (errors), likely duplicates (warnings). */
function crossRowChecks(rows: RosterRow[], mapping: readonly RosterColumnMapping[]): void {
  const col = (f: RosterField): string => mapping.find((m) => m.field === f)?.column ?? '';
  const byName = new Map<string, RosterRow[]>();
  const byKey = new Map<string, RosterRow[]>();
  const byCode = new Map<string, RosterRow[]>();
  const push = (map: Map<string, RosterRow[]>, k: string, r: RosterRow): void => {
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  };
  for (const r of rows) {
    if (r.values.name !== '') {
      push(byName, normaliseName(r.values.name), r);
      push(byKey, nameKey(r.values.name), r);
    }
    if (r.parsed.code !== '') push(byCode, r.parsed.code, r);
  }
  const others = (list: RosterRow[], self: RosterRow): string =>
    list
      .filter((x) => x !== self)
      .map((x) => x.rowNumber)
      .join('、');
  for (const list of byName.values()) {
    if (list.length < 2) continue;
    for (const r of list) {
      r.errors.push({ column: col('name'), field: 'name', message: `集体名称与第 ${others(list, r)} 行重复，同一文件中每个集体只能出现一次。` });
    }
  }
  for (const list of byCode.values()) {
    if (list.length < 2) continue;
    for (const r of list) {
      r.errors.push({ column: col('code'), field: 'code', message: `用户名（编码）与第 ${others(list, r)} 行重复。` });
    }
  }
  for (const list of byKey.values()) {
    const distinct = new Set(list.map((r) => normaliseName(r.values.name)));
    if (distinct.size < 2) continue;
    for (const r of list) {
      const similar = list.filter((x) => normaliseName(x.values.name) !== normaliseName(r.values.name));
      r.warnings.push({
        column: col('name'),
        field: 'name',
        message: `集体名称与第 ${similar.map((x) => `${x.rowNumber} 行“${clip(x.values.name)}”`).join('、')}相近，可能是同一集体，请核对。`,
      });
    }
  }
}
