import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { canBackUp } from '../../db/repos/backup';
import { platform } from '../../platform';
import { useSession } from '../session/store';
import { autoBackupStatusQuery } from './queries';
import { startAutoBackupScheduler } from './scheduler';

const breathe = () => new Promise<void>((r) => setTimeout(r));

/**
 * Runs the automatic backup (desktop edition) in the background while someone who may back up is
 * signed in, and shows a non-blocking notice when the last automatic backup failed. Mount it once
 * in the signed-in shell, beside BackupReminder.
 */
export function AutoBackupRunner() {
  const session = useSession((s) => s.session);
  const go = useSession((s) => s.go);
  const actor = session?.actor ?? null;
  const forced = session?.account.mustChangePassword ?? false;
  const allowed = useLiveQuery(async () => (actor ? canBackUp(actor) : false), [actor]);
  const status = useLiveQuery(async () => autoBackupStatusQuery(), []);
  // dismissed per message: the same unplugged USB stick does not nag every hour, a new problem does
  const [dismissed, setDismissed] = useState<string | null>(null);

  useEffect(() => {
    if (!actor || forced || !allowed) return;
    return startAutoBackupScheduler({ actor, platform, pause: breathe });
  }, [actor, forced, allowed]);

  const failure = status?.lastResult && !status.lastResult.ok ? status.lastResult : null;
  if (!session || !allowed || !failure || status?.settings.mode === 'off' || dismissed === failure.message) return null;
  return (
    <div className="alert alert-warn backup-reminder" role="note" aria-label="自动备份失败">
      自动备份失败（{new Date(failure.at).toLocaleString('zh-CN')}）：{failure.message}
      <button type="button" className="link" onClick={() => go('backup')}>
        查看
      </button>
      <button type="button" className="link" onClick={() => setDismissed(failure.message)}>
        知道了
      </button>
    </div>
  );
}
