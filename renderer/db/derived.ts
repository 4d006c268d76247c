/**
 * Derived tables: facts computed from other tables and kept up to date by the storage layer
 * itself, in the same IndexedDB transaction as the change they follow.
 *
 * `logCounts` — per collective, how many of its creation logs are submitted and not deleted
 * (`{ collectiveId, submitted }`; no row when the count is 0). The ledger needs exactly this per
 * collective, and at national scale (400,000 logs) counting it from the logs walked hundreds of
 * thousands of index entries (15–22 s on a 2-core laptop, docs/performance.md); reading the
 * counts is one request over 20,000 small rows.
 *
 * Policy:
 * - Maintained by a Dexie DBCore middleware, not by the repos: every path that writes logs
 *   (writing a log, package import, conflict resolution, demo load, backup restore, transfers,
 *   and any path added later) goes through `mutate` of the `workUpdates` table, so none can
 *   forget it. The middleware adds `logCounts` to every read-write transaction over
 *   `workUpdates`, reads the old records of a put or delete before it, and applies the
 *   differences after it, for the operations that succeeded — so a failed write, an aborted
 *   transaction or a crash changes the counts exactly as much as the logs: not at all.
 * - Derived tables are device-local: never in an exchange package (not in SYNCED_TABLES), never
 *   in a backup (a restore rebuilds them as it writes the logs), never written by a repo.
 * - Schema v2 fills `logCounts` from the logs already stored (`fillLogCounts`, one read of the
 *   logs in pages of primary keys).
 * - A database opened with a schema that has no `logCounts` (an old version in the migration
 *   tests) is passed through untouched.
 */
import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreMutateResponse, type DBCoreTable, type DBCoreTransaction, type Middleware, type Transaction } from 'dexie';

export const LOG_COUNTS = 'logCounts';
const LOGS = 'workUpdates';

/** Tables derived from others: device-local, rebuilt rather than copied. */
export const DERIVED_TABLES: readonly string[] = [LOG_COUNTS];

export interface LogCount {
  collectiveId: string;
  /** submitted, not deleted creation logs of the collective */
  submitted: number;
}

interface LogLike {
  collectiveId?: unknown;
  state?: unknown;
  deleted?: unknown;
}

/** The collective a stored log counts for, or null when it does not count. */
export function countedFor(log: unknown): string | null {
  if (!log || typeof log !== 'object') return null;
  const w = log as LogLike;
  return w.state === 'submitted' && !w.deleted && typeof w.collectiveId === 'string' ? w.collectiveId : null;
}

/** DBCoreRangeType.Any: Dexie's `clear()`. */
const RANGE_ANY = 3;

class Deltas {
  readonly byCollective = new Map<string, number>();
  add(collectiveId: string | null, n: number): void {
    if (collectiveId === null) return;
    this.byCollective.set(collectiveId, (this.byCollective.get(collectiveId) ?? 0) + n);
  }
}

async function applyDeltas(counts: DBCoreTable, trans: DBCoreTransaction, deltas: Deltas): Promise<void> {
  const ids = [...deltas.byCollective].filter(([, n]) => n !== 0).map(([id]) => id);
  if (!ids.length) return;
  const current = (await counts.getMany({ trans, keys: ids })) as (LogCount | undefined)[];
  const puts: LogCount[] = [];
  const deletes: string[] = [];
  ids.forEach((id, i) => {
    const n = Math.max(0, (current[i]?.submitted ?? 0) + deltas.byCollective.get(id)!);
    if (n > 0) puts.push({ collectiveId: id, submitted: n });
    else if (current[i]) deletes.push(id);
  });
  if (puts.length) await counts.mutate({ type: 'put', trans, values: puts, keys: puts.map((p) => p.collectiveId) });
  if (deletes.length) await counts.mutate({ type: 'delete', trans, keys: deletes });
}

const failed = (res: DBCoreMutateResponse, i: number): boolean => res.numFailures > 0 && res.failures[i] !== undefined;

