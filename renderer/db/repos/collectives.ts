/** Collectives: scoped reads (the lifecycle writes build on these). */
import type { Collective } from '../../../shared/model/entities';
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
  return db().collectives.where('unitPath').startsWith(scope).filter((c) => !c.deleted).limit(limit).toArray();
}
