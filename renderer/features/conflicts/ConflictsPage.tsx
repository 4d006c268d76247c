import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { resolveConflict, type ConflictView } from '../../db/repos/conflicts';
import { ErrorList } from '../../ui/Field';
import { useSession } from '../session/store';
import { TABLE_LABEL, fieldLabel, showValue } from '../exchange/labels';
import { conflictsQuery } from './queries';

function recordName(c: ConflictView): string {
  const l = c.local as Record<string, unknown>;
  const p = l.profile as { name?: string } | undefined;
  return p?.name ?? (l.displayName as string | undefined) ?? (l.title as string | undefined) ?? (l.name as string | undefined) ?? c.recordId;
}

/** One conflict: each differing field with both values and a choice. */
function ConflictCard({ c, onDone }: { c: ConflictView; onDone: (msg: string) => void }) {
  const actor = useSession((s) => s.session!.actor);
  const [choices, setChoices] = useState<Record<string, 'local' | 'remote'>>(() => Object.fromEntries(c.fields.map((f) => [f.path, 'local'])));
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const title = `${TABLE_LABEL[c.table] ?? c.table}：${recordName(c)}`;

  async function save() {
    setBusy(true);
    setProblems([]);
    try {
      await resolveConflict(actor, c.id, choices);
      const taken = Object.values(choices).filter((v) => v === 'remote').length;
      onDone(`已处理“${title}”：${taken ? `采用对方的 ${taken} 项` : '全部保留本机'}，其余保留本机。结果会在下次交换时发给对方。`);
    } catch (e) {
      setProblems([(e as Error).message]);
    } finally {
      setBusy(false);
    }
  }

  const all = (v: 'local' | 'remote') => setChoices(Object.fromEntries(c.fields.map((f) => [f.path, v])));

  return (
    <article className="panel conflicts-card" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">
        本机与对方在上次交换后都修改了这条记录。两个版本都已保存，在您处理之前本机继续使用“本机版本”。逐项选择要保留的值：
      </p>
      <ErrorList problems={problems} />
      <table className="grid" aria-label={`${title} 的不同之处`}>
        <thead>
          <tr>
            <th scope="col">字段</th>
            <th scope="col">本机版本</th>
            <th scope="col">对方版本</th>
            <th scope="col">采用</th>
          </tr>
        </thead>
        <tbody>
          {c.fields.map((f) => (
            <tr key={f.path}>
              <th scope="row">{fieldLabel(f.path)}</th>
              <td className={choices[f.path] === 'local' ? 'conflicts-chosen' : undefined}>{showValue(f.path, f.local)}</td>
              <td className={choices[f.path] === 'remote' ? 'conflicts-chosen' : undefined}>{showValue(f.path, f.remote)}</td>
              <td>
                <fieldset className="conflicts-choice">
                  <legend className="conflicts-legend">{fieldLabel(f.path)}</legend>
                  <label>
                    <input
                      type="radio"
                      name={`${c.id}-${f.path}`}
                      aria-label={`${fieldLabel(f.path)}：保留本机`}
                      checked={choices[f.path] === 'local'}
                      onChange={() => setChoices({ ...choices, [f.path]: 'local' })}
                    />
                    保留本机
                  </label>
                  <label>
                    <input
                      type="radio"
                      name={`${c.id}-${f.path}`}
                      aria-label={`${fieldLabel(f.path)}：采用对方`}
                      checked={choices[f.path] === 'remote'}
                      onChange={() => setChoices({ ...choices, [f.path]: 'remote' })}
                    />
                    采用对方
                  </label>
                </fieldset>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={() => all('local')}>
          全部保留本机
        </button>
        <button type="button" onClick={() => all('remote')}>
          全部采用对方
        </button>
        <button type="button" className="primary" onClick={() => void save()} disabled={busy}>
          保存处理结果
        </button>
      </div>
    </article>
  );
}

/** 冲突处理: conflicts from imported packages, resolved field by field. */
export function ConflictsPage() {
  const actor = useSession((s) => s.session!.actor);
  const [message, setMessage] = useState<string | null>(null);
  // re-read after each resolution as well (the live query is the normal path; this is a backstop)
  const [version, setVersion] = useState(0);
  const list = useLiveQuery(async () => conflictsQuery(actor), [actor, version]);
  return (
    <section aria-labelledby="cf-title">
      <h1 id="cf-title">冲突处理</h1>
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      {list === undefined ? (
        <p className="muted">正在读取…</p>
      ) : list.length === 0 ? (
        <p className="muted">没有待处理的冲突。</p>
      ) : (
        <>
          <p>共有 {list.length} 条待处理的冲突。</p>
          {list.map((c) => (
            <ConflictCard
              key={c.id}
              c={c}
              onDone={(m) => {
                setMessage(m);
                setVersion((v) => v + 1);
              }}
            />
          ))}
        </>
      )}
    </section>
  );
}
