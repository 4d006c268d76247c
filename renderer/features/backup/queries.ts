/** Live reads for the backup page. */
import { backupStatus, listMigrationSnapshots } from '../../db/repos/backup';
import { autoBackupStatus } from '../../db/repos/autoBackup';

export const backupStatusQuery = () => backupStatus();
export const snapshotsQuery = () => listMigrationSnapshots();
export const autoBackupStatusQuery = () => autoBackupStatus();
