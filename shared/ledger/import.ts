/**
 * Strict import and validation of a ledger workbook. Pure: bytes in, result out; never throws
 * on bad input.
 *
 * Policy:
 * - Every problem is reported with its sheet, Excel row, column letter and header and a Chinese
 *   explanation; all problems are collected in one pass (up to `maxErrors`), so a unit can fix a
 *   file in one round. A file with any error yields no data.
 * - A checksum that does not match (the file was edited after export) and row counts that differ
 *   from 元数据 are warnings, not errors: the content is still validated cell by cell.
 * - Versions: the envelope (sheet 元数据, rows 格式 and 格式版本) is read the same way for every
 *   version; the version then picks a reader from LEDGER_READERS. Each reader returns the current
 *   model, so a v1 file stays importable after v2 exists: add `2 → readerV2` and make readerV1
 *   convert. A version newer than the newest reader asks the user to update the software.
 * - Formulas are refused (台账不接受公式); text that the exporter neutralised (a leading
 *   apostrophe before = + - @ tab CR) is restored to the original text.
 */
import * as XLSX from 'xlsx';
import type { CellObject, WorkBook, WorkSheet } from 'xlsx';
import { DEFAULT_RUBRIC, PROVINCIAL_ONLY_ITEMS, BONUS_ITEM, DEDUCTION_ITEM } from '../assessment/rubric';
import { countsAsApproved, countsAsFiled } from '../rules/status';
import { countReportChars, REPORT_LIMIT } from '../text/charCount';
import { restoreText } from './cells';
import { decodeCell, LedgerChecksum, type PlainCell } from './codec';
import { LedgerCancelled, type LedgerWorkOptions } from './export';
import {
  CURRENT_LEDGER_VERSION,
  FORMAT_V1,
  LEDGER_FORMAT,
  META_KEYS,
  META_SHEET,
  README_SHEET,
  SCOPE_LABEL,
  columnLetter,
  rowCountKey,
  serialToDate,
  type AssessmentLedgerRow,
  type ChangeLedgerRow,
  type CollectiveLedgerRow,
  type ColumnDef,
  type DataSheetId,
  type EvaluationLedgerRow,
  type LedgerData,
  type LedgerMeta,
  type LedgerScope,
  type ReportLedgerRow,
  type SheetDef,
  type UnitLedgerRow,
  type WorkEntryLedgerRow,
} from './format';
import { round4 } from './build';

export interface LedgerIssue {
  sheet: string;
  /** Excel row number (1 = header); null for a whole sheet or file */
  row: number | null;
  /** column letter; null when the issue is not about one column */
  column: string | null;
  /** the column's header, when the issue is about a column */
  header: string | null;
  message: string;
}

export interface LedgerImportResult {
  ok: boolean;
  version: number | null;
  /** the ledger, only when there is no error */
  data: LedgerData | null;
  /** what 元数据 says, as far as it could be read (also for invalid files) */
  meta: Partial<LedgerMeta>;
  errors: LedgerIssue[];
  warnings: LedgerIssue[];
  /** errors found beyond `maxErrors`, not listed */
  omittedErrors: number;
  /** data rows per sheet name, as found */
  counts: Record<string, number>;
  checksum: { declared: string | null; computed: string | null; matches: boolean | null };
}

export interface LedgerImportOptions extends LedgerWorkOptions {
  /** version → reader; default LEDGER_READERS */
  readers?: ReadonlyMap<number, LedgerReader>;
  /** errors listed before the rest are only counted (default 1000) */
  maxErrors?: number;
}

/** Largest data sheet accepted (a national ledger of every collective fits easily). */
export const MAX_LEDGER_ROWS = 300_000;

/** "工作表“创建集体名单”第 5 行 C 列（集体名称）：不能为空" */
export function issueText(i: LedgerIssue): string {
  const where = [`工作表“${i.sheet}”`];
  if (i.row !== null) where.push(`第 ${i.row} 行`);
  if (i.column !== null) where.push(` ${i.column} 列`);
  if (i.header !== null) where.push(`（${i.header}）`);
  return `${where.join('')}：${i.message}`;
}

export const LEDGER_FATAL = {
  empty: '文件为空（0 字节），请选择导出的工作台账 Excel 文件。',
  notWorkbook: '该文件不是 Excel 工作簿（.xlsx）。请选择由 YCA Desk 导出的工作台账。',
  encrypted: '该工作簿设置了打开密码（已加密），无法读取。请取消密码保护后另存为 .xlsx 再导入。',
  corrupt: '文件已损坏或不完整，无法读取为 Excel 工作簿。请重新获取文件后再导入。',
} as const;

// ---------------------------------------------------------------------------------------------
// Issue collection

export class Issues {
  readonly errors: LedgerIssue[] = [];
  readonly warnings: LedgerIssue[] = [];
  omitted = 0;
  constructor(private readonly maxErrors: number) {}

  error(issue: LedgerIssue): void {
    if (this.errors.length < this.maxErrors) this.errors.push(issue);
    else this.omitted++;
  }

  warn(issue: LedgerIssue): void {
    this.warnings.push(issue);
  }

  get count(): number {
    return this.errors.length + this.omitted;
  }
}

// ---------------------------------------------------------------------------------------------
// The envelope (the same for every version)

export interface MetaEntry {
  /** Excel row number */
  row: number;
  cell: CellObject | undefined;
}

export interface ReadContext {
  book: WorkBook;
  meta: Map<string, MetaEntry>;
  issues: Issues;
  options: LedgerImportOptions;
}

export interface LedgerReader {
  version: number;
  /** the sheets of this version, as released */
  format: readonly SheetDef[];
  /** read the data sheets and 元数据 into the current model; null when there were errors */
  read(ctx: ReadContext): Promise<{
    data: LedgerData | null;
    counts: Record<string, number>;
    checksum: { declared: string | null; computed: string | null };
  }>;
}

