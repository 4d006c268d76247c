/*
 * Live reads for this feature. Components pass them to useLiveQuery wrapped in an `async` arrow
 * (`useLiveQuery(async () => q(...), deps)`): Dexie keeps its liveQuery zone across nested awaits
 * of our repo functions only when the querier itself is an async function; a plain arrow loses the
 * zone after the first nested repo call, so later reads are not observed and the page never updates.
 */
import { unitsInScope } from '../../db/repos/accounts';
import { evidenceInfo, fiveOnesFor, type EvidenceInfo } from '../../db/repos/workEntries';
import type { Actor } from '../../db/write';

/** The checklist, the entries and the names of their evidence files, read together so the page updates at once. */
export async function workLedgerQuery(actor: Actor, unitId: string, term: string) {
  const view = await fiveOnesFor(actor, unitId, term);
  const files = await evidenceInfo([...new Set(view.entries.flatMap((e) => e.evidenceHashes))]);
  const byHash = new Map<string, EvidenceInfo>(files.map((f) => [f.hash, f]));
  return { ...view, evidence: byHash };
}

/** Units whose ledger the actor may open: its subtree (the national office: every unit). */
export const ledgerUnits = async (actor: Actor) => (await unitsInScope(actor)).filter((u) => u.channel !== 'national');
