import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import type { Account, Role } from '../../../shared/model/entities';
import { ROLE_LABEL } from '../../../shared/rules/roles';
import { sheetFromRows, workbookBytes } from '../../../shared/ledger/cells';
import {
  createSubunit,
  deactivateAccount,
  lookupCollectiveCode,
  issueAccount,
  listAccounts,
  resetPassword,
  unitsInScope,
  type AccountFilter,
} from '../../db/repos/accounts';
import { platform } from '../../platform';
import { DISTRIBUTION_WARNINGS } from '../roster/codesSheet';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { useIssued } from './store';

const STATUS_LABEL: Record<Account['status'], string> = { active: '正常', deactivated: '已注销', superseded: '已被取代' };

export function AccountsPage() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const actor = session.actor;
  const national = actor.role === 'national';
  const [filter, setFilter] = useState<AccountFilter>({ role: '', status: '', query: '' });
  const accounts = useLiveQuery(async () => listAccounts(actor, filter), [actor, filter.role, filter.status, filter.query]);
  const units = useLiveQuery(async () => unitsInScope(actor), [actor]) ?? [];
  const issuable: Role[] = national ? ['admin1'] : ['collective', 'admin2', 'admin3'];
  const [role, setRole] = useState<Role>(issuable[0]!);
  const [unitId, setUnitId] = useState(national ? '' : actor.unitId);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [subName, setSubName] = useState('');
  const [subParent, setSubParent] = useState(actor.unitId);
  const [message, setMessage] = useState<string | null>(null);
  const { slips, add, clear } = useIssued();
  const [lookup, setLookup] = useState('');
  const [lookupResult, setLookupResult] = useState<{ code: string; name: string }[] | null>(null);
  const issuingUnits = units.filter((u) => u.channel !== 'national');

  async function issue(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblems([]);
    try {
      const r = await issueAccount(actor, { role: role as Exclude<Role, 'national'>, unitId, displayName: name, recoveryEmail: email }, term);
      add({
        code: r.account.code,
        displayName: r.account.displayName,
        roleLabel: ROLE_LABEL[r.account.role],
        unitName: units.find((u) => u.id === unitId)?.name ?? '',
        oneTimePassword: r.oneTimePassword,
        issuedAt: new Date().toLocaleString('zh-CN'),
      });
      setName('');
      setEmail('');
    } catch (err) {
      setProblems([(err as Error).message]);
    } finally {
      setBusy(false);
    }
  }

  async function addSubunit(e: FormEvent) {
    e.preventDefault();
    setProblems([]);
    try {
      const u = await createSubunit(actor, subParent, subName);
      setSubName('');
      setMessage(`已设立下级单位“${u.name}”（${u.code}）`);
    } catch (err) {
      setProblems([(err as Error).message]);
    }
  }

  async function reset(a: Account) {
    setProblems([]);
    try {
      const otp = await resetPassword(actor, a.id);
      add({ code: a.code, displayName: a.displayName, roleLabel: ROLE_LABEL[a.role], unitName: units.find((u) => u.id === a.unitId)?.name ?? '', oneTimePassword: otp, issuedAt: new Date().toLocaleString('zh-CN') });
    } catch (err) {
      setProblems([(err as Error).message]);
    }
  }

  async function deactivate(a: Account) {
    const reason = window.prompt(`注销 ${a.displayName}（${a.code}）的原因：`);
    if (reason === null) return;
    setProblems([]);
    try {
      await deactivateAccount(actor, a.id, reason);
      setMessage(`已注销 ${a.displayName}（${a.code}）`);
    } catch (err) {
      setProblems([(err as Error).message]);
    }
  }

  async function exportSlips() {
    const sheet = sheetFromRows(
      ['用户名（编码）', '名称', '角色', '所属单位', '一次性密码', '派发时间'],
      slips.map((s) => [s.code, s.displayName, s.roleLabel, s.unitName, s.oneTimePassword, s.issuedAt]),
    );
    const notes = sheetFromRows(['说明'], DISTRIBUTION_WARNINGS.map((w) => [w]));
    const bytes = workbookBytes([
      { name: '账号派发单', sheet },
      { name: '说明', sheet: notes },
    ]);
    const saved = await platform.saveFile(`账号派发单-${new Date().toISOString().slice(0, 10)}.xlsx`, bytes, [{ name: 'Excel 工作簿', extensions: ['xlsx'] }]);
    if (saved) setMessage('派发单已导出。其中含一次性密码，分发后请删除该文件。');
  }

  return (
    <section aria-labelledby="acc-title">
      <h1 id="acc-title">账号管理</h1>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      <div className="panels">
        <form className="panel" onSubmit={issue} aria-labelledby="issue-title" noValidate>
          <h2 id="issue-title">派发用户名（编码）</h2>
          <SelectField label="账号类型" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {issuable.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </SelectField>
          <SelectField label="所属单位" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
            {national && <option value="">请选择…</option>}
            {issuingUnits.map((u) => (
              <option key={u.id} value={u.id}>
                {'　'.repeat(Math.max(0, u.depth - 1))}
                {u.name}
              </option>
            ))}
          </SelectField>
          <Field
            label={role === 'collective' ? '集体规范名称' : '管理员姓名'}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            hint={role === 'collective' ? '请使用规范全称；同一集体只能有一个编码' : undefined}
          />
          <Field label="保密邮箱（可不填）" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              生成编码和一次性密码
            </button>
          </div>
        </form>
        {!national && (
          <form className="panel" onSubmit={addSubunit} aria-labelledby="sub-title" noValidate>
            <h2 id="sub-title">设立下级单位</h2>
            <SelectField label="上级单位" value={subParent} onChange={(e) => setSubParent(e.target.value)}>
              {issuingUnits.map((u) => (
                <option key={u.id} value={u.id}>
                  {'　'.repeat(Math.max(0, u.depth - 1))}
                  {u.name}
                </option>
              ))}
            </SelectField>
            <Field label="下级单位名称" value={subName} onChange={(e) => setSubName(e.target.value)} maxLength={50} hint="如市、区县或子行业" />
            <div className="actions">
              <button type="submit">设立下级单位</button>
            </div>
          </form>
        )}
      </div>

      {slips.length > 0 && (
        <section className="panel otp" aria-labelledby="otp-title">
          <h2 id="otp-title">本次派发的一次性密码（仅显示这一次）</h2>
          <table className="grid" aria-label="一次性密码">
            <thead>
              <tr>
                <th scope="col">用户名（编码）</th>
                <th scope="col">名称</th>
                <th scope="col">角色</th>
                <th scope="col">所属单位</th>
                <th scope="col">一次性密码</th>
              </tr>
            </thead>
            <tbody>
              {slips.map((s) => (
                <tr key={s.code + s.oneTimePassword}>
                  <td className="mono">{s.code}</td>
                  <th scope="row">{s.displayName}</th>
                  <td>{s.roleLabel}</td>
                  <td>{s.unitName}</td>
                  <td className="mono">{s.oneTimePassword}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">一次性密码不会保存在系统中。请导出派发单或抄录后交给本人；对方首次登录必须设置新密码。</p>
          <div className="actions">
            <button type="button" onClick={() => void exportSlips()}>
              导出派发单（Excel）
            </button>
            <button type="button" onClick={clear}>
              已分发，清除显示
            </button>
          </div>
        </section>
      )}

      <form
        className="toolbar"
        aria-label="按集体名称查询编码"
        onSubmit={(e) => {
          e.preventDefault();
          void lookupCollectiveCode(actor, lookup).then(setLookupResult, (err: Error) => setProblems([err.message]));
        }}
      >
        <Field label="按集体名称（含曾用名称）查询编码" value={lookup} onChange={(e) => setLookup(e.target.value)} />
        <button type="submit">查询编码</button>
        {lookupResult && (
          <span role="status">{lookupResult.length ? lookupResult.map((r) => `${r.name}：${r.code}`).join('；') : '未找到匹配的集体'}</span>
        )}
      </form>

      <h2>账号列表</h2>
      <div className="toolbar">
        <Field label="搜索编码或名称" value={filter.query ?? ''} onChange={(e) => setFilter({ ...filter, query: e.target.value })} />
        <SelectField label="角色" value={filter.role ?? ''} onChange={(e) => setFilter({ ...filter, role: e.target.value as Role | '' })}>
          <option value="">全部</option>
          {(Object.keys(ROLE_LABEL) as Role[]).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </SelectField>
        <SelectField label="状态" value={filter.status ?? ''} onChange={(e) => setFilter({ ...filter, status: e.target.value as Account['status'] | '' })}>
          <option value="">全部</option>
          <option value="active">正常</option>
          <option value="deactivated">已注销</option>
          <option value="superseded">已被取代</option>
        </SelectField>
      </div>
      <table className="grid" aria-label="账号列表">
        <thead>
          <tr>
            <th scope="col">用户名（编码）</th>
            <th scope="col">名称</th>
            <th scope="col">角色</th>
            <th scope="col">所属单位</th>
            <th scope="col">状态</th>
            <th scope="col">上次登录</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {(accounts ?? []).map((a) => (
            <tr key={a.id}>
              <td className="mono">{a.code}</td>
              <th scope="row">{a.displayName}</th>
              <td>{ROLE_LABEL[a.role]}</td>
              <td>{units.find((u) => u.id === a.unitId)?.name ?? ''}</td>
              <td>
                {STATUS_LABEL[a.status]}
                {a.mustChangePassword && a.status === 'active' ? '（待首次登录）' : ''}
              </td>
              <td>{a.lastLoginAt ? new Date(a.lastLoginAt).toLocaleString('zh-CN') : '—'}</td>
              <td>
                {a.id !== actor.accountId && a.status === 'active' && (
                  <>
                    <button type="button" className="link" onClick={() => void reset(a)} aria-label={`重置 ${a.displayName} 的密码`}>
                      重置密码
                    </button>
                    {(national || a.role !== 'collective') && (
                      <button type="button" className="link" onClick={() => void deactivate(a)} aria-label={`注销 ${a.displayName}`}>
                        注销
                      </button>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
