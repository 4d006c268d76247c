/**
 * Cell policy for every workbook the product writes: text that a spreadsheet would read as a
 * formula (starting with = + - @, tab or carriage return) gets a leading apostrophe and is written
 * as a string cell with no formula, so opening an exported file in Excel or WPS never executes
 * anything. Numbers and dates stay typed.
 */
import * as XLSX from 'xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const FORMULA_START = /^[=+\-@\t\r]/;

export function safeText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
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
 * Write the workbook, freezing the header row of every sheet. SheetJS's community edition does not
 * write frozen panes, so the sheet XML's <sheetView> gets a frozen pane after writing.
 */
export function workbookBytes(sheets: { name: string; sheet: XLSX.WorkSheet; frozenRows?: number }[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, s.sheet, s.name);
  const raw = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
  return freezeRows(raw, sheets.map((s) => s.frozenRows ?? 1));
}

export function freezeRows(xlsx: Uint8Array, rowsPerSheet: number[]): Uint8Array {
  const files = unzipSync(xlsx);
  rowsPerSheet.forEach((rows, i) => {
    const path = `xl/worksheets/sheet${i + 1}.xml`;
    const xml = files[path];
    if (!xml || rows < 1) return;
    const pane = `<sheetView workbookViewId="0"><pane ySplit="${rows}" topLeftCell="A${rows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${rows + 1}" sqref="A${rows + 1}"/></sheetView>`;
    files[path] = strToU8(strFromU8(xml).replace(/<sheetView workbookViewId="0"\/>/, pane));
  });
  return zipSync(files, { level: 6 });
}
