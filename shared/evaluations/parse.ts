/**
 * 社会评价 import: workbook bytes → mapped, validated rows. Pure: no I/O.
 *
 * Policy (the roster import's rules, shared/roster/parse.ts):
 * - Never throws on bad input: a file that cannot be an evaluation list yields `fatal`
 *   (Chinese); everything else yields rows with per-cell errors, so the preview shows them all
 *   at once (parse → validate everything → preview → write all or nothing).
 * - Accepted containers: OOXML/ODS (zip), BIFF (xls), SpreadsheetML/HTML saved as ".xls". Plain
 *   text/CSV is refused (Excel's CSV in China is GBK and would arrive garbled).
 * - The header row is found in the first HEADER_SCAN_ROWS rows: the row with the most known
 *   columns, at least two, one of which names the collective (集体名称 or 用户名（编码）).
 *   Title rows above it are skipped. A value merged down over several rows (one collective,
 *   several evaluations) belongs to each row.
 * - At most MAX_EVALUATION_ROWS non-empty rows; more is refused, never truncated.
 * - The same heading in two header cells is refused: reading one column would drop the other.
 * - Which collective a row means is resolved later against the importer's scope (plan.ts).
 */
import * as XLSX from 'xlsx';
import type { CellObject, Range, WorkBook } from 'xlsx';
import type { EvaluationSource } from '../model/entities';
import { headerKey } from '../roster/fields';
import { normaliseCellText } from '../roster/parse';
import { localDay } from '../rules/complaints';
import { clip } from '../text/clip';
import { evaluationProblems, parseDateText, parseRating, parseYesNo, resolveSource, EVALUATION_SOURCE_LABEL, type EvaluationInputField } from './fields';

export const MAX_EVALUATION_ROWS = 10_000;
export const HEADER_SCAN_ROWS = 20;

export type EvaluationField = 'collective' | 'code' | 'source' | 'rating' | 'content' | 'date' | 'complaint';

export interface EvaluationColumnSpec {
  field: EvaluationField;
  header: string;
  synonyms: readonly string[];
  suffixSynonyms: readonly string[];
  instruction: string;
}

export const EVALUATION_COLUMNS: readonly EvaluationColumnSpec[] = [
  {
    field: 'collective',
    header: '集体名称',
    synonyms: ['集体名称', '规范名称', '集体', '被评价集体', '评价对象', '集体全称', '创建集体名称', '名称'],
    suffixSynonyms: ['集体名称', '集体全称'],
    instruction: '被评价集体的规范名称（或曾用名称）；与“用户名（编码）”至少填一项。',
  },
  {
    field: 'code',
    header: '用户名（编码）',
    synonyms: ['用户名', '编码', '用户名(编码)', '集体编码', '账号', '帐号'],
    suffixSynonyms: ['编码'],
    instruction: '集体的用户名（编码）；填写后按编码识别集体。',
  },
  {
    field: 'source',
    header: '评价来源',
    synonyms: ['评价来源', '来源', '评价主体', '评价方', '评价人类别', '意见来源'],
    suffixSynonyms: ['来源'],
    instruction: '社会公众、监督队伍、专业机构、互评互查，四选一（“群众”“监督员”“第三方”“互评”等常见说法可自动识别）。',
  },
  {
    field: 'rating',
    header: '评分',
    synonyms: ['评分', '分数', '得分', '星级', '满意度', '满意度评分', '评价等级', '评级'],
    suffixSynonyms: ['评分', '星级'],
    instruction: '1—5 的整数，5 为最好；也可写“5分”“★★★★★”。',
  },
  {
    field: 'content',
    header: '评价内容',
    synonyms: ['评价内容', '内容', '意见', '评价意见', '具体意见', '意见建议', '评价', '投诉内容', '反映问题'],
    suffixSynonyms: ['内容', '意见'],
    instruction: '评价或投诉的具体内容，不超过 2000 个字；投诉必须填写。',
  },
  {
    field: 'date',
    header: '评价日期',
    synonyms: ['评价日期', '日期', '时间', '评价时间', '反映日期', '投诉日期', '收到日期'],
    suffixSynonyms: ['日期', '时间'],
    instruction: '如 2017-05-04；不能晚于导入当天。',
  },
  {
    field: 'complaint',
    header: '是否投诉',
    synonyms: ['是否投诉', '投诉', '属于投诉', '是否为投诉'],
    suffixSynonyms: ['是否投诉'],
    instruction: '是 / 否（留空为否）。投诉导入后进入“已受理”，按流程办理。',
  },
];

export function columnHeader(field: EvaluationField): string {
  return EVALUATION_COLUMNS.find((c) => c.field === field)?.header ?? field;
}

