import { nationalQuotaRows, quotaFigures } from '../../db/repos/units';

export const unitDashboard = (unitId: string, term: string) => quotaFigures(unitId, term);
export const nationalDashboard = (term: string) => nationalQuotaRows(term);
export { todoCounts } from '../../db/repos/collectives';
