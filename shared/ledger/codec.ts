/**
 * Model value ↔ cell value of one ledger column, and the checksum over cell values.
 *
 * Policy: both directions go through one "plain cell value" (text, number or empty; a date is
 * its 'yyyy-mm-dd' text, an option its Chinese label, a list its joined text). Export writes it,
 * import reads it back and decodes it strictly: a value that does not fit its column is an error
 * with a Chinese message, never a silent guess. The checksum is over plain values, so re-saving
 * an unchanged ledger in Excel or WPS keeps it valid while any edit of a value changes it.
 */
import { sha256HexAsync } from '../security/sha256';
import { canonicalJson } from '../exchange/canonicalJson';
import type { Honour } from '../model/entities';
import {
  LIST_SEPARATOR,
  MAX_CELL_TEXT,
  YES_NO,
  honourText,
  isLedgerDate,
  listItem,
  parseHonour,
  type ColumnDef,
} from './format';

/** What one cell holds, independent of how the workbook stores it. */
export type PlainCell = string | number | null;

/** Earliest and latest date a ledger accepts: the scheme started in the 1990s. */
export const MIN_LEDGER_DATE = '1990-01-01';
export const MAX_LEDGER_DATE = '2100-12-31';

// ---------------------------------------------------------------------------------------------
// Encoding (export)