const EXACT = new Map<string, EvaluationField>();
const SUFFIX: { key: string; field: EvaluationField }[] = [];
for (const spec of EVALUATION_COLUMNS) {
  for (const s of [spec.header, ...spec.synonyms]) EXACT.set(headerKey(s), spec.field);
  for (const s of spec.suffixSynonyms) SUFFIX.push({ key: headerKey(s), field: spec.field });
}
SUFFIX.sort((a, b) => b.key.length - a.key.length);

const stripNotes = (k: string): string => k.replace(/[(\[【〔（][^()[\]【】〔〕（）]*[)\]】〕）]/g, '');

export function matchEvaluationHeader(text: string): EvaluationField | null {
  const key = headerKey(text);
  if (!key) return null;
  const bare = stripNotes(key);
  const exact = EXACT.get(key) ?? EXACT.get(bare);
  if (exact) return exact;
  for (const s of SUFFIX) if (bare.length > s.key.length && bare.endsWith(s.key)) return s.field;
  return null;
}

export interface EvaluationIssue {
  /** column letter, '' when not tied to a column */
  column: string;
  field: EvaluationField | null;
  message: string;
}

export interface EvaluationRowParsed {
  source: EvaluationSource | null;
  rating: number | null;
  date: string | null;
  complaint: boolean | null;
}

export interface EvaluationRow {
  rowNumber: number;
  values: Record<EvaluationField, string>;
  parsed: EvaluationRowParsed;
  errors: EvaluationIssue[];
}

export interface EvaluationParseResult {
  sheetName: string;
  headerRow: number;
  mapping: { field: EvaluationField; column: string; header: string }[];
  unmappedHeaders: { column: string; header: string }[];
  rows: EvaluationRow[];
  notes: string[];
  fatal?: string;
}

export const EVALUATION_FATAL = {
  empty: '文件为空（0 字节），请选择填好的社会评价 Excel 文件。',
  notWorkbook: '该文件不是 Excel 工作簿（.xlsx 或 .xls）。如为 CSV 或其他格式，请在 Excel/WPS 中“另存为”.xlsx 后再导入。',
  encrypted: '该工作簿设置了打开密码（已加密），无法读取。请取消密码保护后另存为 .xlsx 再导入。',
  corrupt: '文件已损坏或不完整，无法读取为 Excel 工作簿。请重新获取文件后再导入。',
  noSheet: '工作簿中没有可读取的工作表。',
  noHeader: `未找到表头：前 ${HEADER_SCAN_ROWS} 行中没有同时包含“集体名称”（或“用户名（编码）”）和其他列名（如“评价来源”“评分”“评价日期”）的行。请对照导入模板检查表头。`,
} as const;

function sniff(b: Uint8Array): boolean {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07)) return true;
  const cfb = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  if (b.length >= 8 && cfb.every((v, i) => b[i] === v)) return true;
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  for (; i < b.length && i < 2048; i++) {
    const c = b[i]!;
    if (c === 0x3c) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return false;
}

type Row = (CellObject | null | undefined)[];

function cellText(cell: CellObject | undefined): { text: string; error?: string; number?: number; date?: string } {
  if (!cell) return { text: '' };
  switch (cell.t) {
    case 's':
      return { text: typeof cell.v === 'string' ? cell.v : String(cell.v ?? '') };
    case 'n':
      return typeof cell.v === 'number' && Number.isFinite(cell.v) ? { text: String(cell.v), number: cell.v } : { text: '' };
    case 'b':
      return { text: cell.v ? '是' : '否' };
    case 'd': {
      const v = cell.v;
      // SheetJS gives date cells as UTC midnight of the calendar day: read them in UTC
      if (v instanceof Date && !Number.isNaN(v.getTime())) {
        const iso = v.toISOString().slice(0, 10);
        return { text: iso, date: iso };
      }
      return { text: typeof v === 'string' ? v : '' };
    }
    case 'e':
      return { text: '', error: typeof cell.w === 'string' && cell.w ? cell.w : '#错误' };
    default:
      return { text: '' };
  }
}

function existingIndices(arr: readonly unknown[]): number[] {
  const out: number[] = [];
  for (const k of Object.keys(arr)) {
    const i = Number(k);
    if (Number.isInteger(i) && arr[i]) out.push(i);
  }
  return out;
}

const EMPTY_VALUES = (): Record<EvaluationField, string> => ({ collective: '', code: '', source: '', rating: '', content: '', date: '', complaint: '' });

