/*
 * Live reads for this feature. Components pass them to useLiveQuery wrapped in an `async` arrow
 * (`useLiveQuery(async () => q(...), deps)`): Dexie keeps its liveQuery zone across nested awaits
 * of our repo functions only when the querier itself is an async function; a plain arrow loses the
 * zone after the first nested repo call, so later reads are not observed and the page never updates.
 */
import { assessableUnits } from '../../db/repos/assessment';
import { canWriteSelfReport, getSelfReport } from '../../db/repos/selfReport';
import type { Actor } from '../../db/write';

export async function reportQuery(actor: Actor, unitId: string, term: string) {
  const [report, writable] = await Promise.all([getSelfReport(actor, unitId, term), canWriteSelfReport(actor, unitId)]);
  return { report, writable };
}

/** Own unit for an administrator; every assessed unit for the national office (read-only). */
export const reportUnits = (actor: Actor) => assessableUnits(actor);
