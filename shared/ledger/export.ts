/**
 * Ledger rows → workbook bytes (format CURRENT_LEDGER_VERSION).
 *
 * Policy:
 * - Sheets in this order: 说明 (the format, documented inside the workbook, generated from the
 *   same definitions the importer checks), the data sheets of format.ts, 元数据 last.
 * - Numbers and dates are real cells (a date is an Excel serial formatted yyyy-mm-dd, a share a
 *   number formatted 0.00%); text cells are neutralised by cells.ts safeText and never carry a
 *   formula. Every sheet's header row is frozen; widths fit Chinese (a CJK character counts 2).
 * - The sheets are SheetJS worksheet objects (dense); the bytes are written by xlsxWrite.ts
 *   through cells.ts workbookBytes, with shared strings, never by XLSX.write.
 * - 元数据 records format, version, unit, scope, term, export time, app version, the account that
 *   exported, the row count of every data sheet and the SHA-256 checksum (codec.ts).
 * - Long work reports progress and may be cancelled between rows (LedgerCancelled).
 */
import type * as XLSX from 'xlsx';
import { displayWidth, safeText, workbookBytes } from './cells';
import { encodeCell, LedgerChecksum, type PlainCell } from './codec';
import {
  CHECKSUM_NOTE,
  CURRENT_LEDGER_VERSION,
  FORMAT_V1,
  LEDGER_FORMAT,
  MAX_CELL_TEXT,
  META_HEADERS,
  META_KEYS,
  META_SHEET,
  README_SHEET,
  SCOPE_LABEL,
  columnLetter,
  dateToSerial,
  rowCountKey,
  typeLabel,
  type ColumnDef,
  type DataSheetId,
  type LedgerData,
  type SheetDef,
} from './format';

/** The format exports write. */
export const CURRENT_FORMAT: readonly SheetDef[] = FORMAT_V1;

export interface LedgerProgress {
  /** Chinese, for the progress line */
  phase: string;
  done: number;
  total: number;
}

export interface LedgerWorkOptions {
  onProgress?: (p: LedgerProgress) => void;
  /** polled between rows; true stops the work with LedgerCancelled */
  shouldCancel?: () => boolean;
}

export class LedgerCancelled extends Error {
  constructor() {
    super('已取消');
    this.name = 'LedgerCancelled';
  }
}

export class LedgerExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerExportError';
  }
}

export interface LedgerExport {
  bytes: Uint8Array;
  /** sheet name → data rows */
  counts: Record<string, number>;
  checksum: string;
  fileName: string;
}

const DATE_FORMAT = 'yyyy-mm-dd';
const PERCENT_FORMAT = '0.00%';
const PROGRESS_EVERY = 500;
/**
 * Deflate level of the written file (xlsxWrite.ts, fflate). A 20,000-collective ledger at level 1
 * is 2.7 MB against 2.1 MB at level 6 (SheetJS's own writer gave 5.8 MB) and is written in half
 * the time (0.34 s against 0.72 s in Node; deflate is two thirds of the writer's time at level 1),
 * which keeps the whole export well under 1.3 × bare SheetJS (test/bench/ledger.bench.ts).
 */
const LEDGER_ZIP_LEVEL = 1;
const WIDTH_SAMPLE_ROWS = 500;
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** The rows of one data sheet, or null when the sheet is not written (report not embedded). */
export function sheetRows(data: LedgerData, id: DataSheetId): readonly object[] | null {
  switch (id) {
    case 'collectives':
      return data.collectives;
    case 'units':
      return data.units;
    case 'workEntries':
      return data.workEntries;
    case 'assessments':
      return data.assessments;
    case 'changes':
      return data.changes;
    case 'evaluations':
      return data.evaluations;
    case 'report':
      return data.report;
  }
}

