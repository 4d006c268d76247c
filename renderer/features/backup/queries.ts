/** Live reads for the backup page. */
import { backupStatus, listMigrationSnapshots } from '../../db/repos/backup';

export const backupStatusQuery = () => backupStatus();
export const snapshotsQuery = () => listMigrationSnapshots();