/** Excel serial day number → yyyy-mm-dd (a date typed into a cell without date format). */
function serialToDate(n: number): string | null {
  if (!Number.isInteger(n) || n < 20000 || n > 80000) return null;
  const p = XLSX.SSF.parse_date_code(n);
  if (!p) return null;
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

export interface EvaluationParseOptions {
  /** yyyy-mm-dd; default: today on this machine */
  today?: string;
  maxRows?: number;
}

export function parseEvaluationWorkbook(bytes: Uint8Array, options: EvaluationParseOptions = {}): EvaluationParseResult {
  const today = options.today ?? localDay(new Date());
  const base: EvaluationParseResult = { sheetName: '', headerRow: 0, mapping: [], unmappedHeaders: [], rows: [], notes: [] };
  const fail = (fatal: string, more: Partial<EvaluationParseResult> = {}): EvaluationParseResult => ({ ...base, ...more, fatal });
  if (bytes.length === 0) return fail(EVALUATION_FATAL.empty);
  if (!sniff(bytes)) return fail(EVALUATION_FATAL.notWorkbook);
  let wb: WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', cellDates: true, dense: true, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false });
  } catch (e) {
    return fail(/password|encrypt|decrypt/i.test(e instanceof Error ? e.message : String(e)) ? EVALUATION_FATAL.encrypted : EVALUATION_FATAL.corrupt);
  }

  // the sheet whose best header row knows the most columns
  let best: { name: string; data: (Row | null | undefined)[]; merges: Range[]; row: number; columns: Map<number, EvaluationField>; headers: Map<number, string> } | null = null;
  let sheets = 0;
  for (const name of Array.isArray(wb.SheetNames) ? wb.SheetNames : []) {
    const ws = Object.prototype.hasOwnProperty.call(wb.Sheets, name) ? wb.Sheets[name] : undefined;
    if (!ws || !Array.isArray(ws['!data'])) continue;
    sheets++;
    const data = ws['!data'] as (Row | null | undefined)[];
    for (let r = 0; r < HEADER_SCAN_ROWS; r++) {
      const row = data[r];
      if (!row) continue;
      const columns = new Map<number, EvaluationField>();
      const headers = new Map<number, string>();
      const seen = new Set<EvaluationField>();
      for (const c of existingIndices(row)) {
        const text = normaliseCellText(cellText(row[c] ?? undefined).text);
        if (!text) continue;
        headers.set(c, text);
        const f = matchEvaluationHeader(text);
        if (f && !seen.has(f)) {
          seen.add(f);
          columns.set(c, f);
        }
      }
      const qualifies = seen.size >= 2 && (seen.has('collective') || seen.has('code'));
      if (qualifies && (!best || columns.size > best.columns.size)) {
        best = { name, data, merges: Array.isArray(ws['!merges']) ? ws['!merges'] : [], row: r, columns, headers };
      }
    }
  }
  if (sheets === 0) return fail(EVALUATION_FATAL.noSheet);
  if (!best) return fail(EVALUATION_FATAL.noHeader);

  const mapping = [...best.columns.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([c, field]) => ({ field, column: XLSX.utils.encode_col(c), header: best.headers.get(c) ?? '' }));
  const unmappedHeaders = [...best.headers.entries()]
    .filter(([c, h]) => !best.columns.has(c) && !['序号', '编号', 'no', 'no.'].includes(headerKey(h)))
    .map(([c, header]) => ({ column: XLSX.utils.encode_col(c), header }));
  const notes: string[] = [];
  if (sheets > 1) notes.push(`已读取工作表“${best.name}”（表头与社会评价最吻合）。`);
  if (!best.columns.size || ![...best.columns.values()].includes('date')) {
    return fail(`表头（第 ${best.row + 1} 行）中没有“评价日期”列。`, { sheetName: best.name, headerRow: best.row + 1, mapping, unmappedHeaders, notes });
  }
  // the same heading typed twice: which column holds the data cannot be guessed, and reading one
  // would silently drop the other
  for (const [c, field] of best.columns) {
    const key = headerKey(best.headers.get(c) ?? '');
    const same = [...best.headers.entries()].filter(([, h]) => headerKey(h) === key).map(([col]) => col);
    if (same.length > 1) {
      const letters = same.sort((a, b) => a - b).map((col) => XLSX.utils.encode_col(col));
      return fail(
        `表头（第 ${best.row + 1} 行）中有重复的列：“${clip(best.headers.get(c) ?? '')}”同时出现在 ${letters.join('、')} 列，无法确定${columnHeader(field)}以哪一列为准（只读一列会漏掉另一列的内容）。请删除或改名多余的列后再导入。`,
        { sheetName: best.name, headerRow: best.row + 1, mapping, unmappedHeaders, notes },
      );
    }
  }
  for (const required of ['source', 'rating'] as const) {
    if (![...best.columns.values()].includes(required)) {
      return fail(`表头（第 ${best.row + 1} 行）中没有“${columnHeader(required)}”列。`, { sheetName: best.name, headerRow: best.row + 1, mapping, unmappedHeaders, notes });
    }
  }

  const merges = best.merges.filter((m) => m.e.r > best.row);
  const at = (r: number, c: number): CellObject | undefined => {
    const cell = best.data[r]?.[c] ?? undefined;
    if (cell) return cell;
    const m = merges.find((mm) => mm.s.r <= r && mm.e.r >= r && mm.s.c <= c && mm.e.c >= c && mm.s.r > best.row);
    return m ? (best.data[m.s.r]?.[m.s.c] ?? undefined) : undefined;
  };

  const rows: EvaluationRow[] = [];
  const maxRows = options.maxRows ?? MAX_EVALUATION_ROWS;
  for (const r of existingIndices(best.data)) {
    if (r <= best.row) continue;
    const values = EMPTY_VALUES();
    const errors: EvaluationIssue[] = [];
    const numbers = new Map<EvaluationField, number>();
    const dates = new Map<EvaluationField, string>();
    let any = false;
    for (const m of mapping) {
      const c = XLSX.utils.decode_col(m.column);
      const t = cellText(at(r, c));
      if (t.error) {
        errors.push({ column: m.column, field: m.field, message: `单元格为公式错误值（${t.error}），请改为实际内容。` });
        any = true;
      }
      values[m.field] = normaliseCellText(t.text);
      if (t.number !== undefined) numbers.set(m.field, t.number);
      if (t.date !== undefined) dates.set(m.field, t.date);
      if (values[m.field] !== '') any = true;
    }
    if (!any) continue;
    if (rows.length >= maxRows) return fail(`数据行超过 ${maxRows} 行，请拆分为多个文件后分别导入。`, { sheetName: best.name, headerRow: best.row + 1, mapping, unmappedHeaders, notes });
    rows.push(validateRow(r + 1, values, numbers, dates, mapping, errors, today));
  }
  return { sheetName: best.name, headerRow: best.row + 1, mapping, unmappedHeaders, rows, notes };
}

