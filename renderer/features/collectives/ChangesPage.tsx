import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { decideChange } from '../../db/repos/lifecycle';
import { ErrorList, Field } from '../../ui/Field';
import { useSession } from '../session/store';
import { pendingChanges } from './queries';

const KIND_LABEL: Record<string, string> = {
  merge: '并入其他集体（视为新集体）',
  memberTurnover: '成员一次性变动超过50%',
  disqualification: '取消创建资格',
  functionRename: '职能变更',
};

/** Changes that end a qualification: the national office decides; admins follow their reports here. */
export function ChangesPage() {
  const actor = useSession((s) => s.session!.actor);
  const rows = useLiveQuery(async () => pendingChanges(actor), [actor]) ?? [];
  const [comments, setComments] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const national = actor.role === 'national';

  async function decide(id: string, approve: boolean) {
    setProblems([]);
    try {
      const r = await decideChange(actor, id, approve, comments[id] ?? '');
      const code = r.details.newCode ? `新集体编码 ${String(r.details.newCode)}，一次性密码 ${String(r.details.oneTimePassword)}（请交管理员转告集体）。` : '';
      setMessage(approve ? `已审定并实施。${code}` : '已不同意该变更。');
    } catch (e) {
      setProblems([(e as Error).message]);
    }
  }

  return (
    <section aria-labelledby="ch-title">
      <h1 id="ch-title">{national ? '变更审定' : '待审定的变更'}</h1>
      <p className="muted">凡管理员认为集体应取消创建资格的变更，由全国创建“青年文明号”活动组委会办公室审定并实施，管理员负责通报集体。</p>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">没有待审定的变更</p>
      ) : (
        <table className="grid" aria-label="待审定的变更">
          <thead>
            <tr>
              <th scope="col">集体</th>
              <th scope="col">情况</th>
              <th scope="col">说明</th>
              <th scope="col">上报时间</th>
              {national && <th scope="col">审定</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.collective?.profile.name}（{r.collective?.code}）
                </th>
                <td>{KIND_LABEL[r.kind] ?? r.kind}</td>
                <td>{r.reason}</td>
                <td>{new Date(r.createdAt).toLocaleString('zh-CN')}</td>
                {national && (
                  <td>
                    <Field label={`审定意见：${r.collective?.profile.name ?? ''}`} value={comments[r.id] ?? ''} onChange={(e) => setComments({ ...comments, [r.id]: e.target.value })} />
                    <button type="button" className="primary" onClick={() => void decide(r.id, true)}>
                      同意并实施
                    </button>{' '}
                    <button type="button" onClick={() => void decide(r.id, false)}>
                      不同意
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
