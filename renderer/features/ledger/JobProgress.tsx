import type { LedgerProgress } from '../../../shared/ledger/export';

/** Progress of a running ledger job, with a button to cancel it. */
export function JobProgress({ progress, onCancel }: { progress: LedgerProgress | null; onCancel: () => void }) {
  if (!progress) return null;
  const pct = progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  return (
    <div className="ledger-progress">
      <div className="progress" role="progressbar" aria-label="处理进度" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="ledger-progress-text" aria-live="polite">
        {progress.phase}… {pct}%
      </span>
      <button type="button" onClick={onCancel}>
        取消
      </button>
    </div>
  );
}
