import { useRef, useState, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  width?: string;
  render: (row: T) => ReactNode;
  /** the row's header cell (scope="row"), for accessible names */
  rowHeader?: boolean;
  numeric?: boolean;
}

interface Props<T> {
  label: string;
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowHeight?: number;
  height?: number;
  onRowClick?: (row: T) => void;
  selectedKey?: string | null;
}

/**
 * A real <table> that renders only the rows in view (plus a margin), with spacer rows above and
 * below, so 20,000 rows scroll smoothly while keeping table semantics for tests and screen readers.
 */
export function VirtualTable<T>({ label, rows, columns, rowKey, rowHeight = 34, height = 520, onRowClick, selectedKey }: Props<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  const overscan = 10;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const visible = rows.slice(first, last);
  return (
    <div className="vtable" ref={ref} style={{ maxHeight: height }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <table className="grid" aria-label={label} aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" style={c.width ? { width: c.width } : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr aria-hidden="true" style={{ height: first * rowHeight }} />}
          {visible.map((row, i) => {
            const key = rowKey(row);
            return (
              <tr
                key={key}
                aria-rowindex={first + i + 2}
                style={{ height: rowHeight }}
                className={key === selectedKey ? 'selected' : onRowClick ? 'clickable' : undefined}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={c.key} scope="row">
                      {c.render(row)}
                    </th>
                  ) : (
                    <td key={c.key} className={c.numeric ? 'num' : undefined}>
                      {c.render(row)}
                    </td>
                  ),
                )}
              </tr>
            );
          })}
          {last < rows.length && <tr aria-hidden="true" style={{ height: (rows.length - last) * rowHeight }} />}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted empty">没有符合条件的记录</p>}
    </div>
  );
}
