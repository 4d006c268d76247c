import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { addTerm, type TermInput } from '../../db/repos/terms';
import { listTerms } from '../../db/repos/units';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';

/** 届次管理 (national office): later terms with their filing window and quotas. */
export function TermsPage() {
  const actor = useSession((s) => s.session!.actor);
  const terms = useLiveQuery(async () => listTerms(), []) ?? [];
  const [input, setInput] = useState<TermInput>({ code: '', filingOpens: '', filingDeadline: '', honourCutoff: '', copyQuotasFrom: '2017-2018', makeCurrent: true });
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblems([]);
    try {
      const t = await addTerm(actor, input);
      setMessage(`已新增${t.label}。下级单位通过交换包获得新届次。`);
    } catch (err) {
      setProblems((err as Error).message.split('；'));
    }
  }

  return (
    <section aria-labelledby="terms-title">
      <h1 id="terms-title">届次管理</h1>
      <table className="grid" aria-label="届次">
        <thead>
          <tr>
            <th scope="col">届次</th>
            <th scope="col">报备期</th>
            <th scope="col">荣誉截止日</th>
            <th scope="col">当前届次</th>
          </tr>
        </thead>
        <tbody>
          {terms.map((t) => (
            <tr key={t.id}>
              <th scope="row">{t.label}</th>
              <td>
                {t.filingOpens} 至 {t.filingDeadline}
              </td>
              <td>{t.honourCutoff}</td>
              <td>{t.current ? '是' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="panel" onSubmit={submit} noValidate aria-labelledby="nt-title">
        <h2 id="nt-title">新增届次</h2>
        <div className="cols">
          <Field label="届次（如 2019-2020）" value={input.code} onChange={(e) => setInput({ ...input, code: e.target.value.trim() })} />
          <Field label="报备起始日" type="date" value={input.filingOpens} onChange={(e) => setInput({ ...input, filingOpens: e.target.value })} />
          <Field label="网络报备截止日" type="date" value={input.filingDeadline} onChange={(e) => setInput({ ...input, filingDeadline: e.target.value })} />
          <Field label="荣誉截止日" type="date" value={input.honourCutoff} onChange={(e) => setInput({ ...input, honourCutoff: e.target.value })} />
          <SelectField label="名额沿用" value={input.copyQuotasFrom} onChange={(e) => setInput({ ...input, copyQuotasFrom: e.target.value })}>
            <option value="">不复制（之后逐个设置）</option>
            {terms.map((t) => (
              <option key={t.code} value={t.code}>
                {t.label}
              </option>
            ))}
          </SelectField>
        </div>
        <label className="check">
          <input type="checkbox" checked={input.makeCurrent} onChange={(e) => setInput({ ...input, makeCurrent: e.target.checked })} /> 设为当前届次
        </label>
        <ErrorList problems={problems} />
        {message && (
          <p role="status" className="alert alert-ok">
            {message}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            新增届次
          </button>
        </div>
      </form>
    </section>
  );
}
