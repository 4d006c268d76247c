/**
 * Conflicts (冲突): a record changed on two laptops since they last exchanged it.
 *
 * Policy:
 * - Nothing is lost: the import keeps the local version as the live record and stores both
 *   versions in the conflict until an administrator resolves it; resolved conflicts stay (with
 *   both versions and the choice) as history.
 * - Resolution is field by field, down to nested fields (profile.name, plan.goals …): for each
 *   differing field the administrator keeps this laptop's value or takes the other's. The result
 *   is a new local version with a fresh revision, so it travels back and wins on both sides.
 * - Only administrators whose scope contains the record resolve it (a collective on its own
 *   laptop resolves its own records).
 */
import type { Conflict } from '../../../shared/model/entities';
import { actorAuthority, getInstallationInfo } from './peers';
import { inScope, locate, type Lookups, type Rec } from '../../../shared/exchange/authority';
import { isAdmin } from '../../../shared/rules/roles';
import { OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import { writeTx, type Actor } from '../write';

export class ConflictError extends Error {}

/** Bookkeeping fields, never offered as a choice. */
const IGNORED = new Set(['id', 'rev', 'createdAt', 'updatedAt']);

export interface FieldChoice {
  /** dotted path into the record, e.g. "profile.name" */
  path: string;
  local: unknown;
  remote: unknown;
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function flatten(v: unknown, prefix: string, into: Map<string, unknown>): void {
  if (isPlain(v) && Object.keys(v).length > 0) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, into);
  } else into.set(prefix, v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The differing fields of two versions, nested objects opened up, sorted by path. */
export function conflictFields(local: object, remote: object): FieldChoice[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  for (const [k, v] of Object.entries(local)) if (!IGNORED.has(k)) flatten(v, k, a);
  for (const [k, v] of Object.entries(remote)) if (!IGNORED.has(k)) flatten(v, k, b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => !same(a.get(p), b.get(p))).map((path) => ({ path, local: a.get(path), remote: b.get(path) }));
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = target;
  for (const p of parts.slice(0, -1)) {
    if (!isPlain(o[p])) Object.defineProperty(o, p, { value: {}, enumerable: true, writable: true, configurable: true });
    o = o[p] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete o[last];
  // defineProperty: a field named "__proto__" from parsed JSON stays a plain field
  else Object.defineProperty(o, last, { value, enumerable: true, writable: true, configurable: true });
}

/** The merged record: the local version with each field chosen as 'remote' taken from the other. */
export function mergeChoices(local: Rec, remote: Rec, choices: Readonly<Record<string, 'local' | 'remote'>>): Rec {
  const out = structuredClone(local) as Rec;
  for (const f of conflictFields(local, remote)) {
    if (choices[f.path] === 'remote') setPath(out, f.path, f.remote === undefined ? undefined : structuredClone(f.remote));
  }
  return out;
}

async function lookups(recs: Rec[]): Promise<Lookups> {
  const d = db();
  const units = new Map((await d.units.toArray()).map((u) => [u.id, u]));
  const cids = recs.map((r) => r.collectiveId).filter((x): x is string => typeof x === 'string');
  const wids = recs.map((r) => r.workUpdateId).filter((x): x is string => typeof x === 'string');
  const cs = new Map((await d.collectives.bulkGet(cids)).filter((x) => x).map((c) => [c!.id, c!]));
  const ws = new Map((await d.workUpdates.bulkGet(wids)).filter((x) => x).map((w) => [w!.id, w!]));
  return { unit: (id) => units.get(id), collective: (id) => cs.get(id), workUpdate: (id) => ws.get(id) };
}

async function mayResolve(actor: Actor): Promise<void> {
  if (isAdmin(actor.role)) return;
  if (actor.role === 'collective' && (await getInstallationInfo())?.role === 'collective') return;
  throw new ScopeError(OUT_OF_SCOPE);
}

function visible(actor: Actor, c: Conflict, look: Lookups): boolean {
  const a = actorAuthority(actor);
  if (a.role === 'national') return true;
  for (const v of [c.local, c.remote] as Rec[]) {
    const loc = locate(c.table, v, look);
    if (!loc || loc.global || !inScope(a, loc)) return false;
  }
  return true;
}

/** A stored conflict; `resolution` records the choice once resolved. */
export interface ConflictRecord extends Conflict {
  resolution?: { taken: string[]; by: string; at: string; rev: string };
}

export interface ConflictView extends ConflictRecord {
  fields: FieldChoice[];
}

/** Open (or all) conflicts the actor may resolve, newest first, with their differing fields. */
export async function listConflicts(actor: Actor, includeResolved = false): Promise<ConflictView[]> {
  await mayResolve(actor);
  const all = ((await db().conflicts.toArray()) as ConflictRecord[]).filter((c) => !c.deleted && (includeResolved || !c.resolved));
  const look = await lookups(all.flatMap((c) => [c.local as Rec, c.remote as Rec]));
  return all
    .filter((c) => visible(actor, c, look))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .map((c) => ({ ...c, fields: conflictFields((c.local ?? {}) as object, (c.remote ?? {}) as object) }));
}

export async function openConflictCount(): Promise<number> {
  return db().conflicts.filter((c) => !c.resolved && !c.deleted).count();
}

/**
 * Resolve a conflict field by field. The live record is the base (it may have changed since the
 * import); every differing field the administrator set to 'remote' comes from the other laptop.
 * Fields not chosen stay local. One transaction: the merged record with a fresh rev, the
 * conflict marked resolved (both versions kept), the audit entry.
 */
export async function resolveConflict(actor: Actor, conflictId: string, choices: Readonly<Record<string, 'local' | 'remote'>>): Promise<Rec> {
  await mayResolve(actor);
  const d = db();
  const c = await d.conflicts.get(conflictId);
  if (!c || c.deleted) throw new ConflictError('冲突记录不存在');
  if (c.resolved) throw new ConflictError('该冲突已处理');
  const look = await lookups([c.local as Rec, c.remote as Rec]);
  if (!visible(actor, c, look)) throw new ScopeError(OUT_OF_SCOPE);
  for (const v of Object.values(choices)) if (v !== 'local' && v !== 'remote') throw new ConflictError('无效的选择');
  const table = d.table(c.table);
  return writeTx(actor, [table, d.conflicts], async (w) => {
    const live = ((await table.get(c.recordId)) as Rec | undefined) ?? (c.local as Rec);
    const merged = mergeChoices(live, c.remote as Rec, choices);
    const { id: _id, rev: _rev, createdAt: _c, updatedAt: _u, ...changes } = merged;
    const next = w.touch(live as Rec & { createdAt: string; updatedAt: string }, changes);
    await table.put(next);
    const taken = Object.entries(choices).filter(([, v]) => v === 'remote').map(([k]) => k);
    await d.conflicts.put(w.touch(c as ConflictRecord, { resolved: true, resolution: { taken, by: actor.accountId, at: w.now, rev: next.rev } }));
    w.audit({
      action: 'conflict.resolve',
      entity: c.table,
      entityId: c.recordId,
      summary: `处理冲突（${c.table} ${c.recordId}）：${taken.length ? `采用对方的 ${taken.join('、')}` : '全部保留本机版本'}`,
    });
    return next;
  });
}