type Row = (CellObject | null | undefined)[];

function rowsOf(ws: WorkSheet): (Row | null | undefined)[] {
  return (ws['!data'] as (Row | null | undefined)[] | undefined) ?? [];
}

function cellText(cell: CellObject | null | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 's') return restoreText(String(cell.v));
  return String(cell.v);
}

function sheetOf(book: WorkBook, name: string): WorkSheet | undefined {
  return Object.prototype.hasOwnProperty.call(book.Sheets, name) ? book.Sheets[name] : undefined;
}

function sniff(b: Uint8Array): boolean {
  const zip = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07);
  const cfb = b.length >= 8 && [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((v, i) => b[i] === v);
  return zip || cfb;
}

function emptyResult(issues: Issues, meta: Partial<LedgerMeta> = {}, version: number | null = null): LedgerImportResult {
  return {
    ok: false,
    version,
    data: null,
    meta,
    errors: issues.errors,
    warnings: issues.warnings,
    omittedErrors: issues.omitted,
    counts: {},
    checksum: { declared: null, computed: null, matches: null },
  };
}

/** Read and validate a ledger workbook of any registered version. */
export async function importLedger(bytes: Uint8Array, options: LedgerImportOptions = {}): Promise<LedgerImportResult> {
  const issues = new Issues(options.maxErrors ?? 1000);
  const fatal = (message: string): LedgerImportResult => {
    issues.error({ sheet: '（文件）', row: null, column: null, header: null, message });
    return emptyResult(issues);
  };
  if (bytes.length === 0) return fatal(LEDGER_FATAL.empty);
  if (!sniff(bytes)) return fatal(LEDGER_FATAL.notWorkbook);
  options.onProgress?.({ phase: '读取工作簿', done: 0, total: 1 });
  let book: WorkBook;
  try {
    book = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellFormula: true,
      cellDates: false,
      cellHTML: false,
      cellText: false,
      cellStyles: false,
      cellNF: false,
      bookVBA: false,
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return fatal(/password|encrypt|decrypt/i.test(message) ? LEDGER_FATAL.encrypted : LEDGER_FATAL.corrupt);
  }
  if (options.shouldCancel?.()) throw new LedgerCancelled();

  const names = Array.isArray(book.SheetNames) ? book.SheetNames : [];
  const metaSheet = sheetOf(book, META_SHEET);
  if (!metaSheet || !Array.isArray(metaSheet['!data'])) {
    issues.error({
      sheet: META_SHEET,
      row: null,
      column: null,
      header: null,
      message: `不是标准工作台账：缺少“${META_SHEET}”工作表（本文件的工作表：${names.map((n) => `“${n}”`).join('、') || '无'}）。请使用 YCA Desk 导出的台账。`,
    });
    return emptyResult(issues);
  }

  // 元数据: column A key, column B value, from row 2
  const meta = new Map<string, MetaEntry>();
  rowsOf(metaSheet).forEach((row, r) => {
    if (r === 0 || !row) return;
    const key = cellText(row[0]).trim();
    if (key === '') return;
    if (meta.has(key)) {
      issues.error({ sheet: META_SHEET, row: r + 1, column: 'A', header: '项目', message: `项目“${key}”重复（第 ${meta.get(key)!.row} 行已有）` });
      return;
    }
    meta.set(key, { row: r + 1, cell: row[1] ?? undefined });
  });

  const formatEntry = meta.get(META_KEYS.format);
  if (!formatEntry || cellText(formatEntry.cell).trim() !== LEDGER_FORMAT) {
    issues.error({
      sheet: META_SHEET,
      row: formatEntry?.row ?? null,
      column: formatEntry ? 'B' : null,
      header: formatEntry ? '值' : null,
      message: `不是标准工作台账：“${META_KEYS.format}”应为 ${LEDGER_FORMAT}${formatEntry ? `，当前为“${cellText(formatEntry.cell)}”` : '，但元数据中没有该项'}`,
    });
    return emptyResult(issues);
  }
  const versionEntry = meta.get(META_KEYS.version);
  const version = versionEntry?.cell?.t === 'n' ? Number(versionEntry.cell.v) : Number.NaN;
  if (!versionEntry || !Number.isInteger(version) || version < 1) {
    issues.error({
      sheet: META_SHEET,
      row: versionEntry?.row ?? null,
      column: versionEntry ? 'B' : null,
      header: versionEntry ? '值' : null,
      message: `“${META_KEYS.version}”应为正整数${versionEntry ? `，当前为“${cellText(versionEntry.cell)}”` : '，但元数据中没有该项'}`,
    });
    return emptyResult(issues);
  }
  const readers = options.readers ?? LEDGER_READERS;
  const reader = readers.get(version);
  if (!reader) {
    const newest = Math.max(0, ...readers.keys());
    issues.error({
      sheet: META_SHEET,
      row: versionEntry.row,
      column: 'B',
      header: '值',
      message:
        version > newest
          ? `此台账为格式第 ${version} 版，本软件只能读取第 ${[...readers.keys()].sort((a, b) => a - b).join('、')} 版。请升级 YCA Desk 后再导入。`
          : `不支持的台账格式版本：第 ${version} 版。`,
    });
    return emptyResult(issues, {}, version);
  }

  const known = new Set<string>([META_SHEET, README_SHEET, ...reader.format.map((s) => s.name)]);
  for (const n of names) {
    if (!known.has(n)) {
      issues.warn({ sheet: n, row: null, column: null, header: null, message: `该工作表不属于台账格式第 ${version} 版，已忽略` });
    }
  }

  const read = await reader.read({ book, meta, issues, options });
  const partialMeta = readMetaLoosely(meta);
  const matches = read.checksum.declared !== null && read.checksum.computed !== null ? read.checksum.declared === read.checksum.computed : null;
  const ok = issues.count === 0 && read.data !== null;
  return {
    ok,
    version,
    data: ok ? read.data : null,
    meta: partialMeta,
    errors: issues.errors,
    warnings: issues.warnings,
    omittedErrors: issues.omitted,
    counts: read.counts,
    checksum: { ...read.checksum, matches },
  };
}

