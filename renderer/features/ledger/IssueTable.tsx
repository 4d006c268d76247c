import type { LedgerIssue } from '../../../shared/ledger/import';

const SHOWN = 500;

/** Errors and warnings of one file: sheet, row, column and what is wrong. */
export function IssueTable({ caption, errors, warnings, omitted }: { caption: string; errors: LedgerIssue[]; warnings: LedgerIssue[]; omitted: number }) {
  const rows = [...errors.map((i) => ({ kind: '错误', i })), ...warnings.map((i) => ({ kind: '提示', i }))];
  if (rows.length === 0) return null;
  return (
    <>
      <table className="grid ledger-issues" aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">类型</th>
            <th scope="col">工作表</th>
            <th scope="col">行</th>
            <th scope="col">列</th>
            <th scope="col">问题</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map(({ kind, i }, n) => (
            <tr key={n} className={kind === '提示' ? 'row-warn' : undefined}>
              <td>{kind}</td>
              <td>{i.sheet}</td>
              <td className="num">{i.row ?? '—'}</td>
              <td>{i.column === null ? '—' : `${i.column}${i.header ? `（${i.header}）` : ''}`}</td>
              <td>{i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(rows.length > SHOWN || omitted > 0) && (
        <p className="muted">
          仅显示前 {Math.min(SHOWN, rows.length)} 条{omitted > 0 ? `；另有 ${omitted} 处错误未列出` : ''}。完整清单可用命令行 npm run yca -- ledger validate 查看。
        </p>
      )}
    </>
  );
}
