import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { STATUS_LABEL } from '../../../shared/rules/status';
import { CHANNEL_LABEL, confirmDistinct, resolveSameCollective, type DuplicateGroupView } from '../../db/repos/duplicates';
import type { Actor } from '../../db/write';
import { ErrorList, Field } from '../../ui/Field';
import { useSession } from '../session/store';
import { duplicateGroups } from './queries';

export function DuplicatesPage() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const actor = session.actor;
  const groups = useLiveQuery(async () => duplicateGroups(actor, term), [actor, term]);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const national = actor.role === 'national';

  return (
    <section aria-labelledby="dup-title">
      <h1 id="dup-title">疑似重复</h1>
      <p className="muted">
        集体应按行业或地方归口关系报备，不可多途径申报（通知一.4）。名称在去除全角/半角差异、空格、括号和“青年文明号”“创建集体”等后缀后相同，或一个名称是另一个名称的结尾部分（如省略了“上海市”），即列为疑似重复。系统不会自动合并，请逐组核实后处理。
        {national ? '全国组委会办公室可看到本机所有单位的集体，包括行业和地方两个归口之间的重复。' : '这里只列出本单位及下级单位范围内的集体；行业与地方之间的重复由全国组委会办公室核查。'}
      </p>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      {groups === undefined ? (
        <p className="muted">正在查找…</p>
      ) : groups.length === 0 ? (
        <p className="alert alert-ok" role="status">
          没有待处理的疑似重复集体。
        </p>
      ) : (
        <>
          <p>共 {groups.length} 组疑似重复，请逐组处理。</p>
          {groups.map((g) => (
            <DuplicateGroupPanel
              key={g.id}
              group={g}
              actor={actor}
              onDone={(m) => {
                setProblems([]);
                setMessage(m);
              }}
              onError={(m) => {
                setMessage(null);
                setProblems([m]);
              }}
            />
          ))}
        </>
      )}
    </section>
  );
}

function DuplicateGroupPanel({ group, actor, onDone, onError }: { group: DuplicateGroupView; actor: Actor; onDone(m: string): void; onError(m: string): void }) {
  const [keepId, setKeepId] = useState(group.members[0]!.id);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const names = group.members.map((m) => m.name).join(' / ');
  const canResolve = actor.role === 'admin1' || actor.role === 'national';
  const keep = group.members.find((m) => m.id === keepId) ?? group.members[0]!;

  async function run(action: () => Promise<void>, done: string) {
    setBusy(true);
    try {
      await action();
      onDone(done);
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  function same(otherId: string) {
    const other = group.members.find((m) => m.id === otherId)!;
    const ok = window.confirm(`确认“${other.name}”（${other.code}）与“${keep.name}”（${keep.code}）是同一集体？\n保留 ${keep.code}，停用 ${other.code}（该编码将不能再登录，记录保留备查）。`);
    if (!ok) return;
    void run(() => resolveSameCollective(actor, keep.id, other.id, note), `已处理：“${other.name}”（${other.code}）与“${keep.name}”为同一集体，保留 ${keep.code}，${other.code} 已停用。`);
  }

  return (
    <section className="panel duplicates-group" aria-label={`疑似重复组：${names}`}>
      <h2>
        {names}
        {group.crossChannel && <span className="badge duplicates-badge-cross">跨归口（行业与地方）</span>}
        {group.sameUnit && <span className="badge warn">同一单位</span>}
        <span className="badge">{group.match === 'exact' ? '名称相同' : '名称相近'}</span>
      </h2>
      <table className="grid" aria-label={`疑似重复集体：${names}`}>
        <thead>
          <tr>
            {canResolve && <th scope="col">保留</th>}
            <th scope="col">集体名称</th>
            <th scope="col">用户名（编码）</th>
            <th scope="col">归口</th>
            <th scope="col">管理单位</th>
            <th scope="col">状态</th>
            {canResolve && <th scope="col">操作</th>}
          </tr>
        </thead>
        <tbody>
          {group.members.map((m) => (
            <tr key={m.id}>
              {canResolve && (
                <td>
                  <input type="radio" name={`keep-${group.id}`} checked={keepId === m.id} onChange={() => setKeepId(m.id)} aria-label={`保留“${m.name}”（${m.code}）`} />
                </td>
              )}
              <th scope="row">
                {m.name}
                {m.formerNames.length > 0 && <span className="muted">（曾用名称：{m.formerNames.join('、')}）</span>}
              </th>
              <td className="mono">{m.code}</td>
              <td>{CHANNEL_LABEL[m.channel]}</td>
              <td>{m.unitName}</td>
              <td>{STATUS_LABEL[m.status]}</td>
              {canResolve && (
                <td>
                  {m.id !== keepId && (
                    <button type="button" className="link" disabled={busy} onClick={() => same(m.id)} aria-label={`“${m.name}”与保留的集体是同一集体，停用 ${m.code}`}>
                      是同一集体，停用此编码
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {group.confirmedPairs.length > 0 && (
        <p className="muted">已确认不是同一集体：{group.confirmedPairs.map(([a, b]) => `“${a}”与“${b}”`).join('；')}。</p>
      )}
      {canResolve && (
        <div className="toolbar duplicates-actions">
          <Field label="处理说明（可不填，记入审计日志）" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => confirmDistinct(actor, group.members.map((m) => m.id), note), `已确认“${names}”不是同一集体，今后不再提示。`)}
          >
            确认不是同一集体
          </button>
        </div>
      )}
    </section>
  );
}
