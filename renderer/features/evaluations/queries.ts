/** Live reads of the 社会评价 page. */
import { localDay } from '../../../shared/rules/complaints';
import { listEvaluations, type EvaluationFilter } from '../../db/repos/evaluations';
import type { Actor } from '../../db/write';

export const evaluationsQuery = (actor: Actor, term: string, filter: EvaluationFilter) => listEvaluations(actor, term, filter, localDay(new Date()));
export { collectivesQuery } from '../logs/queries';
