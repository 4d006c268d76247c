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
import { useIdleLock } from './features/session/useIdleLock';
import { LoginScreen } from './features/session/LoginScreen';
import { useSession } from './features/session/store';
import { SetupWizard } from './features/setup/SetupWizard';
import { Shell } from './features/shell/Shell';
import { platform } from './platform';

type Boot = { state: 'loading' } | { state: 'error'; message: string } | { state: 'setup' } | { state: 'ready'; unitName: string };

export function App() {
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
        // a newer app opening an older database: snapshot it first, so a failed migration loses nothing
        await backupBeforeMigration(db().name);
        await loadClock();
        const inst = await getInstallation();
        if (!inst) return setBoot({ state: 'setup' });
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
  if (boot.state === 'error')
    return (
      <main className="centered">
        <div role="alert" className="alert alert-error">
          {boot.message}
          <div className="actions">
            <button type="button" onClick={() => location.reload()}>
              重新加载
            </button>
          </div>
        </div>
      </main>
    );
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