const FIELD_OF_INPUT: Record<EvaluationInputField, EvaluationField> = { source: 'source', rating: 'rating', content: 'content', date: 'date', complaint: 'complaint' };

function validateRow(
  rowNumber: number,
  values: Record<EvaluationField, string>,
  numbers: ReadonlyMap<EvaluationField, number>,
  dates: ReadonlyMap<EvaluationField, string>,
  mapping: readonly { field: EvaluationField; column: string }[],
  errors: EvaluationIssue[],
  today: string,
): EvaluationRow {
  const col = (f: EvaluationField) => mapping.find((m) => m.field === f)?.column ?? '';
  const err = (f: EvaluationField, message: string) => void errors.push({ column: col(f), field: f, message });
  const parsed: EvaluationRowParsed = { source: null, rating: null, date: null, complaint: null };

  if (values.collective === '' && values.code === '') err(col('collective') ? 'collective' : 'code', '请填写集体名称或用户名（编码）。');

  if (values.source === '') err('source', '评价来源不能为空。');
  else {
    parsed.source = resolveSource(values.source);
    if (!parsed.source) err('source', `评价来源“${clip(values.source)}”无法识别，应为${Object.values(EVALUATION_SOURCE_LABEL).join('、')}之一。`);
  }

  if (values.rating === '') err('rating', '评分不能为空。');
  else {
    parsed.rating = parseRating(values.rating, numbers.get('rating'));
    if (parsed.rating === null) err('rating', `评分“${clip(values.rating)}”无效，应为 1—5 的整数（5 为最好）。`);
  }

  if (values.date === '') err('date', '评价日期不能为空。');
  else {
    parsed.date = dates.get('date') ?? (numbers.has('date') ? serialToDate(numbers.get('date')!) : parseDateText(values.date));
    if (parsed.date === null) err('date', `评价日期“${clip(values.date)}”无法识别，请写成 2017-05-04 的形式。`);
  }

  parsed.complaint = parseYesNo(values.complaint);
  if (parsed.complaint === null) err('complaint', `是否投诉“${clip(values.complaint)}”无法识别，请填写“是”或“否”。`);

  // the rules of a single evaluation (the entry form applies the same)
  if (parsed.source && parsed.rating !== null && parsed.date && parsed.complaint !== null) {
    for (const p of evaluationProblems({ source: parsed.source, rating: parsed.rating, content: values.content, date: parsed.date, complaint: parsed.complaint }, today)) {
      err(FIELD_OF_INPUT[p.field], `${p.message}。`);
    }
  } else if ([...values.content].length > 2000) {
    err('content', '评价内容不能超过 2000 个字。');
  }
  return { rowNumber, values, parsed, errors };
}
