import { useState, type FormEvent } from 'react';
import { allowedActions, COMPLAINT_ACTIONS, COMPLAINT_STATE_LABEL, COMPLAINT_STEP_LABEL, localDay, type ComplaintAction } from '../../../shared/rules/complaints';
import { EVALUATION_SOURCE_LABEL } from '../../../shared/evaluations';
import { handleComplaint, type EvaluationView } from '../../db/repos/evaluations';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { TextBox } from '../logs/TextBox';
import { useSession } from '../session/store';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** One complaint: its state, deadline, every step so far, and (for admins) the next step. */
export function ComplaintCard({ view, canHandle, names, onDone }: { view: EvaluationView; canHandle: boolean; names: Map<string, string>; onDone(m: string): void }) {
  const actor = useSession((s) => s.session!.actor);
  const e = view.evaluation;
  const actions = canHandle ? allowedActions(e.complaintState) : [];
  const [action, setAction] = useState<ComplaintAction | ''>('');
  const [note, setNote] = useState('');
  const [deadline, setDeadline] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const spec = action ? COMPLAINT_ACTIONS[action] : null;

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!action) {
      setProblems(['请选择办理步骤']);
      return;
    }
    setProblems([]);
    try {
      await handleComplaint(actor, e.id, { action, note, deadline: spec?.deadlineRequired ? deadline : null });
      onDone(`投诉（${view.collectiveName}）：${COMPLAINT_ACTIONS[action].label}，已记录`);
      setAction('');
      setNote('');
      setDeadline('');
    } catch (err) {
      setProblems([(err as Error).message]);
    }
  }

  return (
    <article className={`panel evaluations-complaint${view.overdue ? ' evaluations-overdue' : ''}${e.complaintState === 'closed' ? ' evaluations-closed' : ''}`} aria-label={`投诉：${view.collectiveName}（${e.date}）`}>
      <header className="logs-card-head">
        <h3>
          {view.collectiveName} · {e.date} · {EVALUATION_SOURCE_LABEL[e.source]}
        </h3>
        <span className={`badge evaluations-state-${e.complaintState}`}>{COMPLAINT_STATE_LABEL[e.complaintState!]}</span>
        {view.overdue && <span className="badge evaluations-badge-overdue">逾期 {view.daysOverdue} 天未整改</span>}
      </header>
      <p className="logs-text">{e.content}</p>
      {e.rectifyBy && (
        <p>
          整改期限：<strong>{e.rectifyBy}</strong>
        </p>
      )}
      <ol className="evaluations-history" aria-label="办理记录">
        {e.history.map((h, i) => (
          <li key={i}>
            {when(h.at)} {COMPLAINT_STEP_LABEL[h.state]}（{names.get(h.actorId) ?? '管理员'}）{h.note ? `：${h.note}` : ''}
          </li>
        ))}
      </ol>
      {actions.length > 0 && (
        <form onSubmit={(ev) => void submit(ev)} noValidate aria-label="办理投诉">
          <ErrorList problems={problems} />
          <div className="toolbar">
            <SelectField label="办理步骤" value={action} onChange={(ev) => setAction(ev.target.value as ComplaintAction | '')}>
              <option value="">请选择…</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {COMPLAINT_ACTIONS[a].label}
                </option>
              ))}
            </SelectField>
            {spec?.deadlineRequired && (
              <Field label="整改期限" type="date" min={localDay(new Date())} value={deadline} onChange={(ev) => setDeadline(ev.target.value)} />
            )}
          </div>
          {spec && (
            <TextBox label={spec.noteRequired ? spec.noteLabel : `${spec.noteLabel}（可不填）`} value={note} max={1000} rows={2} onChange={(ev) => setNote(ev.target.value)} />
          )}
          <div className="actions">
            <button type="submit" className="primary">
              提交办理
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
