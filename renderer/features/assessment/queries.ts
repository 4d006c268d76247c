/*
 * Live reads for this feature. Components pass them to useLiveQuery wrapped in an `async` arrow
 * (`useLiveQuery(async () => q(...), deps)`): Dexie keeps its liveQuery zone across nested awaits
 * of our repo functions only when the querier itself is an async function; a plain arrow loses the
 * zone after the first nested repo call, so later reads are not observed and the page never updates.
 */
import {
  allocationWorksheet,
  assessableUnits,
  compareNationalScorers,
  openSheet,
  ranking,
  visibleRubrics,
  type RankingBasis,
  type SheetKind,
} from '../../db/repos/assessment';
import { unitForRead } from '../../db/repos/workEntries';
import type { Actor } from '../../db/write';

/** A read that may be refused: the page shows the Chinese message instead of breaking. */
const orError = <T,>(p: Promise<T>): Promise<T | Error> => p.catch((e: Error) => e);

export const sheetQuery = (actor: Actor, unitId: string, term: string, kind: SheetKind) => orError(openSheet(actor, unitId, term, kind));
export const comparisonQuery = (actor: Actor, unitId: string, term: string) => orError(compareNationalScorers(actor, unitId, term));
export const rankingQuery = (actor: Actor, term: string, basis: RankingBasis) => orError(ranking(actor, term, basis));
export const allocationQuery = (actor: Actor, term: string, k: number) => orError(allocationWorksheet(actor, term, k));
export const unitsQuery = (actor: Actor) => orError(assessableUnits(actor));
export const rubricsQuery = (actor: Actor) => visibleRubrics(actor);
export const ownUnitQuery = (actor: Actor) => orError(unitForRead(actor, actor.unitId));
