/** Live reads of the supervision dashboard. */
import { staleLogDays, supervisionDashboard } from '../../db/repos/supervision';
import type { Actor } from '../../db/write';

export const dashboardQuery = (actor: Actor, term: string, days: number) => supervisionDashboard(actor, term, days);
export const staleDaysQuery = () => staleLogDays();