export function encodeCell(col: ColumnDef, value: unknown): PlainCell {
  if (value === null || value === undefined) return null;
  switch (col.type) {
    case 'text':
      return value === '' ? null : String(value);
    case 'integer':
    case 'number':
    case 'percent':
      return typeof value === 'number' ? value : null;
    case 'date':
      return typeof value === 'string' && value !== '' ? value : null;
    case 'enum':
      return col.labels?.[String(value)] ?? String(value);
    case 'boolean':
      return value ? YES_NO.true : YES_NO.false;
    case 'list': {
      const items = (value as string[]).map(listItem);
      return items.length ? items.join(LIST_SEPARATOR) : null;
    }
    case 'honours': {
      const items = (value as Honour[]).map(honourText);
      return items.length ? items.join(LIST_SEPARATOR) : null;
    }
    case 'json':
      // the model already holds canonical JSON text ('' for no details)
      return value === '' ? null : String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding (import)

export type Decoded = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): Decoded => ({ ok: true, value });
const bad = (message: string): Decoded => ({ ok: false, message });

/** The empty value of a column in the model. */
function emptyValue(col: ColumnDef): unknown {
  switch (col.type) {
    case 'text':
      return '';
    case 'list':
    case 'honours':
      return [];
    case 'json':
      return '';
    default:
      return null;
  }
}

function quote(s: string): string {
  const short = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return `“${short}”`;
}

function checkLength(col: ColumnDef, s: string): string | null {
  const max = col.maxLength ?? MAX_CELL_TEXT;
  const n = [...s].length;
  return n > max ? `内容过长：${n} 个字符，最多 ${max} 个` : null;
}

/**
 * Decode a plain cell value for a column. `kind` says how the workbook stored it: text cells and
 * number cells are told apart, so a number typed as text in a number column is an error.
 */
export function decodeCell(col: ColumnDef, plain: PlainCell, kind: 'text' | 'number' | 'empty'): Decoded {
  if (kind === 'empty' || plain === null || (typeof plain === 'string' && plain.trim() === '')) {
    return col.required ? bad('不能为空') : ok(emptyValue(col));
  }
  switch (col.type) {
    case 'text': {
      const s = String(plain);
      const long = checkLength(col, s);
      return long ? bad(long) : ok(s);
    }
    case 'integer':
    case 'number':
    case 'percent': {
      if (kind !== 'number' || typeof plain !== 'number') {
        return bad(`应为数值，当前为文本${quote(String(plain))}（请填写数字，并将单元格格式设为“数值”）`);
      }
      if (!Number.isFinite(plain)) return bad('不是有效的数值');
      if (col.type === 'integer' && !Number.isInteger(plain)) return bad(`应为整数，当前为 ${plain}`);
      // a completion rate may exceed 100 % (more creation collectives than required)
      if (col.type === 'percent' && plain < 0) return bad(`比例不能为负数，当前为 ${plain}`);
      if (col.min !== undefined && plain < col.min) return bad(`不能小于 ${col.min}，当前为 ${plain}`);
      if (col.max !== undefined && plain > col.max) return bad(`不能大于 ${col.max}，当前为 ${plain}`);
      return ok(plain);
    }
    case 'date': {
      if (kind !== 'number' || typeof plain !== 'string') {
        return bad(`应为日期，当前为文本${quote(String(plain))}（请输入如 2017-05-04 的日期，并将单元格格式设为“日期”）`);
      }
      if (!isLedgerDate(plain)) return bad('不是有效的日期');
      if (plain < MIN_LEDGER_DATE || plain > MAX_LEDGER_DATE) {
        return bad(`日期 ${plain} 超出范围（${MIN_LEDGER_DATE} 至 ${MAX_LEDGER_DATE}）`);
      }
      return ok(plain);
    }
    case 'enum': {
      if (kind !== 'text') return bad(`应填写选项之一：${Object.values(col.labels ?? {}).join('、')}`);
      const label = String(plain).trim();
      const labels = col.labels ?? {};
      const found = Object.keys(labels).find((k) => labels[k] === label);
      return found !== undefined
        ? ok(found)
        : bad(`${quote(label)}不是有效的选项，应为：${Object.values(labels).join('、')}`);
    }
    case 'boolean': {
      const label = String(plain).trim();
      if (kind === 'text' && label === YES_NO.true) return ok(true);
      if (kind === 'text' && label === YES_NO.false) return ok(false);
      return bad(`应填写“是”或“否”，当前为${quote(String(plain))}`);
    }
    case 'list': {
      const s = String(plain);
      const items = s.split(LIST_SEPARATOR);
      if (items.some((i) => i.trim() === '')) return bad(`含空的项目：多项之间用一个“${LIST_SEPARATOR}”分隔，首尾不加“${LIST_SEPARATOR}”`);
      for (const i of items) {
        const long = checkLength(col, i);
        if (long) return bad(`${quote(i)}${long}`);
      }
      return ok(items);
    }
    case 'honours': {
      const s = String(plain);
      const honours: Honour[] = [];
      for (const item of s.split(LIST_SEPARATOR)) {
        const h = parseHonour(item);
        if (!h || h.title.trim() === '') {
          return bad(`荣誉${quote(item)}格式不正确，应写作“名称（年份年全国|省级命名|复核认定）”，如“全国青年文明号（2014年全国命名）”`);
        }
        if (h.year < 1990 || h.year > 2100) return bad(`荣誉${quote(item)}的年份 ${h.year} 超出范围`);
        const long = checkLength(col, h.title);
        if (long) return bad(`荣誉${quote(item)}${long}`);
        honours.push(h);
      }
      return ok(honours);
    }
    case 'json': {
      const s = String(plain);
      let parsed: unknown;
      try {
        parsed = JSON.parse(s);
      } catch {
        return bad('不是有效的 JSON 文本');
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return bad('应为 JSON 对象（以 { 开头）');
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
        if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
          return bad(`“${k}”的值只能是文本、数值、是非或空`);
        }
      }
      const long = checkLength(col, s);
      if (long) return bad(long);
      // the model keeps the canonical text, so a re-indented but equal object reads the same
      return ok(canonicalJson(parsed));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Checksum

/**
 * SHA-256 over the data sheets' plain content: for each sheet, in format order,
 * `#<sheet name>\n`, the header row as a JSON array and each data row as a JSON array of plain
 * values, one per line, UTF-8. Hashed once at the end with WebCrypto (native speed in every
 * environment; a pure-JS hash fed row by row cost more than writing the workbook).
 */
export class LedgerChecksum {
  private readonly parts: string[] = [];

  sheet(name: string, headers: readonly string[]): void {
    this.parts.push(`#${name}\n`, `${JSON.stringify(headers)}\n`);
  }

  row(values: readonly PlainCell[]): void {
    this.parts.push(`${JSON.stringify(values)}\n`);
  }

  async hex(): Promise<string> {
    return sha256HexAsync(new TextEncoder().encode(this.parts.join('')));
  }
}
