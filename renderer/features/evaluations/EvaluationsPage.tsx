import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { ComplaintState, EvaluationSource } from '../../../shared/model/entities';
import { EVALUATION_SOURCES, EVALUATION_SOURCE_LABEL } from '../../../shared/evaluations';
import { COMPLAINT_STATES, COMPLAINT_STATE_LABEL } from '../../../shared/rules/complaints';
import { isAdmin } from '../../../shared/rules/roles';
import { listAccounts } from '../../db/repos/accounts';
import { SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { ComplaintCard } from './ComplaintCard';
import { EvaluationForm, RATING_LABEL } from './EvaluationForm';
import { EvaluationImport } from './EvaluationImport';
import { evaluationsQuery } from './queries';
import { useEvaluationsUi } from './store';

/** 社会评价: admins record, import and handle; a collective reads its own (including complaints and deadlines). */
export function EvaluationsPage() {
  const { session, term } = useSession();
  const actor = session!.actor;
  const admin = isAdmin(session!.account.role);
  const { filter, setFilter } = useEvaluationsUi();
  const rows = useLiveQuery(async () => evaluationsQuery(actor, term, filter), [actor, term, JSON.stringify(filter)]);
  const accounts = useLiveQuery(async () => listAccounts(actor), [actor]) ?? [];
  const names = new Map(accounts.map((a) => [a.id, a.displayName]));
  const [message, setMessage] = useState<string | null>(null);
  const complaints = (rows ?? []).filter((r) => r.evaluation.complaint).sort((a, b) => Number(b.overdue) - Number(a.overdue));
  return (
    <section aria-labelledby="eval-title">
      <h1 id="eval-title">社会评价</h1>
      {message && (
        <p className="alert alert-ok" role="status">
          {message}
        </p>
      )}
      {admin ? (
        <div className="panels">
          <EvaluationForm onDone={setMessage} />
          <EvaluationImport onDone={setMessage} />
        </div>
      ) : (
        <p className="muted">这里是社会公众、监督队伍、专业机构和同行集体对本集体的评价；投诉由管理员核实办理，需整改的请在期限内完成。</p>
      )}
      <div className="toolbar" role="group" aria-label="筛选社会评价">
        <SelectField label="评价来源" value={filter.source ?? ''} onChange={(e) => setFilter({ ...filter, source: e.target.value as EvaluationSource | '' })}>
          <option value="">全部</option>
          {EVALUATION_SOURCES.map((s) => (
            <option key={s} value={s}>
              {EVALUATION_SOURCE_LABEL[s]}
            </option>
          ))}
        </SelectField>
        <SelectField label="投诉办理状态" value={filter.state ?? ''} onChange={(e) => setFilter({ ...filter, state: e.target.value as ComplaintState | '' })}>
          <option value="">全部</option>
          {COMPLAINT_STATES.map((s) => (
            <option key={s} value={s}>
              {COMPLAINT_STATE_LABEL[s]}
            </option>
          ))}
        </SelectField>
        <label className="logs-check">
          <input type="checkbox" checked={filter.complaintsOnly ?? false} onChange={(e) => setFilter({ ...filter, complaintsOnly: e.target.checked || undefined })} />
          只看投诉
        </label>
        <label className="logs-check">
          <input type="checkbox" checked={filter.overdueOnly ?? false} onChange={(e) => setFilter({ ...filter, overdueOnly: e.target.checked || undefined })} />
          只看逾期未整改
        </label>
      </div>

      <h2>投诉办理（{complaints.length}）</h2>
      {complaints.length === 0 ? (
        <p className="muted">没有符合条件的投诉。</p>
      ) : (
        complaints.map((v) => <ComplaintCard key={v.evaluation.id} view={v} canHandle={admin} names={names} onDone={setMessage} />)
      )}

      <h2>全部评价（{rows?.length ?? 0}）</h2>
      {rows === undefined ? (
        <p className="muted">正在读取…</p>
      ) : rows.length === 0 ? (
        <p className="muted">本届暂无社会评价。</p>
      ) : (
        <table className="grid" aria-label="社会评价列表">
          <thead>
            <tr>
              <th scope="col">评价日期</th>
              <th scope="col">集体</th>
              <th scope="col">来源</th>
              <th scope="col">评分</th>
              <th scope="col">内容</th>
              <th scope="col">投诉</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.evaluation.id} className={v.overdue ? 'evaluations-row-overdue' : undefined}>
                <td>{v.evaluation.date}</td>
                <th scope="row">{v.collectiveName}</th>
                <td>{EVALUATION_SOURCE_LABEL[v.evaluation.source]}</td>
                <td title={RATING_LABEL[v.evaluation.rating]}>
                  <span aria-hidden="true" className="evaluations-stars">
                    {'★'.repeat(v.evaluation.rating)}
                    {'☆'.repeat(5 - v.evaluation.rating)}
                  </span>{' '}
                  {v.evaluation.rating} 分
                </td>
                <td>{v.evaluation.content}</td>
                <td>
                  {v.evaluation.complaintState ? COMPLAINT_STATE_LABEL[v.evaluation.complaintState] : '—'}
                  {v.overdue && <span className="badge evaluations-badge-overdue">逾期 {v.daysOverdue} 天</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
