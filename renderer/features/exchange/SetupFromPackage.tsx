import { useState, type FormEvent } from 'react';
import { login, type Session } from '../../db/repos/auth';
import { readSetupPackage, setUpFromPackage, type SetupPackageInfo } from '../../db/repos/exchange';
import { ensureDeviceKey } from '../../db/repos/peers';
import { platform } from '../../platform';
import { ErrorList, Field } from '../../ui/Field';
import { useExchangeUi } from './store';

/**
 * First-run path for a collective's (or a lower administrator's) own computer: the setup
 * package (安装包) its administrator made, the administrator's fingerprint compared by phone or
 * in person, and the one-time password handed over separately.
 */
export function SetupFromPackage({ onDone, onBack }: { onDone: (session: Session, code: string) => void; onBack: () => void }) {
  const [info, setInfo] = useState<SetupPackageInfo | null>(null);
  const [fileName, setFileName] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [code, setCode] = useState('');
  const [otp, setOtp] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function pick() {
    setProblems([]);
    const files = await platform.openFiles([{ name: 'YCA 安装包', extensions: ['ycapkg'] }], false);
    if (!files.length) return;
    setBusy(true);
    try {
      setInfo(await readSetupPackage(files[0]!.data));
      setFileName(files[0]!.name);
      setConfirmed(false);
    } catch (e) {
      setInfo(null);
      setProblems([`不能使用“${files[0]!.name}”：${(e as Error).message}`]);
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!info) return;
    setProblems([]);
    setBusy(true);
    try {
      const signedCode = await setUpFromPackage(info, code, otp, confirmed);
      await ensureDeviceKey().catch(() => undefined);
      await useExchangeUi.getState().loadInstallation();
      onDone(await login(signedCode, otp), signedCode);
    } catch (err) {
      setProblems([(err as Error).message]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="使用安装包设置">
      <p>用管理员为本机生成的安装包（.ycapkg）完成设置。安装包含您的账号和可见的数据，以及管理员电脑的公钥；您的一次性密码由管理员另行告知。</p>
      <div className="actions exchange-left">
        <button type="button" onClick={() => void pick()} disabled={busy}>
          选择安装包文件…
        </button>
      </div>
      {info && (
        <>
          <dl className="exchange-facts" aria-label="安装包信息">
            <dt>文件</dt>
            <dd>{fileName}</dd>
            <dt>账号</dt>
            <dd>
              {info.accountName}（{info.roleLabel}，{info.unitName}）
            </dd>
            <dt>签发</dt>
            <dd>
              {info.issuerUnitName} · {info.grant.issuerName}
            </dd>
            <dt>管理员电脑的指纹</dt>
            <dd className="mono exchange-fingerprint" aria-label="管理员电脑的指纹">
              {info.fingerprint}
            </dd>
          </dl>
          <label className="exchange-check">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> 我已与管理员当面或电话核对，指纹完全一致
          </label>
          <Field label="用户名（编码）" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="username" />
          <Field label="一次性密码" type="password" value={otp} onChange={(e) => setOtp(e.target.value)} autoComplete="one-time-code" />
        </>
      )}
      <ErrorList problems={problems} />
      <div className="actions">
        <button type="button" onClick={onBack}>
          返回
        </button>
        {info && (
          <button type="submit" className="primary" disabled={busy || !confirmed}>
            {busy ? '正在设置…' : '用安装包完成设置'}
          </button>
        )}
      </div>
    </form>
  );
}
