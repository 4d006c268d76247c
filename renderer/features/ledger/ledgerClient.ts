/**
 * Runs a job in a Web Worker — the ledger's (`startLedgerJob`), or any job worker that answers
 * with JobReply (`startWorkerJob`, e.g. reading a roster): progress while it works, the result
 * when done, and `cancel()` to stop it at once (the worker is terminated — a synchronous workbook
 * read or write cannot be interrupted any other way). One worker per job, so a cancelled job
 * leaves nothing behind.
 */
import type { LedgerProgress } from '../../../shared/ledger/export';
import type { LedgerJob, LedgerJobResult } from './jobs';

/** What a job worker posts back: progress while it works, then its result or an error. */
export type JobReply<R, P = LedgerProgress> = { type: 'progress'; progress: P } | { type: 'done'; result: R } | { type: 'error'; message: string };

export type WorkerReply = JobReply<LedgerJobResult>;

/** The part of `Worker` the client uses (tests pass a fake). */
export interface WorkerLike<R = LedgerJobResult, P = LedgerProgress> {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<JobReply<R, P>>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export class JobCancelled extends Error {
  constructor() {
    super('已取消');
    this.name = 'JobCancelled';
  }
}

export interface JobHandle<R = LedgerJobResult> {
  result: Promise<R>;
  cancel(): void;
}

// Vite bundles the worker from this exact expression (new Worker(new URL(…, import.meta.url))).
export const createLedgerWorker = (): WorkerLike => new Worker(new URL('./ledger.worker.ts', import.meta.url), { type: 'module' });

export function startLedgerJob(job: LedgerJob, onProgress: (p: LedgerProgress) => void, factory: () => WorkerLike = createLedgerWorker): JobHandle {
  return startWorkerJob(job, onProgress, factory);
}

/** One job in a fresh worker (any job worker that speaks JobReply): its result, or cancel() to terminate it. */
export function startWorkerJob<R, P>(job: unknown, onProgress: (p: P) => void, factory: () => WorkerLike<R, P>): JobHandle<R> {
  const worker = factory();
  let settled = false;
  let rejectResult: (e: Error) => void = () => {};
  const result = new Promise<R>((resolve, reject) => {
    rejectResult = reject;
    const finish = (): void => {
      settled = true;
      worker.terminate();
    };
    worker.onmessage = (e) => {
      if (settled) return;
      const msg = e.data;
      if (msg.type === 'progress') onProgress(msg.progress);
      else if (msg.type === 'done') {
        finish();
        resolve(msg.result);
      } else {
        finish();
        reject(new Error(msg.message));
      }
    };
    worker.onerror = (e) => {
      if (settled) return;
      finish();
      reject(new Error(`后台处理出错：${e.message || '未知错误'}`));
    };
  });
  worker.postMessage(job);
  return {
    result,
    cancel() {
      if (settled) return;
      settled = true;
      worker.terminate();
      rejectResult(new JobCancelled());
    },
  };
}