/** Whatever 元数据 holds, unchecked: for naming files in lists even when they are invalid. */
function readMetaLoosely(meta: Map<string, MetaEntry>): Partial<LedgerMeta> {
  const text = (k: string): string | undefined => {
    const e = meta.get(k);
    const s = e ? cellText(e.cell).trim() : '';
    return s === '' ? undefined : s;
  };
  const scopeLabel = text(META_KEYS.scope);
  const scope = (Object.keys(SCOPE_LABEL) as LedgerScope[]).find((k) => SCOPE_LABEL[k] === scopeLabel);
  const out: Partial<LedgerMeta> = {};
  const set = <K extends keyof LedgerMeta>(k: K, v: LedgerMeta[K] | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  set('unitCode', text(META_KEYS.unitCode));
  set('unitName', text(META_KEYS.unitName));
  set('scope', scope);
  set('term', text(META_KEYS.term));
  set('termLabel', text(META_KEYS.termLabel));
  set('exportedAt', text(META_KEYS.exportedAt));
  set('appVersion', text(META_KEYS.appVersion));
  set('exportedBy', text(META_KEYS.exportedBy));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Table reading (shared by the versions that store one record per row)

interface ParsedRow {
  /** Excel row number */
  row: number;
  values: Record<string, unknown>;
  /** keys whose cell decoded without error */
  good: Set<string>;
}

interface ParsedSheet {
  def: SheetDef;
  present: boolean;
  /** the header matched: rows were read */
  readable: boolean;
  rows: ParsedRow[];
  errorsBefore: number;
  errorsAfter: number;
}

function issueAt(def: SheetDef, row: number, key: string, message: string): LedgerIssue {
  const i = def.columns.findIndex((c) => c.key === key);
  return { sheet: def.name, row, column: i >= 0 ? columnLetter(i) : null, header: i >= 0 ? def.columns[i]!.header : null, message };
}

interface CellRead {
  plain: PlainCell;
  kind: 'text' | 'number' | 'empty';
  problem?: string;
}

const MAX_SERIAL = 2_958_465; // 9999-12-31

function readCell(col: ColumnDef, cell: CellObject | null | undefined): CellRead {
  if (!cell || cell.t === 'z' || cell.v === undefined || cell.v === null || (cell.t === 's' && cell.v === '')) {
    if (cell?.f) return { plain: null, kind: 'empty', problem: formulaProblem(cell.f) };
    return { plain: null, kind: 'empty' };
  }
  if (cell.f) return { plain: cellText(cell), kind: 'text', problem: formulaProblem(cell.f) };
  switch (cell.t) {
    case 'e':
      return { plain: String(cell.w ?? cell.v), kind: 'text', problem: `单元格为错误值 ${String(cell.w ?? '#错误')}，请填写有效的值` };
    case 'b':
      return { plain: String(cell.v), kind: 'text', problem: `应为${col.type === 'boolean' ? '“是”或“否”' : '文本或数值'}，当前为逻辑值 ${cell.v ? 'TRUE' : 'FALSE'}` };
    case 'd':
      return { plain: String(cell.v), kind: 'text', problem: '日期单元格无法读取，请将其格式设为“日期”后重新保存' };
    case 'n': {
      const v = Number(cell.v);
      if (col.type === 'date') {
        if (!(v >= 1 && v <= MAX_SERIAL)) return { plain: v, kind: 'number', problem: `不是有效的日期（数值 ${v}）` };
        return { plain: serialToDate(v), kind: 'number' };
      }
      if (col.type === 'integer' || col.type === 'number' || col.type === 'percent') return { plain: v, kind: 'number' };
      // a number typed into a text column (Excel turns "2017" into a number): the text it shows
      if (col.type === 'text' || col.type === 'list' || col.type === 'honours') return { plain: String(v), kind: 'text' };
      return { plain: String(v), kind: 'number' };
    }
    default:
      return { plain: restoreText(String(cell.v)), kind: 'text' };
  }
}

function formulaProblem(f: string): string {
  const short = f.length > 40 ? `${f.slice(0, 40)}…` : f;
  return `单元格含公式“=${short}”：台账只接受直接填写的数值和文本，不接受公式`;
}

function readSheet(ctx: ReadContext, def: SheetDef, checksum: LedgerChecksum, progress: { done: number; total: number }): ParsedSheet {
  const { issues } = ctx;
  const errorsBefore = issues.count;
  const ws = sheetOf(ctx.book, def.name);
  const parsed: ParsedSheet = { def, present: false, readable: false, rows: [], errorsBefore, errorsAfter: errorsBefore };
  if (!ws || !Array.isArray(ws['!data'])) {
    if (!def.optional) {
      issues.error({ sheet: def.name, row: null, column: null, header: null, message: `缺少工作表“${def.name}”` });
    }
    return parsed;
  }
  parsed.present = true;
  const rows = rowsOf(ws);
  const header = rows[0] ?? [];
  let headerOk = true;
  def.columns.forEach((c, i) => {
    const actual = cellText(header[i]).trim();
    if (actual === c.header) return;
    headerOk = false;
    issues.error({
      sheet: def.name,
      row: 1,
      column: columnLetter(i),
      header: c.header,
      message: actual === '' ? `缺少表头“${c.header}”` : `表头应为“${c.header}”，当前为“${actual}”（列的顺序和名称不能改动）`,
    });
  });
  for (let i = def.columns.length; i < header.length; i++) {
    const actual = cellText(header[i]).trim();
    if (actual === '') continue;
    headerOk = false;
    issues.error({
      sheet: def.name,
      row: 1,
      column: columnLetter(i),
      header: null,
      message: `多余的列“${actual}”：该工作表只有 ${def.columns.length} 列（A—${columnLetter(def.columns.length - 1)}）`,
    });
  }
  if (!headerOk) {
    parsed.errorsAfter = issues.count;
    return parsed;
  }
  parsed.readable = true;
  checksum.sheet(def.name, def.columns.map((c) => c.header));

  // index keys of a dense array enumerate in ascending order and skip holes
  for (const k of Object.keys(rows)) {
    const r = Number(k);
    if (!Number.isInteger(r) || r === 0) continue;
    const row = rows[r];
    if (!row) continue;
    if (parsed.rows.length >= MAX_LEDGER_ROWS) {
      issues.error({ sheet: def.name, row: r + 1, column: null, header: null, message: `数据行超过上限（${MAX_LEDGER_ROWS} 行），请拆分后再导入` });
      break;
    }
    const reads = def.columns.map((c, i) => readCell(c, row[i]));
    const extra: number[] = [];
    for (let i = def.columns.length; i < row.length; i++) {
      const cell = row[i];
      if (cell && cell.t !== 'z' && cellText(cell).trim() !== '') extra.push(i);
    }
    if (reads.every((x) => x.kind === 'empty' && !x.problem) && extra.length === 0) continue; // blank line
    const values: Record<string, unknown> = {};
    const good = new Set<string>();
    reads.forEach((read, i) => {
      const col = def.columns[i]!;
      if (read.problem) {
        issues.error({ sheet: def.name, row: r + 1, column: columnLetter(i), header: col.header, message: read.problem });
        return;
      }
      const d = decodeCell(col, read.plain, read.kind);
      if (!d.ok) {
        issues.error({ sheet: def.name, row: r + 1, column: columnLetter(i), header: col.header, message: d.message });
        return;
      }
      values[col.key] = d.value;
      good.add(col.key);
    });
    for (const i of extra) {
      issues.error({ sheet: def.name, row: r + 1, column: columnLetter(i), header: null, message: '表头以外的单元格有内容：请删除，或检查是否错列' });
    }
    checksum.row(reads.map((x) => x.plain));
    parsed.rows.push({ row: r + 1, values, good });
    progress.done++;
    if (progress.done % 1000 === 0) {
      if (ctx.options.shouldCancel?.()) throw new LedgerCancelled();
      ctx.options.onProgress?.({ phase: `校验“${def.name}”`, done: progress.done, total: progress.total });
    }
  }
  parsed.errorsAfter = issues.count;
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// Version 1

function has(r: ParsedRow, ...keys: string[]): boolean {
  return keys.every((k) => r.good.has(k));
}

function uniqueCheck(issues: Issues, sheet: ParsedSheet, key: string, what: string): void {
  const seen = new Map<unknown, number>();
  for (const r of sheet.rows) {
    if (!has(r, key)) continue;
    const v = r.values[key];
    const first = seen.get(v);
    if (first !== undefined) issues.error(issueAt(sheet.def, r.row, key, `${what}“${String(v)}”与第 ${first} 行重复`));
    else seen.set(v, r.row);
  }
}

const ITEM_SHAPE = new Map(DEFAULT_RUBRIC.items.map((i) => [i.no, i]));

function checkV1(issues: Issues, s: Record<DataSheetId, ParsedSheet>, metaUnitCode: string | null): void {
  const { collectives, units, workEntries, assessments, changes, evaluations, report } = s;
  const errorsBeforeUnitChecks = issues.count;

  // --- units
  uniqueCheck(issues, units, 'unitCode', '单位编码');
  const unitByCode = new Map<string, ParsedRow>();
  for (const r of units.rows) if (has(r, 'unitCode') && !unitByCode.has(r.values.unitCode as string)) unitByCode.set(r.values.unitCode as string, r);
  units.rows.forEach((r, i) => {
    if (!has(r, 'parentCode')) return;
    const parent = r.values.parentCode as string;
    if (i === 0) {
      if (parent !== '') issues.error(issueAt(units.def, r.row, 'parentCode', '第一行是导出单位本身，上级单位编码应为空'));
      if (has(r, 'unitCode') && metaUnitCode !== null && r.values.unitCode !== metaUnitCode) {
        issues.error(issueAt(units.def, r.row, 'unitCode', `第一行应为导出单位“${metaUnitCode}”（与元数据的单位编码一致），当前为“${String(r.values.unitCode)}”`));
      }
    } else if (parent === '') {
      issues.error(issueAt(units.def, r.row, 'parentCode', '除第一行（导出单位）外，每个单位都须填写上级单位编码'));
    } else if (!unitByCode.has(parent)) {
      issues.error(issueAt(units.def, r.row, 'parentCode', `上级单位编码“${parent}”不在本工作表中`));
    }
    if (has(r, 'base', 'required', 'deviatesFromRule', 'approved', 'filed', 'completionRate')) {
      const base = r.values.base as number | null;
      const required = r.values.required as number | null;
      const dev = r.values.deviatesFromRule as boolean | null;
      const approved = r.values.approved as number;
      const rate = r.values.completionRate as number | null;
      if ((base === null) !== (required === null)) {
        issues.error(issueAt(units.def, r.row, base === null ? 'base' : 'required', '基数和应完成网络创建数须同时填写或同时为空'));
      } else if (base !== null && required !== null) {
        if (dev === null) issues.error(issueAt(units.def, r.row, 'deviatesFromRule', '有基数时须填写“是”或“否”'));
        else if (!dev && required !== base * 10) {
          issues.error(issueAt(units.def, r.row, 'deviatesFromRule', `应完成网络创建数 ${required} 不等于基数 ${base} × 10，应填“是”`));
        }
        const expected = round4(required === 0 ? 1 : approved / required);
        if (rate === null || Math.abs(rate - expected) > 0.00005) {
          issues.error(issueAt(units.def, r.row, 'completionRate', `完成率应为 ${(expected * 100).toFixed(2)}%（创建集体 ÷ 应完成网络创建数）`));
        }
      } else {
        if (dev !== null) issues.error(issueAt(units.def, r.row, 'deviatesFromRule', '没有基数时应为空'));
        if (rate !== null) issues.error(issueAt(units.def, r.row, 'completionRate', '没有应完成网络创建数时完成率应为空'));
      }
      if (has(r, 'filed') && approved > (r.values.filed as number)) {
        issues.error(issueAt(units.def, r.row, 'approved', `创建集体 ${approved} 不能多于已报备 ${String(r.values.filed)}`));
      }
    }
    for (const k of ['formerNational', 'nonPublic', 'socialOrg']) {
      if (has(r, k, 'approved') && (r.values[k] as number) > (r.values.approved as number)) {
        issues.error(issueAt(units.def, r.row, k, `不能多于创建集体数 ${String(r.values.approved)}`));
      }
    }
  });
  // parent links must not loop
  const parentOf = (code: string): string | undefined => {
    const r = unitByCode.get(code);
    return r && has(r, 'parentCode') ? ((r.values.parentCode as string) || undefined) : undefined;
  };
  for (const r of units.rows) {
    if (!has(r, 'unitCode')) continue;
    const seen = new Set<string>();
    let c: string | undefined = r.values.unitCode as string;
    while (c !== undefined && !seen.has(c)) {
      seen.add(c);
      c = parentOf(c);
    }
    if (c !== undefined) issues.error(issueAt(units.def, r.row, 'parentCode', '上级单位编码形成循环'));
  }
  // the tree is usable for counting only when the sheet read cleanly and its own checks passed
  const treeOk =
    units.readable && units.rows.length > 0 && units.errorsAfter === units.errorsBefore && issues.count === errorsBeforeUnitChecks;

  const unitRef = (sheet: ParsedSheet, r: ParsedRow, codeKey: string, nameKey: string | null): void => {
    if (!units.readable || !has(r, codeKey)) return;
    const code = r.values[codeKey] as string;
    const unit = unitByCode.get(code);
    if (!unit) {
      issues.error(issueAt(sheet.def, r.row, codeKey, `单位编码“${code}”不在“${units.def.name}”中`));
      return;
    }
    if (nameKey && has(r, nameKey) && has(unit, 'unitName') && r.values[nameKey] !== unit.values.unitName) {
      issues.error(issueAt(sheet.def, r.row, nameKey, `应为“${String(unit.values.unitName)}”（与“${units.def.name}”中单位“${code}”的名称一致）`));
    }
  };

  // --- collectives
  uniqueCheck(issues, collectives, 'seq', '序号');
  uniqueCheck(issues, collectives, 'code', '用户名（编码）');
  const collectiveByCode = new Map<string, ParsedRow>();
  for (const r of collectives.rows) {
    if (has(r, 'code') && !collectiveByCode.has(r.values.code as string)) collectiveByCode.set(r.values.code as string, r);
    unitRef(collectives, r, 'unitCode', 'unitName');
    if (has(r, 'memberCount', 'youthCount')) {
      const members = r.values.memberCount as number;
      const youth = r.values.youthCount as number;
      if (youth > members) issues.error(issueAt(collectives.def, r.row, 'youthCount', `35岁以下人数 ${youth} 不能多于成员人数 ${members}`));
      else if (has(r, 'youthShare')) {
        const share = r.values.youthShare as number | null;
        if (members === 0) {
          if (share !== null) issues.error(issueAt(collectives.def, r.row, 'youthShare', '成员人数为 0 时青年占比应为空'));
        } else {
          const expected = round4(youth / members);
          if (share === null || Math.abs(share - expected) > 0.00005) {
            issues.error(issueAt(collectives.def, r.row, 'youthShare', `青年占比应为 ${(expected * 100).toFixed(2)}%（35岁以下人数 ÷ 成员人数）`));
          }
        }
      }
    }
    if (has(r, 'evaluationCount', 'complaintCount') && (r.values.complaintCount as number) > (r.values.evaluationCount as number)) {
      issues.error(issueAt(collectives.def, r.row, 'complaintCount', `投诉数 ${String(r.values.complaintCount)} 不能多于社会评价数 ${String(r.values.evaluationCount)}`));
    }
  }

  // unit counts must agree with the list of collectives (each unit counts its subtree)
  const collectivesOk = collectives.readable && collectives.errorsAfter === collectives.errorsBefore;
  if (treeOk && collectivesOk) {
    const tally = new Map<string, Record<'filed' | 'approved' | 'formerNational' | 'nonPublic' | 'socialOrg', number>>();
    for (const code of unitByCode.keys()) tally.set(code, { filed: 0, approved: 0, formerNational: 0, nonPublic: 0, socialOrg: 0 });
    for (const r of collectives.rows) {
      const v = r.values as unknown as CollectiveLedgerRow;
      const filed = countsAsFiled(v.status);
      const approved = countsAsApproved(v.status);
      let c: string | undefined = v.unitCode;
      const seen = new Set<string>();
      while (c !== undefined && !seen.has(c) && tally.has(c)) {
        seen.add(c);
        const t = tally.get(c)!;
        if (filed) t.filed++;
        if (approved) {
          t.approved++;
          if (v.honours.some((h) => h.level === 'national')) t.formerNational++;
          if (v.type === '非公经济组织') t.nonPublic++;
          if (v.type === '社会组织') t.socialOrg++;
        }
        c = parentOf(c);
      }
    }
    for (const r of units.rows) {
      const t = tally.get(r.values.unitCode as string)!;
      for (const k of ['filed', 'approved', 'formerNational', 'nonPublic', 'socialOrg'] as const) {
        if (r.values[k] !== t[k]) {
          issues.error(issueAt(units.def, r.row, k, `应为 ${t[k]}（按“${collectives.def.name}”统计，含下级单位），当前为 ${String(r.values[k])}`));
        }
      }
    }
  }

  const collectiveRef = (sheet: ParsedSheet, r: ParsedRow): void => {
    if (!collectives.readable || !has(r, 'collectiveCode')) return;
    const code = r.values.collectiveCode as string;
    const c = collectiveByCode.get(code);
    if (!c) {
      issues.error(issueAt(sheet.def, r.row, 'collectiveCode', `集体编码“${code}”不在“${collectives.def.name}”中`));
      return;
    }
    if (has(r, 'collectiveName') && has(c, 'name') && r.values.collectiveName !== c.values.name) {
      issues.error(issueAt(sheet.def, r.row, 'collectiveName', `应为“${String(c.values.name)}”（与“${collectives.def.name}”一致）`));
    }
    if (has(r, 'unitCode') && has(c, 'unitCode') && r.values.unitCode !== c.values.unitCode) {
      issues.error(issueAt(sheet.def, r.row, 'unitCode', `应为“${String(c.values.unitCode)}”（与“${collectives.def.name}”中该集体的管理单位一致）`));
    }
  };

  // --- work entries
  uniqueCheck(issues, workEntries, 'seq', '序号');
  for (const r of workEntries.rows) unitRef(workEntries, r, 'unitCode', 'unitName');

  // --- assessments: groups of 11 items
  const groups = new Map<string, ParsedRow[]>();
  for (const r of assessments.rows) {
    unitRef(assessments, r, 'unitCode', 'unitName');
    if (!has(r, 'unitCode', 'kind', 'scorer')) continue;
    const key = `${String(r.values.unitCode)}\u0000${String(r.values.kind)}\u0000${String(r.values.scorer)}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const def = assessments.def;
  for (const rows of groups.values()) {
    const first = rows[0]!;
    const label = `单位“${String(first.values.unitCode)}”${first.values.kind === 'self' ? '自评' : '全国考评'}（评分人 ${String(first.values.scorer)}）`;
    const seenItems = new Map<number, number>();
    const unit = unitByCode.get(first.values.unitCode as string);
    const provincial = unit && has(unit, 'provincialCommittee') ? (unit.values.provincialCommittee as boolean) : null;
    for (const r of rows) {
      for (const k of ['rubricVersion', 'submittedOn'] as const) {
        if (has(r, k) && has(first, k) && r.values[k] !== first.values[k]) {
          issues.error(issueAt(def, r.row, k, `同一份考评的${k === 'rubricVersion' ? '评分细则版本' : '提交日期'}应一致（第 ${first.row} 行为 ${String(first.values[k] ?? '空')}）`));
        }
      }
      if (r === first && first.values.kind === 'national' && has(r, 'submittedOn') && r.values.submittedOn === null) {
        issues.error(issueAt(def, r.row, 'submittedOn', '全国考评须有提交日期（台账只收录已提交的全国考评）'));
      }
      if (!has(r, 'itemNo')) continue;
      const no = r.values.itemNo as number;
      const dup = seenItems.get(no);
      if (dup !== undefined) {
        issues.error(issueAt(def, r.row, 'itemNo', `第 ${no} 项在${label}中重复（第 ${dup} 行已有）`));
        continue;
      }
      seenItems.set(no, r.row);
      const shape = ITEM_SHAPE.get(no)!;
      if (has(r, 'itemName') && r.values.itemName !== shape.name) issues.error(issueAt(def, r.row, 'itemName', `第 ${no} 项应为“${shape.name}”`));
      if (has(r, 'area') && r.values.area !== shape.area) issues.error(issueAt(def, r.row, 'area', `第 ${no} 项属于“${shape.area}”`));
      const assessedExpected = provincial === null ? null : !PROVINCIAL_ONLY_ITEMS.includes(no) || provincial;
      if (has(r, 'assessed') && assessedExpected !== null && r.values.assessed !== assessedExpected) {
        issues.error(
          issueAt(def, r.row, 'assessed', assessedExpected ? `第 ${no} 项适用于本单位，应填“是”` : `第 ${no} 项只考核省级地方团委，本单位应填“否”`),
        );
      }
      if (!has(r, 'score', 'max', 'assessed')) continue;
      const score = r.values.score as number | null;
      const max = r.values.max as number;
      if (score === null) continue;
      if (!r.values.assessed) issues.error(issueAt(def, r.row, 'score', `本单位不考核第 ${no} 项，得分应为空`));
      else if (no === DEDUCTION_ITEM) {
        if (score > 0 || score < -max) issues.error(issueAt(def, r.row, 'score', `减分项应为 0 至 -${max} 分，当前为 ${score} 分`));
      } else if (score < 0 || score > max) {
        issues.error(issueAt(def, r.row, 'score', `${no === BONUS_ITEM ? '加分项' : `第 ${no} 项`}应为 0 至 ${max} 分，当前为 ${score} 分`));
      }
    }
    const missing = [...ITEM_SHAPE.keys()].filter((n) => !seenItems.has(n));
    if (missing.length > 0 && rows.every((r) => has(r, 'itemNo'))) {
      issues.error(issueAt(def, first.row, 'itemNo', `${label}缺少第 ${missing.join('、')} 项：每份考评须列出附件3的全部 11 项`));
    }
  }

  // --- changes and evaluations refer to collectives
  uniqueCheck(issues, changes, 'seq', '序号');
  for (const r of changes.rows) collectiveRef(changes, r);
  uniqueCheck(issues, evaluations, 'seq', '序号');
  for (const r of evaluations.rows) {
    collectiveRef(evaluations, r);
    if (!has(r, 'complaint')) continue;
    if (r.values.complaint) {
      if (has(r, 'complaintState') && r.values.complaintState === null) issues.error(issueAt(evaluations.def, r.row, 'complaintState', '投诉须填写办理状态'));
    } else {
      for (const k of ['complaintState', 'rectifyBy', 'closedOn']) {
        if (has(r, k) && r.values[k] !== null) issues.error(issueAt(evaluations.def, r.row, k, '不是投诉时应为空'));
      }
    }
  }

  // per-collective evaluation counts must agree with the evaluation rows
  if (collectivesOk && evaluations.readable && evaluations.errorsAfter === evaluations.errorsBefore) {
    const n = new Map<string, { all: number; complaints: number }>();
    for (const r of evaluations.rows) {
      const t = n.get(r.values.collectiveCode as string) ?? { all: 0, complaints: 0 };
      t.all++;
      if (r.values.complaint) t.complaints++;
      n.set(r.values.collectiveCode as string, t);
    }
    for (const r of collectives.rows) {
      const t = n.get(r.values.code as string) ?? { all: 0, complaints: 0 };
      if (r.values.evaluationCount !== t.all) {
        issues.error(issueAt(collectives.def, r.row, 'evaluationCount', `应为 ${t.all}（“${evaluations.def.name}”中该集体有 ${t.all} 条），当前为 ${String(r.values.evaluationCount)}`));
      } else if (r.values.complaintCount !== t.complaints) {
        issues.error(issueAt(collectives.def, r.row, 'complaintCount', `应为 ${t.complaints}（“${evaluations.def.name}”中该集体有 ${t.complaints} 条投诉），当前为 ${String(r.values.complaintCount)}`));
      }
    }
  }

  // --- report paragraphs 1…n
  if (report.present && report.readable) {
    report.rows.forEach((r, i) => {
      if (has(r, 'paragraph') && r.values.paragraph !== i + 1) {
        issues.error(issueAt(report.def, r.row, 'paragraph', `段落序号应为 ${i + 1}（从 1 开始连续编号）`));
      }
    });
    const chars = countReportChars(report.rows.map((r) => (has(r, 'text') ? String(r.values.text) : '')).join('\n'));
    if (chars > REPORT_LIMIT) {
      issues.warn({ sheet: report.def.name, row: null, column: null, header: null, message: `情况报告共 ${chars} 字，超过 ${REPORT_LIMIT} 字的上限` });
    }
  }
}

interface MetaRead {
  meta: LedgerMeta | null;
  declaredCounts: Map<string, { row: number; count: number }>;
  checksum: string | null;
}

function readMetaV1(ctx: ReadContext, format: readonly SheetDef[], present: ReadonlySet<string>): MetaRead {
  const { meta, issues } = ctx;
  const err = (row: number | null, message: string): void =>
    issues.error({ sheet: META_SHEET, row, column: row === null ? null : 'B', header: row === null ? null : '值', message });
  const text = (key: string, required: boolean, test?: (s: string) => string | null): string | null => {
    const e = meta.get(key);
    if (!e) {
      if (required) err(null, `缺少项目“${key}”`);
      return required ? null : '';
    }
    if (e.cell?.f) {
      err(e.row, formulaProblem(e.cell.f));
      return null;
    }
    const s = cellText(e.cell).trim();
    if (s === '') {
      if (required) err(e.row, `“${key}”不能为空`);
      return required ? null : '';
    }
    const problem = test?.(s) ?? null;
    if (problem) {
      err(e.row, `“${key}”${problem}`);
      return null;
    }
    return s;
  };
  const unitCode = text(META_KEYS.unitCode, true);
  const unitName = text(META_KEYS.unitName, true);
  const scopeLabel = text(META_KEYS.scope, true, (s) =>
    Object.values(SCOPE_LABEL).includes(s) ? null : `应为“${SCOPE_LABEL.unit}”或“${SCOPE_LABEL.national}”，当前为“${s}”`,
  );
  const term = text(META_KEYS.term, true, (s) => (/^\d{4}-\d{4}$/.test(s) ? null : `应为如 2017-2018 的届次编码，当前为“${s}”`));
  const termLabel = text(META_KEYS.termLabel, true);
  const exportedAt = text(META_KEYS.exportedAt, true, (s) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && Number.isFinite(Date.parse(s))
      ? null
      : `应为 ISO 8601 时间（如 2018-03-01T08:00:00.000Z），当前为“${s}”`,
  );
  const appVersion = text(META_KEYS.appVersion, true);
  const exportedBy = text(META_KEYS.exportedBy, false);
  const checksum = text(META_KEYS.checksum, true, (s) => (/^[0-9a-f]{64}$/.test(s) ? null : '应为 64 位十六进制（0-9、a-f）校验值'));

  const declaredCounts = new Map<string, { row: number; count: number }>();
  for (const def of format) {
    const key = rowCountKey(def.name);
    const e = meta.get(key);
    if (!e) {
      if (!def.optional) err(null, `缺少项目“${key}”`);
      else if (present.has(def.name)) issues.warn({ sheet: META_SHEET, row: null, column: null, header: null, message: `缺少项目“${key}”` });
      continue;
    }
    const n = e.cell?.t === 'n' ? Number(e.cell.v) : Number.NaN;
    if (!Number.isInteger(n) || n < 0) {
      err(e.row, `“${key}”应为非负整数，当前为“${cellText(e.cell)}”`);
      continue;
    }
    if (def.optional && !present.has(def.name)) {
      err(e.row, `元数据记录了“${def.name}”${n} 行，但工作簿中没有该工作表`);
      continue;
    }
    declaredCounts.set(def.name, { row: e.row, count: n });
  }
  const knownKeys = new Set<string>([...Object.values(META_KEYS), ...format.map((d) => rowCountKey(d.name))]);
  for (const [key, e] of meta) {
    if (!knownKeys.has(key)) issues.warn({ sheet: META_SHEET, row: e.row, column: 'A', header: '项目', message: `项目“${key}”不属于台账格式第 1 版，已忽略` });
  }
  if ([unitCode, unitName, scopeLabel, term, termLabel, exportedAt, appVersion, exportedBy].some((v) => v === null)) {
    return { meta: null, declaredCounts, checksum };
  }
  const scope = (Object.keys(SCOPE_LABEL) as LedgerScope[]).find((k) => SCOPE_LABEL[k] === scopeLabel)!;
  return {
    meta: {
      format: LEDGER_FORMAT,
      version: 1,
      unitCode: unitCode!,
      unitName: unitName!,
      scope,
      term: term!,
      termLabel: termLabel!,
      exportedAt: exportedAt!,
      appVersion: appVersion!,
      exportedBy: exportedBy!,
    },
    declaredCounts,
    checksum,
  };
}

/** Reader of format version 1 (the current model is v1's, so it converts nothing). */
export const readerV1: LedgerReader = {
  version: 1,
  format: FORMAT_V1,
  async read(ctx) {
    const { issues } = ctx;
    const checksum = new LedgerChecksum();
    // rows to read, for the progress bar (a sheet's dense row array, minus its header)
    const total = FORMAT_V1.reduce((n, d) => {
      const ws = sheetOf(ctx.book, d.name);
      return n + (ws ? Math.max(0, rowsOf(ws).length - 1) : 0);
    }, 0);
    const progress = { done: 0, total: Math.max(1, total) };
    const sheets = {} as Record<DataSheetId, ParsedSheet>;
    for (const def of FORMAT_V1) sheets[def.id] = readSheet(ctx, def, checksum, progress);
    const present = new Set(FORMAT_V1.filter((d) => sheets[d.id].present).map((d) => d.name));
    const metaRead = readMetaV1(ctx, FORMAT_V1, present);

    const counts: Record<string, number> = {};
    for (const def of FORMAT_V1) if (sheets[def.id].present) counts[def.name] = sheets[def.id].rows.length;
    for (const [name, declared] of metaRead.declaredCounts) {
      const actual = counts[name];
      if (actual !== undefined && actual !== declared.count && FORMAT_V1.some((d) => d.name === name && sheets[d.id].readable)) {
        issues.warn({
          sheet: META_SHEET,
          row: declared.row,
          column: 'B',
          header: '值',
          message: `元数据记录“${name}”有 ${declared.count} 行，实际为 ${actual} 行：台账在导出后被增删过`,
        });
      }
    }

    // scope must agree with the first unit row
    const firstUnit = sheets.units.rows[0];
    const metaUnitCode = cellText(ctx.meta.get(META_KEYS.unitCode)?.cell).trim() || null;
    if (metaRead.meta && firstUnit && has(firstUnit, 'unitName', 'channel')) {
      if (firstUnit.values.unitName !== metaRead.meta.unitName) {
        const e = ctx.meta.get(META_KEYS.unitName)!;
        issues.error({ sheet: META_SHEET, row: e.row, column: 'B', header: '值', message: `单位名称应与“${sheets.units.def.name}”第一行一致（“${String(firstUnit.values.unitName)}”）` });
      }
      const national = firstUnit.values.channel === 'national';
      if ((metaRead.meta.scope === 'national') !== national) {
        const e = ctx.meta.get(META_KEYS.scope)!;
        issues.error({ sheet: META_SHEET, row: e.row, column: 'B', header: '值', message: `范围应为“${national ? SCOPE_LABEL.national : SCOPE_LABEL.unit}”（与导出单位一致）` });
      }
    }
    checkV1(issues, sheets, metaUnitCode);

    const allReadable = FORMAT_V1.every((d) => !sheets[d.id].present || sheets[d.id].readable) && FORMAT_V1.every((d) => d.optional || sheets[d.id].present);
    ctx.options.onProgress?.({ phase: '核对校验值', done: progress.total, total: progress.total });
    const computed = allReadable ? await checksum.hex() : null;
    if (computed !== null && metaRead.checksum !== null && computed !== metaRead.checksum) {
      const e = ctx.meta.get(META_KEYS.checksum)!;
      issues.warn({
        sheet: META_SHEET,
        row: e.row,
        column: 'B',
        header: '值',
        message: '校验值不一致：台账内容在导出后被修改过（例如手工编辑）。内容已逐项校验，请向报送单位核实改动。',
      });
    }
    if (issues.count > 0 || !metaRead.meta) return { data: null, counts, checksum: { declared: metaRead.checksum, computed } };
    const rows = <T>(id: DataSheetId): T[] => sheets[id].rows.map((r) => r.values as unknown as T);
    const data: LedgerData = {
      meta: metaRead.meta,
      collectives: rows<CollectiveLedgerRow>('collectives'),
      units: rows<UnitLedgerRow>('units'),
      workEntries: rows<WorkEntryLedgerRow>('workEntries'),
      assessments: rows<AssessmentLedgerRow>('assessments'),
      changes: rows<ChangeLedgerRow>('changes'),
      evaluations: rows<EvaluationLedgerRow>('evaluations'),
      report: sheets.report.present ? rows<ReportLedgerRow>('report') : null,
    };
    return { data, counts, checksum: { declared: metaRead.checksum, computed } };
  },
};

/**
 * Readers by format version. Add a version here when it is released; never remove one. Every
 * reader returns the current model (LedgerData), converting older layouts.
 */
export const LEDGER_READERS: ReadonlyMap<number, LedgerReader> = new Map([[1, readerV1]]);

/** The newest version this build reads; exports write CURRENT_LEDGER_VERSION. */
export const NEWEST_READABLE_VERSION = Math.max(...LEDGER_READERS.keys());
if (NEWEST_READABLE_VERSION !== CURRENT_LEDGER_VERSION) {
  throw new Error('ledger readers and CURRENT_LEDGER_VERSION disagree');
}
