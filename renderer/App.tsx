import { useEffect, useState } from 'react';
import { db } from './db/db';
import { getInstallation } from './db/repos/setup';
import { listTerms } from './db/repos/units';
import { loadClock } from './db/write';
import type { Session } from './db/repos/auth';
import { FEATURES } from './features/registry';
import { BackupReminder } from './features/backup/BackupReminder';
import { AutoBackupRunner } from './features/backup/AutoBackupRunner';
import { backupBeforeMigration } from './db/repos/backup';
import { useExchangeUi } from './features/exchange/store';
import { useIdleLock } from './features/session/useIdleLock';
import { LoginScreen } from './features/session/LoginScreen';
import { useSession } from './features/session/store';
import { SetupWizard } from './features/setup/SetupWizard';
import { Shell } from './features/shell/Shell';
import { platform } from './platform';

type Boot = { state: 'loading' } | { state: 'error'; message: string } | { state: 'setup' } | { state: 'ready'; unitName: string };

type Migration = { state: 'checking' } | { state: 'snapshot' } | { state: 'done' } | { state: 'failed'; message: string };

/**
 * The app starts with the migration check, before anything opens the database: a newer app
 * opening an older database first saves a snapshot of it (backupBeforeMigration), and only then
 * may the schema upgrade run. The rest of the app — every hook and live query that would open the
 * database and so start the upgrade — mounts only after the snapshot is safe. If the snapshot
 * fails, the database is left unopened, at its old version.
 */
export function App() {
  const [migration, setMigration] = useState<Migration>({ state: 'checking' });
  useEffect(() => {
    void (async () => {
      try {
        await backupBeforeMigration(db().name, undefined, () => setMigration({ state: 'snapshot' }));
        setMigration({ state: 'done' });
      } catch (e) {
        setMigration({ state: 'failed', message: e instanceof Error ? e.message : String(e) });
      }
    })();
  }, []);
  if (migration.state === 'checking') return <p className="centered muted">正在启动…</p>;
  if (migration.state === 'snapshot') return <p className="centered muted">正在升级本机数据库：先为现有数据自动做一份迁移前备份，数据较多时需要一两分钟，请勿关闭窗口…</p>;
  if (migration.state === 'failed') {
    return (
      <BootError
        message={`升级本机数据库前的自动备份未能完成（${migration.message}）。为保护数据，本机数据库保持原样、未升级。请检查磁盘空间后重新加载；如仍失败，请用旧版本软件导出备份后再升级。`}
      />
    );
  }
  return <Workspace />;
}

function BootError({ message }: { message: string }) {
  return (
    <main className="centered">
      <div role="alert" className="alert alert-error">
        {message}
        <div className="actions">
          <button type="button" onClick={() => location.reload()}>
            重新加载
          </button>
        </div>
      </div>
    </main>
  );
}

function Workspace() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);
  const { session, view, signIn } = useSession();
  const locked = useIdleLock();
  // the setup notice (with the first admin's code) is for the person who just set up, not for the next sign-in
  useEffect(() => {
    if (!session) setNotice(null);
  }, [session]);

  useEffect(() => {
    void (async () => {
      try {
        await loadClock();
        const inst = await getInstallation();
        if (!inst) return setBoot({ state: 'setup' });
        // what this laptop is, known before the first sign-in renders the navigation
        await useExchangeUi.getState().loadInstallation();
        const unit = await db().units.get(inst.unitId);
        setBoot({ state: 'ready', unitName: unit?.name ?? '' });
      } catch (e) {
        const err = e as Error & { inner?: Error };
        // a newer app has upgraded this database: an older one must not write into it
        const newer = err.name === 'VersionError' || err.inner?.name === 'VersionError';
        setBoot({
          state: 'error',
          message: newer ? '本机数据已由更新版本的 YCA Desk 升级，当前程序版本过旧，无法打开。请安装最新版本后再使用。' : `无法打开本机数据库：${err.message}`,
        });
      }
    })();
    const onVersionChange = () => setBoot({ state: 'error', message: '另一个窗口已升级了数据库，请重新加载本页面。' });
    window.addEventListener('yca:versionchange', onVersionChange);
    return () => window.removeEventListener('yca:versionchange', onVersionChange);
  }, []);

  async function enter(s: Session) {
    const terms = await listTerms();
    const current = terms.find((t) => t.current) ?? terms[terms.length - 1];
    signIn(s, current?.code ?? '');
    void platform.requestPersistentStorage();
  }

  if (boot.state === 'loading') return <p className="centered muted">正在启动…</p>;
  if (boot.state === 'error') return <BootError message={boot.message} />;
  if (boot.state === 'setup')
    return (
      <SetupWizard
        onDone={(s, code) => {
          setNotice(`初始设置完成。您的用户名（编码）是 ${code}，登录时使用，请牢记。`);
          setBoot({ state: 'ready', unitName: s.unit.name });
          void enter(s);
        }}
      />
    );
  if (!session) return <LoginScreen unitName={boot.unitName} notice={locked} onSignedIn={(s) => void enter(s)} />;

  const role = session.account.role;
  const forced = session.account.mustChangePassword;
  // until a one-time password is replaced, only the password page is reachable
  const features = FEATURES.filter((f) => f.visible(role) && (!forced || f.id === 'password'));
  const current = features.find((f) => f.id === (forced ? 'password' : view)) ?? features[0]!;
  return (
    <Shell nav={features.map((f) => ({ view: f.id, label: f.label(role) }))} current={current.id}>
      {notice && (
        <div className="alert alert-ok" role="status">
          {notice}
          <button type="button" className="link" onClick={() => setNotice(null)}>
            知道了
          </button>
        </div>
      )}
      <BackupReminder />
      <AutoBackupRunner />
      <current.Page />
    </Shell>
  );
}
