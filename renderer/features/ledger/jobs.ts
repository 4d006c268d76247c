/**
 * The ledger's heavy work as jobs: reading, building and writing a ledger, validating files,
 * aggregating. The worker runs them off the UI thread; tests run them in Node.
 *
 * An export reads the database in the worker too ('exportFromDb': its own connection to the
 * same IndexedDB database, through the same repo and scope checks as on the page), so the
 * records never cross from the page to the worker: at 20,000 collectives handing them over
 * (a structured clone of ~75 MB) cost more than a second, on the page's thread.
 */
import { aggregateFileName, aggregateLedgers, aggregateWorkbook, type AggregateInput, type AggregateResult } from '../../../shared/ledger/aggregate';
import { buildLedger, type LedgerSource } from '../../../shared/ledger/build';
import { exportLedger, type LedgerWorkOptions } from '../../../shared/ledger/export';
import type { LedgerMeta } from '../../../shared/ledger/format';
import { importLedger, type LedgerIssue } from '../../../shared/ledger/import';
import { initDb } from '../../db/db';
import { gatherLedgerSource } from '../../db/repos/ledger';
import type { Actor } from '../../db/write';

export interface InputFile {
  name: string;
  data: Uint8Array;
}

export interface ExportRequest {
  /** the IndexedDB database the page uses (db().name) */
  dbName: string;
  actor: Actor;
  unitId: string;
  term: string;
  includeReport: boolean;
  appVersion: string;
  exportedAt?: string;
}

export const READING_PHASE = '读取本机数据';

export type LedgerJob =
  | { kind: 'export'; source: LedgerSource }
  | ({ kind: 'exportFromDb' } & ExportRequest)
  | { kind: 'validate'; files: InputFile[] }
  | { kind: 'aggregate'; files: InputFile[]; term?: string; generatedAt: string; appVersion: string };

export interface FileCheck {
  name: string;
  ok: boolean;
  version: number | null;
  meta: Partial<LedgerMeta>;
  errors: LedgerIssue[];
  warnings: LedgerIssue[];
  omittedErrors: number;
  counts: Record<string, number>;
  checksumMatches: boolean | null;
}

export type LedgerJobResult =
  | { kind: 'export'; bytes: Uint8Array; fileName: string; counts: Record<string, number>; checksum: string; unitName: string; termLabel: string }
  | { kind: 'validate'; files: FileCheck[] }
  | { kind: 'aggregate'; bytes: Uint8Array | null; fileName: string; result: AggregateResult };

/** Per-file progress for multi-file jobs: file i of n, scaled into one bar. */
function perFile(options: LedgerWorkOptions, i: number, n: number, name: string): LedgerWorkOptions {
  return {
    shouldCancel: options.shouldCancel,
    onProgress: (p) =>
      options.onProgress?.({
        phase: `${name}：${p.phase}`,
        done: i * 1000 + Math.round((p.total > 0 ? Math.min(1, p.done / p.total) : 0) * 1000),
        total: n * 1000,
      }),
  };
}

export async function runLedgerJob(job: LedgerJob, options: LedgerWorkOptions = {}): Promise<LedgerJobResult> {
  switch (job.kind) {
    case 'exportFromDb':
    case 'export': {
      let source: LedgerSource;
      if (job.kind === 'export') source = job.source;
      else {
        initDb(job.dbName);
        const { dbName: _name, actor, kind: _kind, ...request } = job;
        source = await gatherLedgerSource(actor, {
          ...request,
          onProgress: (done, total) => options.onProgress?.({ phase: READING_PHASE, done, total }),
          cancelled: options.shouldCancel,
        });
      }
      options.onProgress?.({ phase: '整理台账数据', done: 0, total: 1 });
      const data = buildLedger(source);
      const out = await exportLedger(data, options);
      return { kind: 'export', bytes: out.bytes, fileName: out.fileName, counts: out.counts, checksum: out.checksum, unitName: data.meta.unitName, termLabel: data.meta.termLabel };
    }
    case 'validate': {
      const files: FileCheck[] = [];
      for (const [i, f] of job.files.entries()) {
        const r = await importLedger(f.data, perFile(options, i, job.files.length, f.name));
        files.push({
          name: f.name,
          ok: r.ok,
          version: r.version,
          meta: r.meta,
          errors: r.errors,
          warnings: r.warnings,
          omittedErrors: r.omittedErrors,
          counts: r.counts,
          checksumMatches: r.checksum.matches,
        });
      }
      return { kind: 'validate', files };
    }
    case 'aggregate': {
      const inputs: AggregateInput[] = [];
      for (const [i, f] of job.files.entries()) {
        inputs.push({ fileName: f.name, result: await importLedger(f.data, perFile(options, i, job.files.length + 1, f.name)) });
      }
      options.onProgress?.({ phase: '生成全国汇总', done: job.files.length * 1000, total: (job.files.length + 1) * 1000 });
      const result = aggregateLedgers(inputs, { term: job.term });
      const bytes = result.units.length ? aggregateWorkbook(result, { generatedAt: job.generatedAt, appVersion: job.appVersion }) : null;
      return { kind: 'aggregate', bytes, fileName: aggregateFileName(result), result };
    }
  }
}