/** 工作台账_<单位>_<届次>.xlsx — characters Windows forbids in file names are replaced. */
export function ledgerFileName(meta: Pick<LedgerData['meta'], 'unitName' | 'term'>): string {
  return `工作台账_${meta.unitName}_${meta.term}.xlsx`.replace(/[\\/:*?"<>|\s]+/g, '_');
}

function textCell(s: string): XLSX.CellObject {
  return { t: 's', v: safeText(s) };
}

/** A typed cell for a plain value of a column. */
function cellFor(col: ColumnDef, plain: PlainCell): XLSX.CellObject | undefined {
  // undefined, not null: a hole in the dense sheet model (SheetJS's own writer skips holes but not nulls)
  if (plain === null) return undefined;
  if (col.type === 'date') return { t: 'n', v: dateToSerial(plain as string), z: DATE_FORMAT };
  if (typeof plain === 'number') return col.type === 'percent' ? { t: 'n', v: plain, z: PERCENT_FORMAT } : { t: 'n', v: plain };
  return textCell(plain);
}

function fitWidth(col: ColumnDef, header: string, sample: readonly PlainCell[]): number {
  if (col.width !== undefined) return Math.max(col.width, displayWidth(header));
  if (col.type === 'date') return Math.max(12, displayWidth(header));
  let w = displayWidth(header);
  for (const v of sample) {
    if (v === null) continue;
    const s = typeof v === 'number' ? (col.type === 'percent' ? '100.00%' : String(v)) : v;
    const d = displayWidth(s);
    if (d > w) w = d;
    if (w >= MAX_WIDTH) break;
  }
  return w;
}

function cols(widths: readonly number[]): XLSX.ColInfo[] {
  return widths.map((w) => ({ wch: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2)) }));
}

/** A dense worksheet from a header row and typed rows (undefined = no cell). */
function denseSheet(header: readonly string[], rows: (XLSX.CellObject | undefined)[][], widths: readonly number[]): XLSX.WorkSheet {
  const data: (XLSX.CellObject | undefined)[][] = [header.map((h) => textCell(h)), ...rows];
  const ws: XLSX.WorkSheet = {
    '!data': data as XLSX.CellObject[][],
    '!ref': `A1:${columnLetter(Math.max(0, header.length - 1))}${Math.max(1, data.length)}`,
    '!cols': cols(widths),
  };
  return ws;
}

/** The 说明 sheet: the format documented inside the workbook. */
export function readmeSheetRows(format: readonly SheetDef[], version: number): string[][] {
  const rows: string[][] = [
    ['（总则）', '', '格式', '', '', `${LEDGER_FORMAT} 第 ${version} 版：青年文明号活动管理工作考评要求的“格式统一的工作台账”（附件3 一.3），由 YCA Desk 导出，可用 Excel 或 WPS 打开。`],
    ['（总则）', '', '表头', '', '', '每个工作表第 1 行为表头（已冻结），数据从第 2 行开始，每行一条记录。工作表名、表头文字和列的顺序不得改动，否则导入时报错。'],
    ['（总则）', '', '单元格', '', '', '数值和日期是真实的数值和日期（非文本）；空单元格表示无。以 = + - @、制表符或回车开头的文本前加了英文单引号“\'”，防止被当作公式执行，导入时自动去掉。台账不接受公式。'],
    ['（总则）', '', '校验值', '', '', CHECKSUM_NOTE],
    ['（总则）', '', '版本', '', '', '格式的任何变更都发布为新版本；旧版本的台账仍可导入。'],
  ];
  for (const sheet of format) {
    rows.push([sheet.name, '', '（工作表）', '', sheet.optional ? '否' : '是', sheet.note]);
    sheet.columns.forEach((c, i) => rows.push([sheet.name, columnLetter(i), c.header, typeLabel(c), c.required ? '是' : '否', c.note]));
  }
  rows.push([META_SHEET, '', '（工作表）', '', '是', '台账的格式版本、导出单位、届次、导出时间、软件版本、各工作表行数和校验值，每项一行：A 列为项目，B 列为值。']);
  const metaNotes: [string, string, string][] = [
    [META_KEYS.format, '文本', `固定为 ${LEDGER_FORMAT}`],
    [META_KEYS.version, '整数', '格式版本号'],
    [META_KEYS.unitCode, '文本', '导出单位的编码，与“网络创建完成情况”第一行一致'],
    [META_KEYS.unitName, '文本', '导出单位的名称'],
    [META_KEYS.scope, '文本', `${SCOPE_LABEL.unit}，或${SCOPE_LABEL.national}`],
    [META_KEYS.term, '文本', '届次编码，如 2017-2018'],
    [META_KEYS.termLabel, '文本', '届次名称，如 2017—2018年度'],
    [META_KEYS.exportedAt, '文本', '导出时间（ISO 8601，UTC）；同一单位重复报送时以导出时间较晚的为准'],
    [META_KEYS.appVersion, '文本', '导出台账的软件版本'],
    [META_KEYS.exportedBy, '文本', '导出人：姓名（编码）'],
    [rowCountKey('<工作表>'), '整数', '该数据工作表的数据行数（不含表头）'],
    [META_KEYS.checksum, '文本', '64 位十六进制 SHA-256 校验值'],
  ];
  for (const [key, type, note] of metaNotes) rows.push([META_SHEET, '', key, type, '是', note]);
  return rows;
}

export const README_HEADERS = ['工作表', '列', '列名', '数据类型', '必填', '说明'] as const;

