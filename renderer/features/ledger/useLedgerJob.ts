import { useEffect, useRef, useState } from 'react';
import type { LedgerProgress } from '../../../shared/ledger/export';
import type { LedgerJob, LedgerJobResult } from './jobs';
import { LedgerCancelled } from '../../db/repos/ledger';
import { JobCancelled, startLedgerJob, type JobHandle } from './ledgerClient';

/**
 * Run ledger jobs in the worker with progress and cancel. `prepare` runs first on this thread
 * while the progress line already shows (reading files for validation; an export only names
 * what to export — the worker reads the database itself, jobs.ts); 取消 during it discards what
 * it prepared. A job still running when the page closes is cancelled.
 */
export function useLedgerJob() {
  const [progress, setProgress] = useState<LedgerProgress | null>(null);
  const handle = useRef<JobHandle | null>(null);
  const cancelled = useRef(false);
  useEffect(
    () => () => {
      cancelled.current = true;
      handle.current?.cancel();
    },
    [],
  );

  /** The result, or null when the user cancelled. Other failures throw. */
  async function run(
    prepare: (report: (done: number, total: number) => void, isCancelled: () => boolean) => Promise<LedgerJob>,
    preparing = '读取本机数据',
  ): Promise<LedgerJobResult | null> {
    handle.current?.cancel();
    cancelled.current = false;
    setProgress({ phase: preparing, done: 0, total: 1 });
    try {
      const job = await prepare(
        (done, total) => {
          if (!cancelled.current) setProgress({ phase: preparing, done, total: Math.max(1, total) });
        },
        () => cancelled.current,
      );
      if (cancelled.current) return null;
      const h = startLedgerJob(job, setProgress);
      handle.current = h;
      try {
        return await h.result;
      } finally {
        if (handle.current === h) handle.current = null;
      }
    } catch (e) {
      if (e instanceof JobCancelled || e instanceof LedgerCancelled) return null;
      throw e;
    } finally {
      if (!handle.current) setProgress(null);
    }
  }

  function cancel(): void {
    cancelled.current = true;
    handle.current?.cancel();
  }

  return { progress, running: progress !== null, run, cancel };
}
