/** Collectives: scoped reads (the lifecycle writes build on these). */
import type { Collective } from '../../../shared/model/entities';
import { prepareSearchTarget, type PreparedSearchTarget } from '../../../shared/text/names';
import { assertCollective, OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import type { Actor } from '../write';

export async function getCollective(actor: Actor, id: string): Promise<Collective> {
  const c = await db().collectives.get(id);
  if (!c || c.deleted) throw new ScopeError(OUT_OF_SCOPE);
  assertCollective(actor, c);
  return c;
}

/** A collective account's own record. */
export async function ownCollective(actor: Actor): Promise<Collective> {
  if (actor.role !== 'collective' || !actor.collectiveId) throw new ScopeError(OUT_OF_SCOPE);
  return getCollective(actor, actor.collectiveId);
}

/** Collectives the actor may see: a collective sees only itself. */
export async function listVisibleCollectives(actor: Actor, limit = 1000): Promise<Collective[]> {
  if (actor.role === 'collective') return actor.collectiveId ? [await getCollective(actor, actor.collectiveId)] : [];
  const scope = actor.role === 'national' || actor.role === 'system' ? '/' : actor.unitPath;
  // a key range read in one request, filtered here: a Dexie .filter() walks a cursor, one round
  // trip per record, several times slower at 20,000 collectives (docs/performance.md)
  const range = db().collectives.where('unitPath').startsWith(scope);
  const first = await (limit < Number.MAX_SAFE_INTEGER ? range.clone().limit(limit) : range.clone()).toArray();
  const live = first.filter((c) => !c.deleted);
  // tombstones took places within the limit: fill up with the (rare) slow walk
  if (live.length < first.length && first.length === limit) return range.filter((c) => !c.deleted).limit(limit).toArray();
  return live;
}

/** A light row per collective for the list: enough to filter and search in memory per keystroke. */
export interface CollectiveRow {
  id: string;
  code: string;
  name: string;
  formerNames: string[];
  initials: string;
  status: Collective['status'];
  unitId: string;
  channel: Collective['channel'];
  type: Collective['profile']['type'];
  nationalHonour: boolean;
  provincialHonour: boolean;
  filedAt: string | null;
  term: string;
  /** name, former names and code normalised once, for the per-keystroke search */
  search: PreparedSearchTarget;
}

export async function collectiveRows(actor: Actor, term: string): Promise<CollectiveRow[]> {
  const list = await listVisibleCollectives(actor, Number.MAX_SAFE_INTEGER);
  return list
    .filter((c) => c.term === term)
    .map((c) => ({
      id: c.id,
      code: c.code,
      name: c.profile.name,
      formerNames: c.formerNames,
      initials: c.nameInitials,
      status: c.status,
      unitId: c.unitId,
      channel: c.channel,
      type: c.profile.type,
      nationalHonour: c.profile.honours.some((h) => h.level === 'national'),
      provincialHonour: c.profile.honours.some((h) => h.level === 'provincial'),
      filedAt: c.filedAt,
      term: c.term,
      search: prepareSearchTarget({ name: c.profile.name, formerNames: c.formerNames, code: c.code, initials: c.nameInitials }),
    }));
}

/** What waits for this administrator: filings to review and changes to decide. */
export async function todoCounts(actor: Actor, term: string): Promise<{ waitingPre: number; waitingFinal: number; returned: number; changes: number }> {
  if (actor.role === 'collective') return { waitingPre: 0, waitingFinal: 0, returned: 0, changes: 0 };
  const scope = actor.role === 'national' || actor.role === 'system' ? '/' : actor.unitPath;
  let waitingPre = 0;
  let waitingFinal = 0;
  let returned = 0;
  // through the status index: only the waiting collectives are read, not all 20,000 (issue 9)
  await db()
    .collectives.where('status')
    .anyOf(['filed', 'preReviewed', 'returned'])
    .each((c) => {
      if (c.deleted || c.term !== term || !c.unitPath.startsWith(scope)) return;
      if (c.status === 'filed') waitingPre++;
      if (c.status === 'preReviewed') waitingFinal++;
      if (c.status === 'returned') returned++;
    });
  const changes = await db().changes.where('state').equals('reported').filter((x) => !x.deleted && x.unitPath.startsWith(scope)).count();
  return { waitingPre, waitingFinal, returned, changes };
}
