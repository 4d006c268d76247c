import { useState, type FormEvent } from 'react';
import { recoverCodesByEmail } from '../../db/repos/accounts';
import { login, LoginError, type Session } from '../../db/repos/auth';
import { ErrorList, Field } from '../../ui/Field';

export function LoginScreen({ unitName, notice, onSignedIn }: { unitName: string; notice?: string | null; onSignedIn: (s: Session) => void }) {
  const [mode, setMode] = useState<'login' | 'forgotCode' | 'forgotPassword'>('login');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const [found, setFound] = useState<{ code: string; displayName: string }[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!code.trim() || !password) return setProblems(['请输入用户名（编码）和密码']);
    setBusy(true);
    try {
      onSignedIn(await login(code, password));
    } catch (err) {
      setProblems([err instanceof LoginError ? err.message : `登录失败：${(err as Error).message}`]);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  async function recover(e: FormEvent) {
    e.preventDefault();
    try {
      setProblems([]);
      setFound(await recoverCodesByEmail(email));
    } catch (err) {
      setProblems([(err as Error).message]);
    }
  }

  const switchTo = (m: typeof mode) => {
    setMode(m);
    setProblems([]);
    setFound(null);
  };

  return (
    <main className="centered">
      <section className="card" aria-labelledby="login-title">
        {mode === 'login' && (
          <>
            <h1 id="login-title">登录</h1>
            <p className="muted">青年文明号创建管理系统 · {unitName}</p>
            {notice && <p className="alert alert-warn">{notice}</p>}
            <form onSubmit={submit} noValidate>
              <Field label="用户名（编码）" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="username" autoFocus />
              <Field label="密码" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
              <ErrorList problems={problems} />
              <div className="actions spread">
                <span>
                  <button type="button" className="link" onClick={() => switchTo('forgotCode')}>
                    忘记用户名？
                  </button>
                  <button type="button" className="link" onClick={() => switchTo('forgotPassword')}>
                    忘记密码？
                  </button>
                </span>
                <button type="submit" className="primary" disabled={busy}>
                  {busy ? '正在登录…' : '登录'}
                </button>
              </div>
            </form>
          </>
        )}
        {mode === 'forgotCode' && (
          <>
            <h1 id="login-title">找回用户名（编码）</h1>
            <form onSubmit={recover} noValidate>
              <Field label="保密邮箱" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
              <ErrorList problems={problems} />
              {found && (
                <div role="status" className="alert alert-ok">
                  {found.length ? found.map((f) => `${f.displayName}：${f.code}`).join('；') : '没有使用该保密邮箱的账号。也可请管理员按集体名称查询编码。'}
                </div>
              )}
              <div className="actions spread">
                <button type="button" className="link" onClick={() => switchTo('login')}>
                  返回登录
                </button>
                <button type="submit" className="primary">
                  查询
                </button>
              </div>
            </form>
          </>
        )}
        {mode === 'forgotPassword' && (
          <>
            <h1 id="login-title">忘记密码</h1>
            <p>本系统离线运行，无法发送重置邮件。请联系您的管理员：管理员在“账号管理”中为您重置密码，会得到一个一次性密码，您用它登录后须立即设置新密码。</p>
            <p className="muted">一级管理员忘记密码时，请联系上级单位或全国组委会办公室处理。</p>
            <div className="actions">
              <button type="button" className="link" onClick={() => switchTo('login')}>
                返回登录
              </button>
            </div>
          </>
        )}
      </section>
    </main>
  );
}
