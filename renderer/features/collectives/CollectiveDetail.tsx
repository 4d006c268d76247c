import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { DisqualificationReason } from '../../../shared/rules/changes';
import { profileWarnings } from '../../../shared/rules/profile';
import { STATUS_LABEL } from '../../../shared/rules/status';
import { finalReview, preliminaryReview, renameCollective, reportChange, saveProfile } from '../../db/repos/lifecycle';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { History } from './History';
import { ProfileEditor } from './ProfileEditor';
import { eligibilityOf, getCollective, historyOf } from './queries';

type ChangeForm = 'rename' | 'functionRename' | 'mergeContinue' | 'mergeNew' | 'memberTurnover' | 'disqualification';

const CHANGE_LABEL: Record<ChangeForm, string> = {
  rename: '情况1：名称改变',
  functionRename: '情况2：职能变更且名称改变',
  mergeContinue: '情况3：并入其他集体，仍以原集体为主体（按更名办理）',
  mergeNew: '情况3：并入其他集体，视为新集体（报全国组委会办公室审定）',
  memberTurnover: '情况4：成员一次性变动超过50%（报全国组委会办公室审定）',
  disqualification: '上报取消创建资格（严重滑坡、重大事故、违法违纪）',
};

/** One collective as its administrators see it: profile, eligibility, history, and the actions their level may take. */
export function CollectiveDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const session = useSession((s) => s.session)!;
  const actor = session.actor;
  const c = useLiveQuery(async () => getCollective(actor, id), [actor, id]);
  const elig = useLiveQuery(async () => eligibilityOf(actor, id), [actor, id, c?.rev]);
  const history = useLiveQuery(async () => historyOf(actor, id), [actor, id, c?.rev]);
  const [comment, setComment] = useState('');
  const [override, setOverride] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [change, setChange] = useState<ChangeForm>('rename');
  const [newName, setNewName] = useState('');
  const [reason, setReason] = useState('');
  const [replaced, setReplaced] = useState('');
  const [total, setTotal] = useState('');
  const [dqReason, setDqReason] = useState<DisqualificationReason>('seriousDecline');
  if (!c) return <p className="muted">正在读取…</p>;

  const role = actor.role;
  const level1 = role === 'admin1' || role === 'national';
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setProblems([]);
    setMessage(null);
    try {
      await fn();
      setMessage(done);
      setComment('');
    } catch (e) {
      setProblems((e as Error).message.split('；'));
    }
  };
  const warnings = profileWarnings(c.profile);

  async function submitChange() {
    if (change === 'rename' || change === 'functionRename' || change === 'mergeContinue')
      return act(() => renameCollective(actor, id, newName, change === 'mergeContinue' ? 'merge' : change, reason), '名称已变更，原名称已记为曾用名称');
    if (change === 'disqualification')
      return act(() => reportChange(actor, id, { kind: 'disqualification', reason: dqReason }, reason), '已上报全国组委会办公室审定');
    if (change === 'mergeNew') return act(() => reportChange(actor, id, { kind: 'merge', continuesAsOriginal: false }, reason, [], newName), '已上报全国组委会办公室审定');
    return act(() => reportChange(actor, id, { kind: 'memberTurnover', replaced: Number(replaced), total: Number(total) }, reason, [], newName), '已上报全国组委会办公室审定');
  }

  return (
    <section className="detail" aria-labelledby="detail-title">
      <div className="detail-head">
        <h2 id="detail-title">
          {c.profile.name} <span className="mono muted">{c.code}</span>
        </h2>
        <button type="button" onClick={onClose}>
          关闭详情
        </button>
      </div>
      <p>
        状态：<strong>{STATUS_LABEL[c.status]}</strong>
        {c.formerNames.length > 0 && <> · 曾用名称：{c.formerNames.join('、')}</>}
        {c.transferredFrom && <> · 由原编码 {c.transferredFrom} 转入</>}
      </p>
      {warnings.map((w) => (
        <p key={w} className="alert alert-warn">
          {w}
        </p>
      ))}
      {elig && (
        <section aria-labelledby="elig-title" className="panel">
          <h3 id="elig-title">创建资格（{elig.eligible ? '符合' : '不符合'}）</h3>
          <ul className="checks" aria-label="资格审核">
            {elig.reasons.map((r) => (
              <li key={r.rule} className={r.ok ? 'ok' : 'bad'}>
                {r.ok ? '✓' : '✗'} {r.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      {(c.status === 'filed' || c.status === 'preReviewed') && (
        <section className="panel" aria-labelledby="review-title">
          <h3 id="review-title">审核</h3>
          <Field label="审核意见（退回时必填，集体可见）" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
          <div className="actions">
            {c.status === 'filed' && (
              <button type="button" onClick={() => void act(() => preliminaryReview(actor, id, true, comment), '初审通过')}>
                初审通过
              </button>
            )}
            {c.status === 'filed' && !level1 && (
              <button type="button" onClick={() => void act(() => preliminaryReview(actor, id, false, comment), '已退回，集体可看到反馈意见')}>
                初审退回
              </button>
            )}
            {level1 && (
              <>
                <button type="button" onClick={() => void act(() => finalReview(actor, id, 'return', comment), '已退回，集体可看到反馈意见')}>
                  退回并反馈
                </button>
                <button type="button" className="primary" onClick={() => void act(() => finalReview(actor, id, 'approve', comment), '已确定为创建集体')}>
                  确定为创建集体
                </button>
              </>
            )}
          </div>
          {role === 'national' && elig && !elig.eligible && (
            <div className="toolbar">
              <Field label="特批理由（全国组委会办公室）" value={override} onChange={(e) => setOverride(e.target.value)} />
              <button type="button" onClick={() => void act(() => finalReview(actor, id, 'approve', comment, { reason: override }), '已特批为创建集体')}>
                特批为创建集体
              </button>
            </div>
          )}
        </section>
      )}
      {level1 && c.status !== 'disqualified' && c.status !== 'superseded' && (
        <section className="panel" aria-labelledby="change-title">
          <h3 id="change-title">变更与退出（附件2 五.4、五.5）</h3>
          <SelectField label="变更情况" value={change} onChange={(e) => setChange(e.target.value as ChangeForm)}>
            {(Object.keys(CHANGE_LABEL) as ChangeForm[]).map((k) => (
              <option key={k} value={k}>
                {CHANGE_LABEL[k]}
              </option>
            ))}
          </SelectField>
          {change !== 'disqualification' && (
            <Field label={change === 'memberTurnover' || change === 'mergeNew' ? '新集体名称（可与原名称相同）' : '新名称'} value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={100} />
          )}
          {change === 'memberTurnover' && (
            <div className="cols">
              <Field label="一次性变动人数" type="number" value={replaced} onChange={(e) => setReplaced(e.target.value)} />
              <Field label="变动前成员人数" type="number" value={total} onChange={(e) => setTotal(e.target.value)} />
            </div>
          )}
          {change === 'disqualification' && (
            <SelectField label="取消资格原因" value={dqReason} onChange={(e) => setDqReason(e.target.value as DisqualificationReason)}>
              <option value="seriousDecline">工作严重滑坡</option>
              <option value="majorAccident">重大事故</option>
              <option value="violation">违法违纪</option>
            </SelectField>
          )}
          <Field label="情况说明" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          <div className="actions">
            <button type="button" onClick={() => void submitChange()}>
              {change === 'rename' || change === 'functionRename' || change === 'mergeContinue' ? '办理名称变更' : '上报全国组委会办公室'}
            </button>
          </div>
        </section>
      )}
      <details>
        <summary>集体档案和创建计划</summary>
        <ProfileEditor key={c.id} collective={c} editable={level1 && c.status !== 'disqualified'} onSave={async (p, plan) => void (await saveProfile(actor, id, p, plan))} />
      </details>
      <History events={history ?? []} />
    </section>
  );
}
