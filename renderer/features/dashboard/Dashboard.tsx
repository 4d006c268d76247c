import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { quotaDeviationMessage } from '../../../shared/reference/quota';
import type { NationalRow } from '../../db/repos/units';
import { useSession } from '../session/store';
import { nationalDashboard, todoCounts, unitDashboard } from './queries';

const pct = (n: number, d: number) => (d > 0 ? `${((n / d) * 100).toFixed(1)}%` : '—');

export function Dashboard() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const national = session.account.role === 'national';
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">工作台</h1>
      <Todo />
      {national ? <NationalOverview term={term} /> : <UnitQuota unitId={session.unit.id} term={term} />}
    </section>
  );
}

/** What waits for this administrator, with a way to get there. */
function Todo() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const go = useSession((s) => s.go);
  const t = useLiveQuery(async () => todoCounts(session.actor, term), [session.actor, term]);
  if (!t) return null;
  const role = session.account.role;
  const items = [
    { label: '待初审的报备', n: t.waitingPre, to: 'collectives' },
    { label: '待终审的报备', n: t.waitingFinal, to: 'collectives', hidden: role === 'admin2' || role === 'admin3' },
    { label: '已退回待集体修改', n: t.returned, to: 'collectives' },
    { label: role === 'national' ? '待审定的变更' : '已上报待审定的变更', n: t.changes, to: 'changes', hidden: role === 'admin2' || role === 'admin3' },
  ].filter((i) => !i.hidden);
  return (
    <section aria-labelledby="todo-title" className="todo">
      <h2 id="todo-title">待办</h2>
      <ul aria-label="待办事项">
        {items.map((i) => (
          <li key={i.label}>
            <button type="button" className={i.n > 0 ? 'todo-item due' : 'todo-item'} onClick={() => go(i.to)}>
              <span>{i.label}</span>
              <strong>{i.n}</strong>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function UnitQuota({ unitId, term }: { unitId: string; term: string }) {
  const q = useLiveQuery(async () => unitDashboard(unitId, term), [unitId, term]);
  if (q === undefined) return <p className="muted">正在读取…</p>;
  if (q === null) return <p role="alert">本单位在该届次没有名额数据。</p>;
  const rate = q.required > 0 ? Math.min(1, q.approved / q.required) : 0;
  return (
    <>
      <h2>{q.unit.name} · 网络创建完成情况</h2>
      <dl className="stats" aria-label="名额与完成情况">
        <div>
          <dt>基数</dt>
          <dd>{q.base}</dd>
        </div>
        <div>
          <dt>应完成网络创建数</dt>
          <dd>{q.required}</dd>
        </div>
        <div>
          <dt>已报备</dt>
          <dd>{q.filed}</dd>
        </div>
        <div>
          <dt>创建集体</dt>
          <dd>{q.approved}</dd>
        </div>
        <div>
          <dt>完成率</dt>
          <dd>{pct(q.approved, q.required)}</dd>
        </div>
      </dl>
      <div className="progress" role="progressbar" aria-label="创建集体完成率" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(rate * 100)}>
        <span style={{ width: `${rate * 100}%` }} />
      </div>
      {q.parts.length > 1 && (
        <p className="muted">
          含公布的分项：
          {q.parts.map((p) => `${p.unit.name} 基数 ${p.quota.base}、应完成 ${p.quota.required}`).join('；')}
        </p>
      )}
      {q.parts
        .filter((p) => p.quota.deviatesFromRule)
        .map((p) => (
          <p key={p.unit.id} className="alert alert-warn" role="note">
            {p.unit.name}：{quotaDeviationMessage(p.quota)}
          </p>
        ))}
    </>
  );
}

type SortKey = 'order' | 'required' | 'approved' | 'rate';

function NationalOverview({ term }: { term: string }) {
  const rows = useLiveQuery(async () => nationalDashboard(term), [term]);
  const [sort, setSort] = useState<SortKey>('order');
  if (!rows) return <p className="muted">正在读取…</p>;
  const sorted = sortRows(rows, sort);
  const totals = (channel: 'industry' | 'region') => {
    const r = rows.filter((x) => x.unit.channel === channel);
    return {
      rows: r.length,
      base: r.reduce((s, x) => s + x.base, 0),
      required: r.reduce((s, x) => s + x.required, 0),
      filed: r.reduce((s, x) => s + x.filed, 0),
      approved: r.reduce((s, x) => s + x.approved, 0),
    };
  };
  const ind = totals('industry');
  const reg = totals('region');
  return (
    <>
      <h2>各行业、各地方网络创建完成情况</h2>
      <div className="toolbar">
        <label>
          排序：
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)} aria-label="排序方式">
            <option value="order">按公布顺序</option>
            <option value="required">按应完成数</option>
            <option value="approved">按创建集体数</option>
            <option value="rate">按完成率</option>
          </select>
        </label>
      </div>
      <table className="grid" aria-label="网络创建完成情况">
        <thead>
          <tr>
            <th scope="col">类别</th>
            <th scope="col">单位</th>
            <th scope="col">基数</th>
            <th scope="col">应完成网络创建数</th>
            <th scope="col">已报备</th>
            <th scope="col">创建集体</th>
            <th scope="col">完成率</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.unit.id} className={r.deviates ? 'row-warn' : undefined}>
              <td>{r.unit.channel === 'industry' ? '行业' : '地方'}</td>
              <th scope="row">
                {r.subRow ? `└ ${r.unit.name}` : r.unit.name}
                {r.deviates && (
                  <span className="badge warn" title={quotaDeviationMessage(r) ?? undefined}>
                    与10倍规则不符
                  </span>
                )}
              </th>
              <td className="num">{r.base}</td>
              <td className="num">{r.required}</td>
              <td className="num">{r.filed}</td>
              <td className="num">{r.approved}</td>
              <td className="num">{pct(r.approved, r.required)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>行业</td>
            <th scope="row">行业合计（{ind.rows} 行）</th>
            <td className="num">{ind.base}</td>
            <td className="num">{ind.required}</td>
            <td className="num">{ind.filed}</td>
            <td className="num">{ind.approved}</td>
            <td className="num">{pct(ind.approved, ind.required)}</td>
          </tr>
          <tr>
            <td>地方</td>
            <th scope="row">地方合计（{reg.rows} 行）</th>
            <td className="num">{reg.base}</td>
            <td className="num">{reg.required}</td>
            <td className="num">{reg.filed}</td>
            <td className="num">{reg.approved}</td>
            <td className="num">{pct(reg.approved, reg.required)}</td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}

function sortRows(rows: NationalRow[], key: SortKey): NationalRow[] {
  const rate = (r: NationalRow) => (r.required ? r.approved / r.required : 0);
  const copy = [...rows];
  if (key === 'order') return copy.sort((a, b) => (a.unit.channel === b.unit.channel ? a.unit.sortOrder - b.unit.sortOrder : a.unit.channel === 'industry' ? -1 : 1));
  if (key === 'required') return copy.sort((a, b) => b.required - a.required);
  if (key === 'approved') return copy.sort((a, b) => b.approved - a.approved);
  return copy.sort((a, b) => rate(b) - rate(a));
}
