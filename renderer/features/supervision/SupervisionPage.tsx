import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { COMPLAINT_STATES, COMPLAINT_STATE_LABEL } from '../../../shared/rules/complaints';
import { MAX_STALE_DAYS, MIN_STALE_DAYS, saveStaleLogDays, staleDaysProblem, type SupervisionDashboard } from '../../db/repos/supervision';
import { Field } from '../../ui/Field';
import { useLogsUi } from '../logs/store';
import { useSession } from '../session/store';
import { BarChart } from './BarChart';
import { dashboardQuery, staleDaysQuery } from './queries';

/** 监督看板: an administrator's subtree at a glance — log freshness, complaints, ratings, logs per month. */
export function SupervisionPage() {
  const { session, term } = useSession();
  const actor = session!.actor;
  const saved = useLiveQuery(async () => staleDaysQuery(), []);
  const [typed, setTyped] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const daysText = typed ?? (saved !== undefined ? String(saved) : '');
  const days = Number(daysText);
  const problem = daysText === '' ? null : staleDaysProblem(days);
  const effective = problem || daysText === '' ? (saved ?? 60) : days;
  const dash = useLiveQuery(async () => dashboardQuery(actor, term, effective), [actor, term, effective]);
  const canSave = actor.role === 'admin1' || actor.role === 'national';

  async function saveDefault() {
    try {
      await saveStaleLogDays(actor, days);
      setTyped(null);
      setMessage({ text: `已将本机默认天数设为 ${days} 天`, error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  }

  return (
    <section aria-labelledby="sup-title">
      <h1 id="sup-title">监督看板</h1>
      {message && (
        <p className={`alert ${message.error ? 'alert-error' : 'alert-ok'}`} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div className="toolbar">
        <Field
          label="多少天未提交创建日志算作“长期未更新”（N）"
          type="number"
          min={MIN_STALE_DAYS}
          max={MAX_STALE_DAYS}
          value={daysText}
          error={problem}
          hint={`本机默认 ${saved ?? 60} 天${canSave ? '，可修改后“设为本机默认”' : ''}`}
          onChange={(e) => setTyped(e.target.value)}
        />
        {canSave && (
          <button type="button" disabled={problem !== null || daysText === '' || days === saved} onClick={() => void saveDefault()}>
            设为本机默认
          </button>
        )}
      </div>
      {dash === undefined ? <p className="muted">正在统计…</p> : <Board dash={dash} />}
    </section>
  );
}

function Stat({ label, value, tone }: { label: string; value: number | string; tone?: 'warn' | 'err' }) {
  const id = useId();
  return (
    <div className={tone ? `supervision-stat-${tone}` : undefined}>
      <dt id={id}>{label}</dt>
      <dd aria-labelledby={id}>{value}</dd>
    </div>
  );
}

function Board({ dash }: { dash: SupervisionDashboard }) {
  const { go } = useSession();
  const { showCollective } = useLogsUi();
  const c = dash.complaints;
  const staleCount = dash.freshness.stale + dash.freshness.never;
  return (
    <>
      <dl className="stats supervision-stats" aria-label="监督概况">
        <Stat label="本届集体" value={dash.collectives} />
        <Stat label={`超过 ${dash.staleDays} 天未提交日志`} value={staleCount} tone={staleCount ? 'warn' : undefined} />
        <Stat label="本届创建日志" value={dash.logs.submitted} />
        <Stat label="本月创建日志" value={dash.logs.thisMonth} />
        <Stat label="我未阅的日志" value={dash.logs.unreadByMe} tone={dash.logs.unreadByMe ? 'warn' : undefined} />
        <Stat label="已阅日志" value={dash.logs.read} />
        <Stat label="已点评日志" value={dash.logs.commented} />
        <Stat label="社会评价" value={dash.evaluations} />
        <Stat label="平均评分" value={dash.averageRating ?? '—'} />
        <Stat label="投诉总数" value={c.total} />
        <Stat label="未办结投诉" value={c.open} tone={c.open ? 'warn' : undefined} />
        <Stat label="逾期未整改" value={c.overdue} tone={c.overdue ? 'err' : undefined} />
      </dl>
      <dl className="stats supervision-stats" aria-label="投诉办理状态">
        {COMPLAINT_STATES.map((s) => (
          <Stat key={s} label={COMPLAINT_STATE_LABEL[s]} value={c.byState[s]} />
        ))}
      </dl>
      <div className="supervision-charts">
        <BarChart
          title="近 12 个月每月提交的创建日志"
          unit=" 篇"
          bars={dash.logsPerMonth.map((m) => ({ label: `${Number(m.month.slice(5))}月`, value: m.count, tone: 'ok' }))}
        />
        <BarChart
          title={`集体提交创建日志情况（N = ${dash.staleDays} 天）`}
          unit=" 个"
          bars={[
            { label: `${dash.staleDays}天内`, value: dash.freshness.recent, tone: 'ok' },
            { label: `超${dash.staleDays}天`, value: dash.freshness.stale, tone: 'warn' },
            { label: '本届未提交', value: dash.freshness.never, tone: 'err' },
          ]}
        />
        <BarChart title="社会评价评分分布" unit=" 条" bars={dash.ratings.map((r) => ({ label: `${r.rating}分`, value: r.count, tone: r.rating <= 2 ? 'warn' : 'ok' }))} />
        <BarChart
          title="投诉办理状态"
          unit=" 件"
          bars={[
            ...COMPLAINT_STATES.map((s) => ({ label: COMPLAINT_STATE_LABEL[s], value: c.byState[s], tone: s === 'closed' || s === 'rectified' ? ('ok' as const) : ('warn' as const) })),
            { label: '逾期', value: c.overdue, tone: 'err' as const },
          ]}
        />
      </div>

      <h2>逾期未整改的投诉（{dash.overdue.length}）</h2>
      {dash.overdue.length === 0 ? (
        <p className="muted">没有逾期未整改的投诉。</p>
      ) : (
        <table className="grid" aria-label="逾期未整改的投诉">
          <thead>
            <tr>
              <th scope="col">集体</th>
              <th scope="col">整改期限</th>
              <th scope="col">逾期天数</th>
              <th scope="col">投诉内容</th>
            </tr>
          </thead>
          <tbody>
            {dash.overdue.map((o) => (
              <tr key={o.evaluationId} className="evaluations-row-overdue">
                <th scope="row">{o.collectiveName}</th>
                <td>{o.rectifyBy}</td>
                <td className="num">{o.daysOverdue}</td>
                <td>{o.content}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>
        超过 {dash.staleDays} 天未提交创建日志的集体（{dash.stale.length}）
      </h2>
      {dash.stale.length === 0 ? (
        <p className="muted">所有集体都在 {dash.staleDays} 天内提交过创建日志。</p>
      ) : (
        <table className="grid" aria-label="长期未提交创建日志的集体">
          <thead>
            <tr>
              <th scope="col">集体</th>
              <th scope="col">用户名（编码）</th>
              <th scope="col">归口单位</th>
              <th scope="col">最近一次提交</th>
              <th scope="col">已过天数</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {dash.stale.slice(0, 200).map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td className="mono">{s.code}</td>
                <td>{s.unitName}</td>
                <td>{s.lastLogAt ? new Date(s.lastLogAt).toLocaleDateString('zh-CN') : '本届尚未提交'}</td>
                <td className="num">{s.days ?? '—'}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      showCollective(s.id);
                      go('logs');
                    }}
                  >
                    查看 {s.name} 的创建日志
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dash.stale.length > 200 && <p className="muted">仅列出前 200 个。</p>}
    </>
  );
}
