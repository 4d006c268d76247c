import { useMemo, useState, type FormEvent } from 'react';
import { NATIONAL_OFFICE, REFERENCE_UNITS } from '../../../shared/reference/term2017';
import { checkNewPassword } from '../../../shared/security/passwordPolicy';
import { login, type Session } from '../../db/repos/auth';
import { runSetup, SetupError } from '../../db/repos/setup';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { ensureDeviceKey } from '../../db/repos/peers';
import { SetupFromPackage } from '../exchange/SetupFromPackage';

/** First run: which unit this laptop serves, and its first administrator. */
export function SetupWizard({ onDone }: { onDone: (session: Session, code: string) => void }) {
  const [step, setStep] = useState<1 | 2>(1);
  // the third way in: a collective's (or lower administrator's) own laptop, from a setup package
  const [fromPackage, setFromPackage] = useState(false);
  const [unitCode, setUnitCode] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const topRows = useMemo(() => REFERENCE_UNITS.filter((u) => u.parentCode === null), []);
  const regions = topRows.filter((u) => u.channel === 'region');
  const industries = topRows.filter((u) => u.channel === 'industry');
  const chosen = unitCode === 'N00' ? NATIONAL_OFFICE.name : topRows.find((u) => u.code === unitCode)?.publishedName;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const p: string[] = [];
    if (password !== confirm) p.push('两次输入的密码不一致');
    if (!name.trim()) p.push('请填写管理员姓名');
    p.push(...checkNewPassword(password, { code: '', displayName: name }));
    if (p.length) return setProblems(p);
    setBusy(true);
    try {
      const { code } = await runSetup({ unitCode, adminName: name, password, recoveryEmail: email });
      // the device key pair is made at setup, so its fingerprint can be read out from day one
      await ensureDeviceKey().catch(() => undefined);
      onDone(await login(code, password), code);
    } catch (err) {
      setProblems(err instanceof SetupError ? err.problems : [`初始设置失败：${(err as Error).message}`]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <section className="card wide" aria-labelledby="setup-title">
        <h1 id="setup-title">欢迎使用青年文明号创建管理系统</h1>
        <p className="muted">首次使用，请完成初始设置（第 {step} 步，共 2 步）。数据只保存在本机，可通过交换包与上下级传递。</p>
        {fromPackage ? (
          <SetupFromPackage onDone={onDone} onBack={() => setFromPackage(false)} />
        ) : step === 1 ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!unitCode) return setProblems(['请选择本机服务的单位']);
              setProblems([]);
              setStep(2);
            }}
          >
            <SelectField label="本机服务的单位" value={unitCode} onChange={(e) => setUnitCode(e.target.value)} required>
              <option value="">请选择…</option>
              <option value="N00">{NATIONAL_OFFICE.name}</option>
              <optgroup label="地方">
                {regions.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.publishedName}
                  </option>
                ))}
              </optgroup>
              <optgroup label="行业（系统）">
                {industries.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.publishedName}
                  </option>
                ))}
              </optgroup>
            </SelectField>
            <ErrorList problems={problems} />
            <div className="actions">
              <button type="submit" className="primary">
                下一步
              </button>
            </div>
            <p className="muted">集体或下级管理员在自己的电脑上使用本系统时，由管理员提供安装包：</p>
            <div className="actions">
              <button type="button" onClick={() => setFromPackage(true)}>
                使用管理员提供的安装包（集体）
              </button>
            </div>
          </form>
        ) : (
          <form onSubmit={submit} noValidate>
            <p>
              单位：<strong>{chosen}</strong>。现在创建该单位的{unitCode === 'N00' ? '管理员' : '一级管理员'}。
            </p>
            <Field label="管理员姓名" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" maxLength={50} />
            <Field
              label="保密邮箱（找回用户名用，可不填）"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="email"
            />
            <Field
              label="密码"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              hint="至少 10 个字符，含字母、数字或符号中的两类；不能使用 1406、123456 等常见密码"
            />
            <Field label="确认密码" type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" />
            <ErrorList problems={problems} />
            <div className="actions">
              <button type="button" onClick={() => setStep(1)}>
                上一步
              </button>
              <button type="submit" className="primary" disabled={busy}>
                {busy ? '正在创建…' : '完成设置'}
              </button>
            </div>
          </form>
        )}
      </section>
    </main>
  );
}
