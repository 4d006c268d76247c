import { collectiveRows } from '../../db/repos/collectives';
import { unitsInScope } from '../../db/repos/accounts';
import { eligibilityOf, historyOf, pendingChanges } from '../../db/repos/lifecycle';
import { getCollective } from '../../db/repos/collectives';

export { collectiveRows, unitsInScope, eligibilityOf, historyOf, pendingChanges, getCollective };
