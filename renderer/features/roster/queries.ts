/** Live reads for the roster import page. */
import { importTargetUnits } from '../../db/repos/roster';
import type { Actor } from '../../db/write';

/** the units an import may go to (the admin's unit and its subunits) */
export const rosterTargetUnits = (actor: Actor) => importTargetUnits(actor);
