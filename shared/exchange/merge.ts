/**
 * Merge planning for an imported package: what happens to each incoming record.
 *
 * Policy. Every record carries `rev`, a hybrid-logical-clock stamp (model/hlc.ts) that sorts
 * lexicographically in causal order. `lastExchangedRev` (X) is the watermark of the last
 * exchange with this peer: every version with rev ≤ X, on either side, is known to the other
 * side. null means no exchange yet. With L = local.rev and I = incoming.rev:
 *
 *   no local record                       → 'new'        store the incoming record as is
 *   I === L                               → 'unchanged'  nothing to do (re-import lands here)
 *   L ≤ X and I > L                       → 'update'     local untouched since the last
 *                                                          exchange; the peer's edit wins
 *   I ≤ X (so I < L)                      → 'stale'      the peer sent a version we had
 *                                                          already superseded: keep local
 *   otherwise (both changed after X)      → 'conflict'   keep both; an administrator decides
 *                                                          field by field (fieldDiff)
 *
 * - Tombstones (`deleted: true`) are ordinary versions and follow the same rules: a newer
 *   tombstone is an 'update', an unknown one is 'new' (stored, so an older copy arriving later
 *   cannot resurrect the record), and a tombstone against a local edit is a 'conflict'.
 * - Without a watermark (X null) any differing record present on both sides is a 'conflict':
 *   nothing shows which side saw the other's version, so no edit is dropped silently.
 * - The importer must store 'new' and 'update' records with their incoming `rev` unchanged
 *   (restamping would make the next import of the same data look like a change), fold the
 *   highest incoming rev into the local clock (HybridClock.receive), and give a conflict
 *   resolution a fresh local rev. Then importing the same package again yields only
 *   'unchanged' (and 'stale' for resolved conflicts once X has advanced past them).
 * - Planning is pure and total: it reads nothing but its arguments and never writes.
 */

export interface RevisedRecord {
  id: string;
  rev: string;
  deleted?: boolean;
}

export type MergeKind = 'new' | 'update' | 'unchanged' | 'conflict' | 'stale';

export interface MergeDecision<T extends RevisedRecord> {
  kind: MergeKind;
  id: string;
  incoming: T;
  /** the local version, absent for 'new' */
  local?: T;
}

export interface MergePlan<T extends RevisedRecord> {
  decisions: MergeDecision<T>[];
  counts: Record<MergeKind, number>;
}

export type LocalLookup<T> = ReadonlyMap<string, T> | ((id: string) => T | undefined);

/** The decision for one record (see the rules above). */
export function classify(local: RevisedRecord | undefined, incoming: RevisedRecord, lastExchangedRev: string | null): MergeKind {
  if (!local) return 'new';
  const L = local.rev;
  const I = incoming.rev;
  if (I === L) return 'unchanged';
  const X = lastExchangedRev;
  if (X !== null && L <= X && I > L) return 'update';
  if (X !== null && I <= X) return 'stale';
  return 'conflict';
}

export function planMerge<T extends RevisedRecord>(
  local: LocalLookup<T>,
  incoming: readonly T[],
  lastExchangedRev: string | null,
): MergePlan<T> {
  const get = typeof local === 'function' ? local : (id: string) => local.get(id);
  const counts: Record<MergeKind, number> = { new: 0, update: 0, unchanged: 0, conflict: 0, stale: 0 };
  const decisions: MergeDecision<T>[] = [];
  const seen = new Set<string>();
  for (const rec of incoming) {
    // readPackage already refuses duplicate ids; a caller mixing sources must not get two answers
    if (seen.has(rec.id)) throw new Error(`合并计划收到重复的记录标识：${rec.id}`);
    seen.add(rec.id);
    const l = get(rec.id);
    const kind = classify(l, rec, lastExchangedRev);
    counts[kind]++;
    decisions.push(l === undefined ? { kind, id: rec.id, incoming: rec } : { kind, id: rec.id, incoming: rec, local: l });
  }
  return { decisions, counts };
}

/** The highest rev among records (for HybridClock.receive and the next watermark); null if none. */
export function maxRev(records: Iterable<RevisedRecord>): string | null {
  let max: string | null = null;
  for (const r of records) if (max === null || r.rev > max) max = r.rev;
  return max;
}

export interface FieldDifference {
  field: string;
  local: unknown;
  incoming: unknown;
}

/** Bookkeeping fields that always differ between two versions and are not the user's choice. */
export const DIFF_IGNORED_FIELDS: readonly string[] = ['id', 'rev', 'updatedAt'];

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!sameValue(ao[k], bo[k])) return false;
  return true;
}

/**
 * Top-level fields whose values differ (deep comparison), sorted by name, for the conflict
 * screen. A field missing on one side counts as `undefined` there. `id`, `rev` and `updatedAt`
 * are left out unless `ignore` says otherwise; `deleted` is included, so a delete-vs-edit
 * conflict shows.
 */
export function fieldDiff(local: object, incoming: object, ignore: readonly string[] = DIFF_IGNORED_FIELDS): FieldDifference[] {
  const a = local as Record<string, unknown>;
  const b = incoming as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => !ignore.includes(f)).sort();
  const out: FieldDifference[] = [];
  for (const field of fields) {
    const av = Object.prototype.hasOwnProperty.call(a, field) ? a[field] : undefined;
    const bv = Object.prototype.hasOwnProperty.call(b, field) ? b[field] : undefined;
    if (!sameValue(av, bv)) out.push({ field, local: av, incoming: bv });
  }
  return out;
}

/**
 * The fields of a resolved conflict: each differing field from the side chosen for it
 * (unchosen ones stay local). The caller stamps the result with a fresh local rev.
 */
export function resolveFields<T extends RevisedRecord>(
  local: T,
  incoming: T,
  choices: Readonly<Record<string, 'local' | 'incoming'>>,
): Omit<T, 'rev'> {
  const out: Record<string, unknown> = { ...(local as object) };
  for (const d of fieldDiff(local, incoming)) {
    if (!Object.prototype.hasOwnProperty.call(choices, d.field) || choices[d.field] !== 'incoming') continue;
    if (d.incoming === undefined) delete out[d.field];
    // defineProperty, not assignment: a field named "__proto__" from parsed JSON stays a field
    else Object.defineProperty(out, d.field, { value: d.incoming, enumerable: true, writable: true, configurable: true });
  }
  delete out.rev;
  return out as Omit<T, 'rev'>;
}
