/**
 * Web Worker for the ledger's workbook work (export, validation, aggregation), so a 20,000-row
 * ledger never freezes the window. One job per worker: the page starts a worker, receives
 * progress and the result, and terminates it — which is also how a job is cancelled.
 */
import { runLedgerJob, type LedgerJob } from './jobs';
import type { WorkerReply } from './ledgerClient';

const post = (msg: WorkerReply, transfer: Transferable[] = []): void => self.postMessage(msg, { transfer });

self.onmessage = async (e: MessageEvent<LedgerJob>) => {
  try {
    let last = 0;
    const result = await runLedgerJob(e.data, {
      onProgress: (progress) => {
        // at most ~20 messages a second: the UI cannot show more, and each one costs a clone
        const now = Date.now();
        if (now - last < 50 && progress.done < progress.total) return;
        last = now;
        post({ type: 'progress', progress });
      },
    });
    const bytes = 'bytes' in result && result.bytes ? [result.bytes.buffer as ArrayBuffer] : [];
    post({ type: 'done', result }, bytes);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
