import { useLiveQuery } from 'dexie-react-hooks';
import { useSession } from '../session/store';
import { backupStatusQuery } from './queries';

/**
 * The scheduled reminder of the web edition: a banner when no backup was made within the
 * interval (备份与恢复 sets it; default 7 days). Mount it once in the signed-in shell.
 * Shown only to level-1 administrators and the national office, who can act on it.
 */
export function BackupReminder() {
  const session = useSession((s) => s.session);
  const go = useSession((s) => s.go);
  const status = useLiveQuery(async () => backupStatusQuery(), []);
  if (!session || !status?.due) return null;
  if (session.account.role !== 'admin1' && session.account.role !== 'national') return null;
  return (
    <div className="alert alert-warn backup-reminder" role="note" aria-label="备份提醒">
      {status.lastAt ? `已超过 ${status.intervalDays} 天没有备份本机数据。` : '本机数据还没有备份过。'}
      <button type="button" className="link" onClick={() => go('backup')}>
        去备份
      </button>
    </div>
  );
}
