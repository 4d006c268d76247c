/**
 * Cell policy for every workbook the product writes: text that a spreadsheet would read as a
 * formula (starting with = + - @, tab or carriage return) gets a leading apostrophe and is written
 * as a string cell with no formula, so opening an exported file in Excel or WPS never executes
 * anything. Numbers and dates stay typed.
 *
 * The escape is reversible (`restoreText`): text that already starts with apostrophes followed
 * by a formula character gets one more, so reading a cell back and removing one apostrophe gives
 * the original text for every string — an imported ledger holds exactly what was exported.
 */
import * as XLSX from 'xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { writeXlsx, ZIP_MTIME } from './xlsxWrite';

const FORMULA_START = /^'*[=+\-@\t\r]/;

export function safeText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of `safeText`, for text read back from a workbook the product wrote. */
export function restoreText(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}

export type CellValue = string | number | boolean | Date | null;

/** A sheet from a header row and data rows: strings neutralised, numbers and dates kept typed. */
export function sheetFromRows(headers: string[], rows: CellValue[][], widths?: number[]): XLSX.WorkSheet {
  const aoa: CellValue[][] = [headers, ...rows.map((r) => r.map((v) => (typeof v === 'string' ? safeText(v) : v)))];
  const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true });
  // every string cell is explicitly typed as text, so nothing is re-interpreted as a formula
  for (const key of Object.keys(ws)) {
    if (key.startsWith('!')) continue;
    const cell = ws[key] as XLSX.CellObject;
    if (cell.t === 's') delete cell.f;
  }
  ws['!cols'] = (widths ?? headers.map((h, i) => Math.max(displayWidth(h), ...rows.slice(0, 200).map((r) => displayWidth(String(r[i] ?? '')))))).map((w) => ({
    wch: Math.min(60, Math.max(6, w + 2)),
  }));
  return ws;
}

/** Width in "characters" where a CJK character counts 2, so columns fit Chinese text. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? 2 : 1;
  return w;
}

/**
 * Write the workbook, the header row of every sheet frozen (`frozenRows`, default 1). The bytes
 * come from xlsxWrite.ts, not from SheetJS (docs/architecture.md, "Workbooks"). Text is shared
 * strings when `sharedStrings`, inline otherwise; `level` is the deflate level (default 6).
 */
export function workbookBytes(
  sheets: { name: string; sheet: XLSX.WorkSheet; frozenRows?: number }[],
  options: { sharedStrings?: boolean; level?: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 } = {},
): Uint8Array {
  return writeXlsx(sheets, options);
}

/**
 * Freeze the top rows of the sheets of a workbook SheetJS wrote (`XLSX.write`), which cannot
 * write frozen panes itself, and re-zip it with fixed entry dates. Only for workbooks that must
 * come from SheetJS (test/fixtures/ledger/make.ts edits exported ledgers with it); exports use
 * workbookBytes.
 */
export function freezeRows(xlsx: Uint8Array, rowsPerSheet: number[], level: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6): Uint8Array {
  const files = unzipSync(xlsx);
  rowsPerSheet.forEach((rows, i) => {
    const path = `xl/worksheets/sheet${i + 1}.xml`;
    const xml = files[path];
    if (!xml || rows < 1) return;
    const pane = `<sheetView workbookViewId="0"><pane ySplit="${rows}" topLeftCell="A${rows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${rows + 1}" sqref="A${rows + 1}"/></sheetView>`;
    // The element sits near the top of the sheet XML: splice bytes rather than decode and
    // re-encode a sheet of many megabytes.
    const at = indexOfBytes(xml, PLAIN_SHEET_VIEW, 64 * 1024);
    if (at >= 0) {
      const insert = strToU8(pane);
      const out = new Uint8Array(xml.length - PLAIN_SHEET_VIEW.length + insert.length);
      out.set(xml.subarray(0, at), 0);
      out.set(insert, at);
      out.set(xml.subarray(at + PLAIN_SHEET_VIEW.length), at + insert.length);
      files[path] = out;
    } else {
      files[path] = strToU8(strFromU8(xml).replace(/<sheetView workbookViewId="0"\/>/, pane));
    }
  });
  return zipSync(files, { level, mtime: ZIP_MTIME });
}

const PLAIN_SHEET_VIEW = strToU8('<sheetView workbookViewId="0"/>');

/** First index of `needle` in the first `limit` bytes of `hay`, or -1. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, limit: number): number {
  const end = Math.min(hay.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
