/**
 * The yardstick for ledger export (issue 7): the data sheets' cells written by bare SheetJS —
 * header + values, dates as serials, no 说明/元数据 sheets, no frozen panes, no column widths.
 * Used by the in-browser bench hooks and by `npx tsx test/bench/ledger.bench.ts`.
 */
import * as XLSX from 'xlsx';
import { encodeCell } from '../../shared/ledger/codec';
import { CURRENT_FORMAT, sheetRows } from '../../shared/ledger/export';
import { dateToSerial, type LedgerData } from '../../shared/ledger/format';

export function bareLedger(data: LedgerData): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const def of CURRENT_FORMAT) {
    const rows = sheetRows(data, def.id) as Record<string, unknown>[] | null;
    if (!rows) continue;
    const aoa: (string | number | null)[][] = [def.columns.map((c) => c.header)];
    for (const row of rows) {
      aoa.push(
        def.columns.map((c) => {
          const v = encodeCell(c, row[c.key]);
          return c.type === 'date' && typeof v === 'string' ? dateToSerial(v) : v;
        }),
      );
    }
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), def.name);
  }
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}
