/** Live reads for the exchange page (used with useLiveQuery). */
import type { Actor } from '../../db/write';
import { exportTargets, listPackageLog, localCounts, setupCandidates } from '../../db/repos/exchange';
import { deviceInfo, listPeers } from '../../db/repos/peers';

export const peersQuery = () => listPeers();
export const packageLogQuery = () => listPackageLog(30);
export const countsQuery = () => localCounts();
export const deviceQuery = () => deviceInfo();
export const targetsQuery = (actor: Actor) => exportTargets(actor);
export const setupCandidatesQuery = (actor: Actor) => setupCandidates(actor);
