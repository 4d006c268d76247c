import { useState, type FormEvent } from 'react';
import { changeOwnPassword } from '../../db/repos/accounts';
import { ErrorList, Field } from '../../ui/Field';
import { useSession } from './store';

/** Own password: forced after a one-time password, or voluntary (then the current one is asked). */
export function ChangePasswordPage() {
  const { session, replaceAccount, go } = useSession();
  const forced = session!.account.mustChangePassword;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (next !== confirm) return setProblems(['两次输入的新密码不一致']);
    try {
      const updated = await changeOwnPassword(session!.actor, forced ? null : current, next);
      replaceAccount(updated);
      setProblems([]);
      setDone(true);
      setCurrent('');
      setNext('');
      setConfirm('');
      if (forced) go('home');
    } catch (err) {
      setProblems((err as Error).message.split('；'));
    }
  }

  return (
    <section aria-labelledby="pw-title" className="narrow">
      <h1 id="pw-title">{forced ? '首次登录：请设置新密码' : '修改密码'}</h1>
      {forced && <p className="alert alert-warn">您正在使用管理员派发的一次性密码。设置自己的密码后才能继续使用系统。</p>}
      {done && (
        <p role="status" className="alert alert-ok">
          密码已修改。
        </p>
      )}
      <form onSubmit={submit} noValidate>
        {!forced && <Field label="当前密码" type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" />}
        <Field
          label="新密码"
          type="password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          autoComplete="new-password"
          hint="至少 10 个字符，含字母、数字或符号中的两类；不能使用 1406、123456、用户名或常见密码"
        />
        <Field label="确认新密码" type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" />
        <ErrorList problems={problems} />
        <div className="actions">
          <button type="submit" className="primary">
            保存新密码
          </button>
        </div>
      </form>
    </section>
  );
}
