import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { unitsInScope } from '../../db/repos/accounts';
import { transferCollective } from '../../db/repos/lifecycle';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';

/** Wrong-channel transfer (annex 2 五.3): re-issue a code here, using exactly the previous name. */
export function TransferForm() {
  const actor = useSession((s) => s.session!.actor);
  const units = (useLiveQuery(async () => unitsInScope(actor), [actor]) ?? []).filter((u) => u.channel !== 'national');
  const [oldCode, setOldCode] = useState('');
  const [name, setName] = useState('');
  const [unitId, setUnitId] = useState(actor.role === 'national' ? '' : actor.unitId);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblems([]);
    setDone(null);
    try {
      const r = await transferCollective(actor, oldCode, name, unitId);
      setDone(`已重新设置编码 ${r.collective.code}（原编码 ${r.collective.transferredFrom} 已作废），一次性密码：${r.oneTimePassword}。请交给集体，首次登录须修改密码。`);
      setOldCode('');
      setName('');
    } catch (err) {
      setProblems([(err as Error).message]);
    }
  }

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="tr-title" noValidate>
      <h2 id="tr-title">归口转移（集体归口平台选错时）</h2>
      <p className="muted">经应归口的管理员同意后，由本单位重新设置用户名（编码），必须采用集体前次报备时使用的名称；前次报备的信息随之转入新编码，原编码作废。</p>
      <div className="cols">
        <Field label="原用户名（编码）" value={oldCode} onChange={(e) => setOldCode(e.target.value)} />
        <Field label="前次报备时使用的名称" value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label="转入单位" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          {actor.role === 'national' && <option value="">请选择…</option>}
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
      </div>
      <ErrorList problems={problems} />
      {done && (
        <p role="status" className="alert alert-ok">
          {done}
        </p>
      )}
      <div className="actions">
        <button type="submit">重新设置编码并转入</button>
      </div>
    </form>
  );
}
