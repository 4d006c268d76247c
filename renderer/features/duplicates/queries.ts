/** Live reads for the 疑似重复 page. */
import { listDuplicateGroups } from '../../db/repos/duplicates';
import type { Actor } from '../../db/write';

export const duplicateGroups = (actor: Actor, term: string) => listDuplicateGroups(actor, term);
