/** Live reads for the conflicts page. */
import { listConflicts } from '../../db/repos/conflicts';
import type { Actor } from '../../db/write';

export const conflictsQuery = (actor: Actor) => listConflicts(actor);
