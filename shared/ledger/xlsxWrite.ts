/**
 * The one writer of .xlsx bytes: SheetJS worksheet objects (the product's in-memory sheet model)
 * → an Office Open XML SpreadsheetML package, written directly.
 *
 * Why not `XLSX.write`: SheetJS's community edition cannot write frozen panes, and its XML writer,
 * string conversions and own deflate were most of the time of a ledger export (docs/architecture.md,
 * "Workbooks"). SheetJS stays the reader everywhere.
 *
 * Policy:
 * - Input: `{ name, sheet, frozenRows? }[]`; a sheet is dense (`'!data'`) or sparse (A1 keys),
 *   with `'!ref'` and optional `'!cols'`. Cells: `s` text, `n` number, `b` boolean, `d` date
 *   (an Excel serial, as SheetJS writes it), `e` error; `z` number formats; undefined, null and
 *   `z` stub cells are skipped. Formulas are never written: no `<f>` element exists here.
 * - SheetJS reads the output back exactly as it reads SheetJS's own (values, types, formats,
 *   widths): the same `_xHHHH_` escapes of control characters, the same date serials, built-in
 *   format ids and width conversion. One deliberate difference: a text that looks like an escape
 *   (`_x0041_`) gets its underscore escaped (`_x005F_`), as Excel writes it, so it survives a round
 *   trip (SheetJS writes it bare and reads back "A"). A lone surrogate becomes U+FFFD, as before.
 * - Parts: [Content_Types].xml, _rels/.rels, docProps/app.xml and core.xml (no dates),
 *   xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/theme/theme1.xml, xl/worksheets/sheetN.xml,
 *   xl/styles.xml, xl/sharedStrings.xml (when `sharedStrings`; text is inline otherwise).
 * - Deterministic: no time stamps, zip entries dated ZIP_MTIME, parts in a fixed order, formats
 *   and shared strings numbered in order of first use, fixed chunk sizes into the deflater.
 * - Streaming: sheet XML is written as bytes into a 1 MiB buffer that is CRC'd and deflated
 *   (fflate) whenever it fills, so a sheet never exists as one string or one uncompressed array.
 *   The zip container is the exchange packages' canonical one (shared/exchange/zip.ts writeZip:
 *   sizes and CRCs in the local headers, no data descriptors, UTF-8 names).
 */
import type * as XLSX from 'xlsx';
import { Deflate } from 'fflate';
import { crc32, writeZip, type ZipWriteEntry } from '../exchange/zip';

/** Zip entry time: fixed, so the same content always gives the same bytes (fixtures, checksums of files). */
export const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** The same instant as the zip writer takes it: its date and time fields are 1980-01-01 00:00. */
const ZIP_MTIME_ISO = '1980-01-01T00:00:00.000Z';

export type ZipLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface XlsxSheetInput {
  name: string;
  sheet: XLSX.WorkSheet;
  /** header rows frozen at the top; default 1, 0 for none */
  frozenRows?: number;
}

export interface XlsxWriteOptions {
  /** text in the shared string table (true) or inline in the cells (false, the default) */
  sharedStrings?: boolean;
  /** deflate level of the zip entries (0 = stored); default 6 */
  level?: ZipLevel;
}

export class XlsxWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxWriteError';
  }
}

/** Excel's limits. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;
export const MAX_TEXT = 32_767;

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const CT = 'application/vnd.openxmlformats-officedocument.';

/** Bytes of XML handed to the deflater at a time. */
const CHUNK_BYTES = 1 << 20;
/** Room for one cell without its text: `<c r="XFD1048576" s="…" t="inlineStr"><v>-1.2345678901234567e-300</v></c>`. */
const CELL_ROOM = 128;

// ---------------------------------------------------------------------------------------------
// Escaping

/** Anything in a text that needs more than copying: markup, characters XML 1.0 cannot hold, escape look-alikes. */
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000b-\u001f\ud800-\udfff\ufffe\uffff]|_x[0-9a-f]{4}_/i;
/** Text whose spaces a reader would otherwise strip (the test SheetJS applies). */
const KEEP_SPACE = /^\s|\s$|[\t\n\r]/;

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function hexEscape(c: number): string {
  return `_x${c.toString(16).toUpperCase().padStart(4, '0')}_`;
}

/**
 * Text content of an element. & < > as entities; control characters other than tab and line
 * feed, and U+FFFE/U+FFFF, as `_xHHHH_` (ECMA-376 ST_Xstring; carriage return too, since XML
 * parsers turn a literal one into a line feed); the underscore of a literal `_xHHHH_` as
 * `_x005F_`; a lone surrogate (not UTF-8 at all) as U+FFFD, which is what SheetJS wrote.
 */