async function countedMutate(logs: DBCoreTable, counts: DBCoreTable, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
  const deltas = new Deltas();
  const trans = req.trans;
  switch (req.type) {
    case 'add': {
      const res = await logs.mutate(req);
      req.values.forEach((v, i) => {
        if (!failed(res, i)) deltas.add(countedFor(v), 1);
      });
      await applyDeltas(counts, trans, deltas);
      return res;
    }
    case 'put': {
      const extract = logs.schema.primaryKey.extractKey;
      const keys = req.keys ?? req.values.map((v) => (extract ? extract(v) : undefined));
      const before = await logs.getMany({ trans, keys });
      const res = await logs.mutate(req);
      // a key written twice in one request: its second write replaces the first, not the stored one
      const latest = new Map<unknown, unknown>();
      req.values.forEach((v, i) => {
        if (failed(res, i)) return;
        const k = keys[i];
        const old = latest.has(k) ? latest.get(k) : before[i];
        deltas.add(countedFor(old), -1);
        deltas.add(countedFor(v), 1);
        latest.set(k, v);
      });
      await applyDeltas(counts, trans, deltas);
      return res;
    }
    case 'delete': {
      const before = await logs.getMany({ trans, keys: req.keys });
      const res = await logs.mutate(req);
      const gone = new Set<unknown>();
      req.keys.forEach((k, i) => {
        if (failed(res, i) || gone.has(k)) return;
        gone.add(k);
        deltas.add(countedFor(before[i]), -1);
      });
      await applyDeltas(counts, trans, deltas);
      return res;
    }
    case 'deleteRange': {
      if (req.range.type === RANGE_ANY) {
        const res = await logs.mutate(req);
        await counts.mutate({ type: 'deleteRange', trans, range: req.range });
        return res;
      }
      const { result } = await logs.query({ trans, values: true, query: { index: logs.schema.primaryKey, range: req.range } });
      const res = await logs.mutate(req);
      for (const v of result) deltas.add(countedFor(v), -1);
      await applyDeltas(counts, trans, deltas);
      return res;
    }
  }
}

export const derivedTablesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'DerivedTables',
  create(down) {
    if (!down.schema.tables.some((t) => t.name === LOG_COUNTS)) return {};
    return {
      transaction(stores, mode, options) {
        const scope = mode === 'readwrite' && stores.includes(LOGS) && !stores.includes(LOG_COUNTS) ? [...stores, LOG_COUNTS] : stores;
        return down.transaction(scope, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== LOGS) return table;
        const counts = down.table(LOG_COUNTS);
        // One write of the logs at a time per transaction: each reads the counts and writes them
        // back, so two writes issued together (Promise.all) would otherwise both read the same
        // count and one increment would be lost. The next starts in the microtask after the
        // previous one ends, so the transaction stays active.
        const queues = new WeakMap<DBCoreTransaction, Promise<unknown>>();
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => {
            const run = (): Promise<DBCoreMutateResponse> => countedMutate(table, counts, req);
            const previous = queues.get(req.trans);
            // Dexie.Promise runs `run` in the caller's Dexie zone (its transaction), which the
            // layers below read; a native .then would run it outside any transaction
            const result: Promise<DBCoreMutateResponse> = previous ? Promise.resolve(Dexie.Promise.resolve(previous).then(run, run)) : run();
            queues.set(
              req.trans,
              result.catch(() => undefined),
            );
            return result;
          },
        };
      },
    };
  },
};

const PAGE = 5000;

/**
 * Rebuild `logCounts` from the stored logs (schema v2's upgrade). Reads the logs in pages of
 * primary keys — one getAll request a page — and writes the counts in one request.
 */
export async function fillLogCounts(tx: Transaction): Promise<void> {
  const logs = tx.table(LOGS);
  const counts = new Map<string, number>();
  let last: string | null = null;
  for (;;) {
    const page = (await (last === null ? logs.orderBy(':id') : logs.where(':id').above(last)).limit(PAGE).toArray()) as (LogLike & { id: string })[];
    for (const w of page) {
      const c = countedFor(w);
      if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    if (page.length < PAGE) break;
    last = page[page.length - 1]!.id;
  }
  const table = tx.table(LOG_COUNTS);
  await table.clear();
  await table.bulkPut([...counts].map(([collectiveId, submitted]): LogCount => ({ collectiveId, submitted })));
}
