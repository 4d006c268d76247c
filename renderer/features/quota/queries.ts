/*
 * Live reads for this feature. Components pass them to useLiveQuery wrapped in an `async` arrow
 * (`useLiveQuery(async () => q(...), deps)`): Dexie keeps its liveQuery zone across nested awaits
 * of our repo functions only when the querier itself is an async function; a plain arrow loses the
 * zone after the first nested repo call, so later reads are not observed and the page never updates.
 */
import { unitsInScope } from '../../db/repos/accounts';
import { nationalBoard, structureThresholds, unitBoard } from '../../db/repos/quotaBoard';
import type { Actor } from '../../db/write';

export const unitBoardQuery = (actor: Actor, unitId: string, term: string) => unitBoard(actor, unitId, term);
export const nationalBoardQuery = (actor: Actor, term: string) => nationalBoard(actor, term);
/** Units the actor may look at (its subtree; for the national office every unit), without the national office itself. */
export const boardUnits = async (actor: Actor) => (await unitsInScope(actor)).filter((u) => u.channel !== 'national');
export const thresholdsQuery = () => structureThresholds();