export function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = '';
  let last = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c < 32) {
      if (c !== 9 && c !== 10) rep = hexEscape(c);
    } else if (c === 95) {
      const x = s.charCodeAt(i + 1);
      if (
        (x === 120 || x === 88) &&
        isHex(s.charCodeAt(i + 2)) &&
        isHex(s.charCodeAt(i + 3)) &&
        isHex(s.charCodeAt(i + 4)) &&
        isHex(s.charCodeAt(i + 5)) &&
        s.charCodeAt(i + 6) === 95
      ) {
        rep = '_x005F_';
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++; // a pair: copied as it is
        continue;
      }
      rep = '\ufffd';
    } else if (c >= 0xfffe) rep = hexEscape(c);
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return out + s.slice(last);
}

/** An attribute value in double quotes (sheet names and format codes, which hold no control characters). */
function escapeAttr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

// ---------------------------------------------------------------------------------------------
// Names, references, ranges

const BAD_SHEET_CHARS = /[:\\/?*[\]]/;
/** Characters a name cannot hold: control characters, U+FFFE/U+FFFF, lone surrogates. */
const CONTROL = /[\u0000-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Excel's rules for sheet names (those SheetJS checks, plus uniqueness and characters XML can hold). */
export function checkSheetNames(names: readonly string[]): void {
  if (names.length === 0) throw new XlsxWriteError('工作簿至少要有一个工作表');
  const seen = new Set<string>();
  for (const name of names) {
    const bad = (why: string): XlsxWriteError => new XlsxWriteError(`工作表名称“${name}”无效：${why}`);
    if (typeof name !== 'string' || name === '') throw bad('不能为空');
    if (name.length > 31) throw bad(`不能超过 31 个字符（现有 ${name.length} 个）`);
    if (BAD_SHEET_CHARS.test(name)) throw bad('不能含有 : \\ / ? * [ ]');
    if (name.startsWith("'") || name.endsWith("'")) throw bad('不能以单引号开头或结尾');
    if (name.toLowerCase() === 'history') throw bad('History 是 Excel 保留的名称');
    if (CONTROL.test(name)) throw bad('含有控制字符');
    const key = name.toLowerCase();
    if (seen.has(key)) throw bad('与另一个工作表重名（不区分大小写）');
    seen.add(key);
  }
}

/** A, B, …, Z, AA, … for column 0, 1, … */
export function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface Range {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

const CELL_REF = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

function decodeCell(ref: string): { r: number; c: number } | null {
  const m = CELL_REF.exec(ref);
  if (!m) return null;
  let c = 0;
  for (const ch of m[1]!.toUpperCase()) c = c * 26 + ch.charCodeAt(0) - 64;
  return { r: Number(m[2]) - 1, c: c - 1 };
}

function decodeRange(sheetName: string, ref: string): Range {
  const [a, b = a] = ref.split(':');
  const s = decodeCell(a ?? '');
  const e = decodeCell(b ?? '');
  if (!s || !e || s.r < 0 || e.r < 0) throw new XlsxWriteError(`工作表“${sheetName}”的范围“${ref}”无效`);
  const range = { r0: Math.min(s.r, e.r), c0: Math.min(s.c, e.c), r1: Math.max(s.r, e.r), c1: Math.max(s.c, e.c) };
  if (range.r1 >= MAX_ROWS || range.c1 >= MAX_COLS) {
    throw new XlsxWriteError(`工作表“${sheetName}”的范围“${ref}”超过 Excel 的上限（${MAX_ROWS} 行、${MAX_COLS} 列）`);
  }
  return range;
}

function encodeRange(r: Range): string {
  const s = columnName(r.c0) + (r.r0 + 1);
  const e = columnName(r.c1) + (r.r1 + 1);
  return s === e ? s : `${s}:${e}`;
}

// ---------------------------------------------------------------------------------------------
// Styles: one cell format per distinct number format

/** Excel's built-in number formats, as SheetJS names them (its default table), without locale-dependent ones. */
const BUILTIN_FORMATS: ReadonlyMap<string, number> = new Map([
  ['General', 0],
  ['0', 1],
  ['0.00', 2],
  ['#,##0', 3],
  ['#,##0.00', 4],
  ['0%', 9],
  ['0.00%', 10],
  ['0.00E+00', 11],
  ['# ?/?', 12],
  ['# ??/??', 13],
  ['m/d/yy', 14],
  ['d-mmm-yy', 15],
  ['d-mmm', 16],
  ['mmm-yy', 17],
  ['h:mm AM/PM', 18],
  ['h:mm:ss AM/PM', 19],
  ['h:mm', 20],
  ['h:mm:ss', 21],
  ['m/d/yy h:mm', 22],
  ['#,##0 ;(#,##0)', 37],
  ['#,##0 ;[Red](#,##0)', 38],
  ['#,##0.00;(#,##0.00)', 39],
  ['#,##0.00;[Red](#,##0.00)', 40],
  ['mm:ss', 45],
  ['[h]:mm:ss', 46],
  ['mmss.0', 47],
  ['##0.0E+0', 48],
  ['@', 49],
]);
const BUILTIN_IDS: ReadonlySet<number> = new Set(BUILTIN_FORMATS.values());
/** SheetJS's format for a date cell without one (built-in 14: the reader's short date). */
const DEFAULT_DATE_FORMAT = 'm/d/yy';
const FIRST_CUSTOM_FORMAT = 164;

class Styles {
  /** format → index in cellXfs */
  private readonly xfOf = new Map<string | number, number>([['General', 0]]);
  private readonly xfFormat: number[] = [0];
  private readonly custom: string[] = [];

  xf(z: string | number): number {
    let xf = this.xfOf.get(z);
    if (xf !== undefined) return xf;
    let id: number;
    if (typeof z === 'number') {
      if (!BUILTIN_IDS.has(z)) throw new XlsxWriteError(`数字格式编号 ${z} 不是 Excel 的内置格式`);
      id = z;
    } else {
      const builtin = BUILTIN_FORMATS.get(z);
      if (builtin !== undefined) id = builtin;
      else {
        if (CONTROL.test(z)) throw new XlsxWriteError(`数字格式“${z}”含有控制字符`);
        id = FIRST_CUSTOM_FORMAT + this.custom.length;
        this.custom.push(z);
      }
    }
    xf = this.xfFormat.indexOf(id);
    if (xf < 0) {
      xf = this.xfFormat.length;
      this.xfFormat.push(id);
    }
    this.xfOf.set(z, xf);
    return xf;
  }

  xml(): string {
    const numFmts = this.custom.length
      ? `<numFmts count="${this.custom.length}">${this.custom.map((code, i) => `<numFmt numFmtId="${FIRST_CUSTOM_FORMAT + i}" formatCode="${escapeAttr(code)}"/>`).join('')}</numFmts>`
      : '';
    const xfs = this.xfFormat
      .map((id) => (id === 0 ? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' : `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`))
      .join('');
    return (
      `${XML_HEADER}<styleSheet xmlns="${NS_MAIN}">${numFmts}` +
      // SheetJS's defaults, so exported files look as before: Calibri 12 from the theme (宋体 for Chinese)
      '<fonts count="1"><font><sz val="12"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfFormat.length}">${xfs}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleMedium4"/>' +
      '</styleSheet>'
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Zip: CRC-32, entries deflated as their bytes arrive, the container

/** One file of the package: its bytes arrive in order; they are CRC'd and deflated (or stored) at once. */
class ZipEntry {
  crc = 0;
  size = 0;
  compressedSize = 0;
  readonly data: Uint8Array[] = [];
  private readonly deflate: Deflate | null;
  private ended = false;

  constructor(
    readonly name: string,
    level: ZipLevel,
  ) {
    this.deflate =
      level === 0
        ? null
        : new Deflate({ level }, (chunk) => {
            this.data.push(chunk);
            this.compressedSize += chunk.length;
          });
  }

  /** `chunk` is only read during the call (the deflater copies it), so its buffer may be reused. */
  push(chunk: Uint8Array, final: boolean): void {
    if (this.ended) throw new Error(`zip entry ${this.name} already ended`);
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    if (this.deflate) this.deflate.push(chunk, final);
    else if (chunk.length > 0) {
      this.data.push(chunk.slice());
      this.compressedSize += chunk.length;
    }
    this.ended = final;
  }

  /** The entry as the zip writer takes it. */
  written(): ZipWriteEntry {
    if (!this.ended) throw new Error(`zip entry ${this.name} not ended`);
    const packed = this.data.length === 1 ? this.data[0]! : new Uint8Array(this.compressedSize);
    if (this.data.length !== 1) {
      let at = 0;
      for (const chunk of this.data) {
        packed.set(chunk, at);
        at += chunk.length;
      }
    }
    return { name: this.name, method: this.deflate ? 8 : 0, packed, crc: this.crc, size: this.size };
  }
}

// ---------------------------------------------------------------------------------------------
// Writing XML as bytes

/** A reusable buffer of UTF-8 that goes to a zip entry whenever it fills. */
class XmlBytes {
  private buf = new Uint8Array(CHUNK_BYTES);
  private pos = 0;
  private readonly encoder = new TextEncoder();

  constructor(private readonly entry: ZipEntry) {}

  /** Make room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n);
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.entry.push(this.buf.subarray(0, this.pos), false);
    this.pos = 0;
  }

  end(): void {
    this.entry.push(this.buf.subarray(0, this.pos), true);
    this.pos = 0;
  }

  /** ASCII text (markup, references, numbers); room already made. */
  ascii(s: string): void {
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** A non-negative integer below 2³¹; room already made. */
  uint(n: number): void {
    const b = this.buf;
    if (n < 10) {
      b[this.pos++] = 48 + n;
      return;
    }
    let len = 1;
    for (let x = n; x >= 10; x = (x / 10) | 0) len++;
    let p = this.pos + len;
    this.pos = p;
    do {
      b[--p] = 48 + (n % 10);
      n = (n / 10) | 0;
    } while (n > 0);
  }

  /** A number as JavaScript (and SheetJS) prints it; room already made. */
  number(n: number): void {
    if (n >= 0 && n < 2147483648 && Number.isInteger(n)) this.uint(n);
    else this.ascii(String(n));
  }

  /** Any text, already escaped, as UTF-8 (room made here). */
  text(s: string): void {
    this.room(s.length * 3);
    this.pos += this.encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }
}

// ---------------------------------------------------------------------------------------------
// Shared strings

class SharedStrings {
  private readonly index = new Map<string, number>();
  readonly list: string[] = [];
  /** string cells written (the sst's count) */
  count = 0;

  id(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }

  write(out: XmlBytes): void {
    out.text(`${XML_HEADER}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.list.length}">`);
    let batch = '';
    for (const s of this.list) {
      batch += KEEP_SPACE.test(s) ? `<si><t xml:space="preserve">${escapeText(s)}</t></si>` : `<si><t>${escapeText(s)}</t></si>`;
      if (batch.length > 1 << 16) {
        out.text(batch);
        batch = '';
      }
    }
    out.text(`${batch}</sst>`);
    out.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Sheets

/** SheetJS's error codes → Excel's error texts. */
const ERROR_TEXT: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

const DAY_MS = 24 * 60 * 60 * 1000;
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);

/** Excel's 1900 date serial of a Date, exactly as SheetJS computes it (the instant read as UTC). */
export function dateSerial(d: Date): number {
  const res = (d.getTime() - SERIAL_EPOCH) / DAY_MS;
  return res < 60 ? res - 1 : res;
}

class SheetWriter {
  private readonly styleAttr: string[] = [];

  constructor(
    private readonly name: string,
    private readonly out: XmlBytes,
    private readonly styles: Styles,
    private readonly strings: SharedStrings | null,
  ) {}

  private style(z: string | number): string {
    const xf = this.styles.xf(z);
    return (this.styleAttr[xf] ??= xf === 0 ? '"' : `" s="${xf}"`);
  }

  /**
   * One cell: `col` is `<c r="` and the column's letters, `row` the row number; the style string
   * closes the reference (`"` or `" s="3"`).
   */
  private cell(cell: XLSX.CellObject, col: string, row: string): void {
    const v = cell.v;
    if (v === undefined || v === null || cell.t === 'z') return;
    const out = this.out;
    const z = cell.z;
    let s = z === undefined ? '"' : this.style(z);
    switch (cell.t) {
      case 'n': {
        const n = typeof v === 'number' ? v : Number(v);
        out.room(CELL_ROOM);
        out.ascii(col);
        out.ascii(row);
        out.ascii(s);
        if (Number.isFinite(n)) {
          out.ascii('><v>');
          out.number(n);
          out.ascii('</v></c>');
        } else out.ascii(Number.isNaN(n) ? ' t="e"><v>#NUM!</v></c>' : ' t="e"><v>#DIV/0!</v></c>');
        return;
      }
      case 'd': {
        const serial = dateSerial(v instanceof Date ? v : new Date(v as string | number));
        if (!Number.isFinite(serial)) throw new XlsxWriteError(`工作表“${this.name}”单元格 ${col.slice(6)}${row} 的日期无效`);
        if (z === undefined) s = this.style(DEFAULT_DATE_FORMAT);
        out.room(CELL_ROOM);
        out.ascii(col);
        out.ascii(row);
        out.ascii(s);
        out.ascii('><v>');
        out.number(serial);
        out.ascii('</v></c>');
        return;
      }
      case 'b':
        out.room(CELL_ROOM);
        out.ascii(col);
        out.ascii(row);
        out.ascii(s);
        out.ascii(v ? ' t="b"><v>1</v></c>' : ' t="b"><v>0</v></c>');
        return;
      case 'e':
        out.room(CELL_ROOM);
        out.ascii(col);
        out.ascii(row);
        out.ascii(s);
        out.ascii(` t="e"><v>${ERROR_TEXT[v as number] ?? '#N/A'}</v></c>`);
        return;
      default: {
        const text = typeof v === 'string' ? v : String(v);
        if (text.length > MAX_TEXT) {
          throw new XlsxWriteError(`工作表“${this.name}”单元格 ${col.slice(6)}${row} 的文本有 ${text.length} 个字符，超过 Excel 单元格的上限（${MAX_TEXT} 个）`);
        }
        out.room(CELL_ROOM);
        out.ascii(col);
        out.ascii(row);
        out.ascii(s);
        if (this.strings) {
          out.ascii(' t="s"><v>');
          out.uint(this.strings.id(text));
          out.ascii('</v></c>');
        } else {
          out.ascii(KEEP_SPACE.test(text) ? ' t="inlineStr"><is><t xml:space="preserve">' : ' t="inlineStr"><is><t>');
          out.text(escapeText(text));
          out.room(CELL_ROOM);
          out.ascii('</t></is></c>');
        }
      }
    }
  }

  write(ws: XLSX.WorkSheet, frozenRows: number, selected: boolean): void {
    const out = this.out;
    const ref = ws['!ref'];
    const range = ref ? decodeRange(this.name, ref) : null;
    const dimension = range ? encodeRange(range) : 'A1';
    out.text(
      `${XML_HEADER}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><dimension ref="${dimension}"/>` +
        `<sheetViews>${sheetView(frozenRows, selected)}</sheetViews><sheetFormatPr defaultRowHeight="16"/>${colsXml(ws['!cols'])}<sheetData>`,
    );
    if (range) {
      const open: string[] = []; // `<c r="` + letters, per column
      const letters: string[] = [];
      for (let c = range.c0; c <= range.c1; c++) {
        letters[c] = columnName(c);
        open[c] = `<c r="${letters[c]}`;
      }
      const dense = ws['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
      for (let r = range.r0; r <= range.r1; r++) {
        const cells = dense ? dense[r] : null;
        if (dense && !cells) continue;
        const rn = String(r + 1);
        let started = false;
        const end = cells ? Math.min(range.c1, cells.length - 1) : range.c1;
        for (let c = range.c0; c <= end; c++) {
          const cell = cells ? cells[c] : (ws[letters[c]! + rn] as XLSX.CellObject | undefined);
          if (!cell || cell.v === undefined || cell.v === null || cell.t === 'z') continue;
          if (!started) {
            out.room(32);
            out.ascii('<row r="');
            out.ascii(rn);
            out.ascii('">');
            started = true;
          }
          this.cell(cell, open[c]!, rn);
        }
        if (started) {
          out.room(8);
          out.ascii('</row>');
        }
      }
    }
    out.text(`</sheetData><ignoredErrors><ignoredError numberStoredAsText="1" sqref="${dimension}"/></ignoredErrors></worksheet>`);
    out.end();
  }
}

/** The sheet's view: the top `rows` rows frozen (the pane cells.ts freezeRows splices in). */
function sheetView(rows: number, selected: boolean): string {
  const tab = selected ? ' tabSelected="1"' : '';
  if (rows < 1) return `<sheetView${tab} workbookViewId="0"/>`;
  const top = `A${rows + 1}`;
  return `<sheetView${tab} workbookViewId="0"><pane ySplit="${rows}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/></sheetView>`;
}

/**
 * Column widths, converted from characters as SheetJS does (maximum digit width 6 px: width =
 * round((wch × 6 + 5) / 6 × 256) / 256), so files keep the widths they had.
 */
function colsXml(cols: XLSX.ColInfo[] | undefined): string {
  if (!cols || cols.length === 0) return '';
  let out = '';
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i];
    if (!col) continue;
    const mdw = col.MDW ?? 6;
    let width: number | undefined;
    if (col.width != null) width = col.width;
    else {
      const wch = col.wpx != null ? Math.floor(((col.wpx - 5) / mdw) * 100 + 0.5) / 100 : col.wch;
      if (wch != null) width = Math.round(((wch * mdw + 5) / mdw) * 256) / 256;
    }
    if (width === undefined && !col.hidden && col.level == null) continue;
    let attrs = `min="${i + 1}" max="${i + 1}"`;
    if (width !== undefined) attrs += ` width="${width}" customWidth="1"`;
    if (col.hidden) attrs += ' hidden="1"';
    if (col.level != null) attrs += ` outlineLevel="${col.level}"`;
    out += `<col ${attrs}/>`;
  }
  return out === '' ? '' : `<cols>${out}</cols>`;
}

// ---------------------------------------------------------------------------------------------
// The package

/** Write a workbook: the sheets in order, the first one selected. Throws XlsxWriteError for what Excel cannot hold. */
export function writeXlsx(sheets: readonly XlsxSheetInput[], options: XlsxWriteOptions = {}): Uint8Array {
  checkSheetNames(sheets.map((s) => s.name));
  const frozen = sheets.map((s) => {
    const rows = s.frozenRows ?? 1;
    if (!Number.isInteger(rows) || rows < 0 || rows >= MAX_ROWS) throw new XlsxWriteError(`工作表“${s.name}”冻结的行数 ${rows} 无效`);
    return rows;
  });
  const level = options.level ?? 6;
  const encoder = new TextEncoder();
  const styles = new Styles();
  const strings = options.sharedStrings ? new SharedStrings() : null;
  const entries: ZipEntry[] = [];
  const small = (name: string, xml: string): void => {
    const e = new ZipEntry(name, level);
    e.push(encoder.encode(xml), true);
    entries.push(e);
  };

  const n = sheets.length;
  const sheetIds = sheets.map((_, i) => i + 1);
  small(
    '[Content_Types].xml',
    `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${CT}spreadsheetml.sheet.main+xml"/>` +
      sheetIds.map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="${CT}spreadsheetml.worksheet+xml"/>`).join('') +
      `<Override PartName="/xl/theme/theme1.xml" ContentType="${CT}theme+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${CT}spreadsheetml.styles+xml"/>` +
      (strings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}spreadsheetml.sharedStrings+xml"/>` : '') +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      `<Override PartName="/docProps/app.xml" ContentType="${CT}extended-properties+xml"/>` +
      '</Types>',
  );
  small(
    '_rels/.rels',
    `${XML_HEADER}<Relationships xmlns="${NS_PKG_RELS}">` +
      `<Relationship Id="rId1" Type="${REL}officeDocument" Target="xl/workbook.xml"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      `<Relationship Id="rId3" Type="${REL}extended-properties" Target="docProps/app.xml"/>` +
      '</Relationships>',
  );
  small(
    'docProps/app.xml',
    `${XML_HEADER}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
      'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>YCA Desk</Application>' +
      `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>工作表</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
      `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${sheets.map((s) => `<vt:lpstr>${escapeText(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
      '</Properties>',
  );
  small(
    'docProps/core.xml',
    `${XML_HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
      'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>',
  );
  small(
    'xl/workbook.xml',
    `${XML_HEADER}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr/><sheets>` +
      sheets.map((s, i) => `<sheet name="${escapeAttr(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  );
  small(
    'xl/_rels/workbook.xml.rels',
    `${XML_HEADER}<Relationships xmlns="${NS_PKG_RELS}">` +
      sheetIds.map((i) => `<Relationship Id="rId${i}" Type="${REL}worksheet" Target="worksheets/sheet${i}.xml"/>`).join('') +
      `<Relationship Id="rId${n + 1}" Type="${REL}theme" Target="theme/theme1.xml"/>` +
      `<Relationship Id="rId${n + 2}" Type="${REL}styles" Target="styles.xml"/>` +
      (strings ? `<Relationship Id="rId${n + 3}" Type="${REL}sharedStrings" Target="sharedStrings.xml"/>` : '') +
      '</Relationships>',
  );
  small('xl/theme/theme1.xml', XML_HEADER + THEME);

  sheets.forEach((s, i) => {
    const entry = new ZipEntry(`xl/worksheets/sheet${i + 1}.xml`, level);
    new SheetWriter(s.name, new XmlBytes(entry), styles, strings).write(s.sheet, frozen[i]!, i === 0);
    entries.push(entry);
  });
  // styles and shared strings last: they are known once every sheet is written
  small('xl/styles.xml', styles.xml());
  if (strings) {
    const entry = new ZipEntry('xl/sharedStrings.xml', level);
    strings.write(new XmlBytes(entry));
    entries.push(entry);
  }
  try {
    return writeZip(
      entries.map((e) => e.written()),
      ZIP_MTIME_ISO,
    );
  } catch (e) {
    // the zip profile's limits: 4 GB in all, no part of 4 GB or more
    if (e instanceof RangeError) throw new XlsxWriteError('工作簿太大，超过 4 GB');
    throw e;
  }
}

/** The Office 2007 default theme, as SheetJS writes it: Calibri/Cambria, 宋体 for Simplified Chinese. */
const THEME =
  '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme">' +
  '<a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/>' +
  '</a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="1F497D"/>' +
  '</a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2><a:accent1><a:srgbClr val="4F81BD"/></a:accent1>' +
  '<a:accent2><a:srgbClr val="C0504D"/></a:accent2><a:accent3><a:srgbClr val="9BBB59"/></a:accent3>' +
  '<a:accent4><a:srgbClr val="8064A2"/></a:accent4><a:accent5><a:srgbClr val="4BACC6"/></a:accent5>' +
  '<a:accent6><a:srgbClr val="F79646"/></a:accent6><a:hlink><a:srgbClr val="0000FF"/></a:hlink>' +
  '<a:folHlink><a:srgbClr val="800080"/></a:folHlink></a:clrScheme><a:fontScheme name="Office">' +
  '<a:majorFont><a:latin typeface="Cambria"/><a:ea typeface=""/><a:cs typeface=""/>' +
  '<a:font script="Jpan" typeface="ＭＳ Ｐゴシック"/><a:font script="Hang" typeface="맑은 고딕"/>' +
  '<a:font script="Hans" typeface="宋体"/><a:font script="Hant" typeface="新細明體"/>' +
  '<a:font script="Arab" typeface="Times New Roman"/><a:font script="Hebr" typeface="Times New Roman"/>' +
  '<a:font script="Thai" typeface="Tahoma"/><a:font script="Ethi" typeface="Nyala"/>' +
  '<a:font script="Beng" typeface="Vrinda"/><a:font script="Gujr" typeface="Shruti"/>' +
  '<a:font script="Khmr" typeface="MoolBoran"/><a:font script="Knda" typeface="Tunga"/>' +
  '<a:font script="Guru" typeface="Raavi"/><a:font script="Cans" typeface="Euphemia"/>' +
  '<a:font script="Cher" typeface="Plantagenet Cherokee"/>' +
  '<a:font script="Yiii" typeface="Microsoft Yi Baiti"/>' +
  '<a:font script="Tibt" typeface="Microsoft Himalaya"/><a:font script="Thaa" typeface="MV Boli"/>' +
  '<a:font script="Deva" typeface="Mangal"/><a:font script="Telu" typeface="Gautami"/>' +
  '<a:font script="Taml" typeface="Latha"/><a:font script="Syrc" typeface="Estrangelo Edessa"/>' +
  '<a:font script="Orya" typeface="Kalinga"/><a:font script="Mlym" typeface="Kartika"/>' +
  '<a:font script="Laoo" typeface="DokChampa"/><a:font script="Sinh" typeface="Iskoola Pota"/>' +
  '<a:font script="Mong" typeface="Mongolian Baiti"/><a:font script="Viet" typeface="Times New Roman"/>' +
  '<a:font script="Uigh" typeface="Microsoft Uighur"/><a:font script="Geor" typeface="Sylfaen"/>' +
  '</a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/>' +
  '<a:font script="Jpan" typeface="ＭＳ Ｐゴシック"/><a:font script="Hang" typeface="맑은 고딕"/>' +
  '<a:font script="Hans" typeface="宋体"/><a:font script="Hant" typeface="新細明體"/>' +
  '<a:font script="Arab" typeface="Arial"/><a:font script="Hebr" typeface="Arial"/>' +
  '<a:font script="Thai" typeface="Tahoma"/><a:font script="Ethi" typeface="Nyala"/>' +
  '<a:font script="Beng" typeface="Vrinda"/><a:font script="Gujr" typeface="Shruti"/>' +
  '<a:font script="Khmr" typeface="DaunPenh"/><a:font script="Knda" typeface="Tunga"/>' +
  '<a:font script="Guru" typeface="Raavi"/><a:font script="Cans" typeface="Euphemia"/>' +
  '<a:font script="Cher" typeface="Plantagenet Cherokee"/>' +
  '<a:font script="Yiii" typeface="Microsoft Yi Baiti"/>' +
  '<a:font script="Tibt" typeface="Microsoft Himalaya"/><a:font script="Thaa" typeface="MV Boli"/>' +
  '<a:font script="Deva" typeface="Mangal"/><a:font script="Telu" typeface="Gautami"/>' +
  '<a:font script="Taml" typeface="Latha"/><a:font script="Syrc" typeface="Estrangelo Edessa"/>' +
  '<a:font script="Orya" typeface="Kalinga"/><a:font script="Mlym" typeface="Kartika"/>' +
  '<a:font script="Laoo" typeface="DokChampa"/><a:font script="Sinh" typeface="Iskoola Pota"/>' +
  '<a:font script="Mong" typeface="Mongolian Baiti"/><a:font script="Viet" typeface="Arial"/>' +
  '<a:font script="Uigh" typeface="Microsoft Uighur"/><a:font script="Geor" typeface="Sylfaen"/>' +
  '</a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill>' +
  '<a:schemeClr val="phClr"/></a:solidFill><a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0">' +
  '<a:schemeClr val="phClr"><a:tint val="50000"/><a:satMod val="300000"/></a:schemeClr></a:gs>' +
  '<a:gs pos="35000"><a:schemeClr val="phClr"><a:tint val="37000"/><a:satMod val="300000"/>' +
  '</a:schemeClr></a:gs><a:gs pos="100000"><a:schemeClr val="phClr"><a:tint val="15000"/>' +
  '<a:satMod val="350000"/></a:schemeClr></a:gs></a:gsLst><a:lin ang="16200000" scaled="1"/>' +
  '</a:gradFill><a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:schemeClr val="phClr">' +
  '<a:tint val="100000"/><a:shade val="100000"/><a:satMod val="130000"/></a:schemeClr></a:gs>' +
  '<a:gs pos="100000"><a:schemeClr val="phClr"><a:tint val="50000"/><a:shade val="100000"/>' +
  '<a:satMod val="350000"/></a:schemeClr></a:gs></a:gsLst><a:lin ang="16200000" scaled="0"/>' +
  '</a:gradFill></a:fillStyleLst><a:lnStyleLst><a:ln w="9525" cap="flat" cmpd="sng" algn="ctr">' +
  '<a:solidFill><a:schemeClr val="phClr"><a:shade val="95000"/><a:satMod val="105000"/></a:schemeClr>' +
  '</a:solidFill><a:prstDash val="solid"/></a:ln><a:ln w="25400" cap="flat" cmpd="sng" algn="ctr">' +
  '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/></a:ln>' +
  '<a:ln w="38100" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/>' +
  '</a:solidFill><a:prstDash val="solid"/></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle>' +
  '<a:effectLst><a:outerShdw blurRad="40000" dist="20000" dir="5400000" rotWithShape="0">' +
  '<a:srgbClr val="000000"><a:alpha val="38000"/></a:srgbClr></a:outerShdw></a:effectLst>' +
  '</a:effectStyle><a:effectStyle><a:effectLst>' +
  '<a:outerShdw blurRad="40000" dist="23000" dir="5400000" rotWithShape="0"><a:srgbClr val="000000">' +
  '<a:alpha val="35000"/></a:srgbClr></a:outerShdw></a:effectLst></a:effectStyle><a:effectStyle>' +
  '<a:effectLst><a:outerShdw blurRad="40000" dist="23000" dir="5400000" rotWithShape="0">' +
  '<a:srgbClr val="000000"><a:alpha val="35000"/></a:srgbClr></a:outerShdw></a:effectLst><a:scene3d>' +
  '<a:camera prst="orthographicFront"><a:rot lat="0" lon="0" rev="0"/></a:camera>' +
  '<a:lightRig rig="threePt" dir="t"><a:rot lat="0" lon="0" rev="1200000"/></a:lightRig></a:scene3d>' +
  '<a:sp3d><a:bevelT w="63500" h="25400"/></a:sp3d></a:effectStyle></a:effectStyleLst>' +
  '<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:gradFill rotWithShape="1">' +
  '<a:gsLst><a:gs pos="0"><a:schemeClr val="phClr"><a:tint val="40000"/><a:satMod val="350000"/>' +
  '</a:schemeClr></a:gs><a:gs pos="40000"><a:schemeClr val="phClr"><a:tint val="45000"/>' +
  '<a:shade val="99000"/><a:satMod val="350000"/></a:schemeClr></a:gs><a:gs pos="100000">' +
  '<a:schemeClr val="phClr"><a:shade val="20000"/><a:satMod val="255000"/></a:schemeClr></a:gs>' +
  '</a:gsLst><a:path path="circle"><a:fillToRect l="50000" t="-80000" r="50000" b="180000"/></a:path>' +
  '</a:gradFill><a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:schemeClr val="phClr">' +
  '<a:tint val="80000"/><a:satMod val="300000"/></a:schemeClr></a:gs><a:gs pos="100000">' +
  '<a:schemeClr val="phClr"><a:shade val="30000"/><a:satMod val="200000"/></a:schemeClr></a:gs>' +
  '</a:gsLst><a:path path="circle"><a:fillToRect l="50000" t="50000" r="50000" b="50000"/></a:path>' +
  '</a:gradFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults><a:spDef><a:spPr/>' +
  '<a:bodyPr/><a:lstStyle/><a:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>' +
  '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="2">' +
  '<a:schemeClr val="accent1"/></a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/>' +
  '</a:fontRef></a:style></a:spDef><a:lnDef><a:spPr/><a:bodyPr/><a:lstStyle/><a:style><a:lnRef idx="2">' +
  '<a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="0"><a:schemeClr val="accent1"/></a:fillRef>' +
  '<a:effectRef idx="1"><a:schemeClr val="accent1"/></a:effectRef><a:fontRef idx="minor">' +
  '<a:schemeClr val="tx1"/></a:fontRef></a:style></a:lnDef></a:objectDefaults><a:extraClrSchemeLst/>' +
  '</a:theme>';
