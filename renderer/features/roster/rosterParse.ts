/**
 * Reading a roster workbook off the page's thread (roster.worker.ts): the result, or cancel()
 * to stop at once. The bytes are copied to the worker; the page keeps its copy for a re-read
 * with other options (sheet, header row, column mapping).
 */
import type { RosterParseOptions, RosterParseResult } from '../../../shared/roster/parse';
import { startWorkerJob, type JobHandle, type WorkerLike } from '../ledger/ledgerClient';
import type { RosterParseJob } from './roster.worker';

// Vite bundles the worker from this exact expression (new Worker(new URL(…, import.meta.url))).
export const createRosterWorker = (): WorkerLike<RosterParseResult, never> => new Worker(new URL('./roster.worker.ts', import.meta.url), { type: 'module' });

export function readRosterInWorker(data: Uint8Array, options: RosterParseOptions, factory: () => WorkerLike<RosterParseResult, never> = createRosterWorker): JobHandle<RosterParseResult> {
  const job: RosterParseJob = { data, options };
  return startWorkerJob<RosterParseResult, never>(job, () => {}, factory);
}
