/** Live reads of the ledger pages. */
import { ledgerScopes, selfReportOf } from '../../db/repos/ledger';
import { listTerms } from '../../db/repos/units';
import type { Actor } from '../../db/write';

export const exportScopes = (actor: Actor) => ledgerScopes(actor);
export const ledgerTerms = () => listTerms();
/** Whether the unit has a 情况报告 of the term, and its length (for the embed option's hint). */
export const reportOf = (actor: Actor, unitId: string, term: string) => (unitId && term ? selfReportOf(actor, unitId, term) : Promise.resolve(null));