/**
 * Write a ledger. Throws LedgerExportError when a value cannot be stored (a text longer than
 * Excel allows in one cell), LedgerCancelled when cancelled.
 */
export async function exportLedger(data: LedgerData, options: LedgerWorkOptions = {}): Promise<LedgerExport> {
  const format = CURRENT_FORMAT;
  const present = format.filter((s) => sheetRows(data, s.id) !== null);
  const total = present.reduce((n, s) => n + sheetRows(data, s.id)!.length, 0) + 1;
  let done = 0;
  const progress = (phase: string): void => options.onProgress?.({ phase, done, total });
  const checksum = new LedgerChecksum();
  const counts: Record<string, number> = {};
  const sheets: { name: string; sheet: XLSX.WorkSheet }[] = [];

  for (const def of present) {
    const rows = sheetRows(data, def.id)! as readonly Record<string, unknown>[];
    const headers = def.columns.map((c) => c.header);
    checksum.sheet(def.name, headers);
    const out: (XLSX.CellObject | undefined)[][] = new Array(rows.length);
    const sample: PlainCell[][] = def.columns.map(() => []);
    progress(`写入“${def.name}”`);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const plain: PlainCell[] = new Array(def.columns.length);
      const cells: (XLSX.CellObject | undefined)[] = new Array(def.columns.length);
      for (let c = 0; c < def.columns.length; c++) {
        const col = def.columns[c]!;
        const v = encodeCell(col, row[col.key]);
        if (typeof v === 'string' && v.length >= MAX_CELL_TEXT) {
          throw new LedgerExportError(
            `“${def.name}”第 ${r + 2} 行“${col.header}”有 ${v.length} 个字符，超过 Excel 单元格的上限（${MAX_CELL_TEXT - 1} 个），请缩短后再导出。`,
          );
        }
        plain[c] = v;
        cells[c] = cellFor(col, v);
        if (r < WIDTH_SAMPLE_ROWS) sample[c]!.push(v);
      }
      checksum.row(plain);
      out[r] = cells;
      done++;
      if (done % PROGRESS_EVERY === 0) {
        if (options.shouldCancel?.()) throw new LedgerCancelled();
        progress(`写入“${def.name}”`);
      }
    }
    counts[def.name] = rows.length;
    const widths = def.columns.map((c, i) => fitWidth(c, c.header, sample[i]!));
    sheets.push({ name: def.name, sheet: denseSheet(headers, out, widths) });
  }
  if (options.shouldCancel?.()) throw new LedgerCancelled();

  const digest = await checksum.hex();
  const m = data.meta;
  const metaRows: (XLSX.CellObject | undefined)[][] = [
    [textCell(META_KEYS.format), textCell(LEDGER_FORMAT)],
    [textCell(META_KEYS.version), { t: 'n', v: CURRENT_LEDGER_VERSION }],
    [textCell(META_KEYS.unitCode), textCell(m.unitCode)],
    [textCell(META_KEYS.unitName), textCell(m.unitName)],
    [textCell(META_KEYS.scope), textCell(SCOPE_LABEL[m.scope])],
    [textCell(META_KEYS.term), textCell(m.term)],
    [textCell(META_KEYS.termLabel), textCell(m.termLabel)],
    [textCell(META_KEYS.exportedAt), textCell(m.exportedAt)],
    [textCell(META_KEYS.appVersion), textCell(m.appVersion)],
    [textCell(META_KEYS.exportedBy), m.exportedBy ? textCell(m.exportedBy) : undefined],
    ...present.map((s) => [textCell(rowCountKey(s.name)), { t: 'n', v: counts[s.name]! } as XLSX.CellObject]),
    [textCell(META_KEYS.checksum), textCell(digest)],
  ];
  const readme = readmeSheetRows(format, CURRENT_LEDGER_VERSION);
  const readmeWidths = README_HEADERS.map((h, i) => (i === 5 ? 90 : Math.max(displayWidth(h), ...readme.map((r) => displayWidth(r[i]!)))));

  progress('生成 Excel 文件');
  const bytes = workbookBytes(
    [
      { name: README_SHEET, sheet: denseSheet(README_HEADERS, readme.map((r) => r.map((v) => (v === '' ? undefined : textCell(v)))), readmeWidths) },
      ...sheets,
      { name: META_SHEET, sheet: denseSheet(META_HEADERS, metaRows, [20, 70]) },
    ],
    { sharedStrings: true, level: LEDGER_ZIP_LEVEL },
  );
  done = total;
  progress('完成');
  return { bytes, counts, checksum: digest, fileName: ledgerFileName(m) };
}
