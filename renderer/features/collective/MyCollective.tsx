import { useLiveQuery } from 'dexie-react-hooks';
import { STATUS_LABEL } from '../../../shared/rules/status';
import { ownCollective } from '../../db/repos/collectives';
import { historyOf, saveProfile, submitFiling } from '../../db/repos/lifecycle';
import { ProfileEditor } from '../collectives/ProfileEditor';
import { History } from '../collectives/History';
import { useSession } from '../session/store';

/** The collective's own view: status, the administrators' feedback, and its profile and plan. */
export function MyCollective() {
  const session = useSession((s) => s.session)!;
  const actor = session.actor;
  const c = useLiveQuery(async () => ownCollective(actor), [actor]);
  const history = useLiveQuery(async () => (c ? historyOf(actor, c.id) : Promise.resolve([])), [actor, c?.rev]);
  if (!c) return <p className="muted">正在读取…</p>;
  const editable = c.status === 'registered' || c.status === 'returned';
  const feedback = c.status === 'returned' ? history?.find((e) => e.action === 'return') : undefined;
  return (
    <section aria-labelledby="mine-title">
      <h1 id="mine-title">本集体</h1>
      <dl className="facts" aria-label="集体信息">
        <div>
          <dt>规范名称</dt>
          <dd>{c.profile.name}</dd>
        </div>
        <div>
          <dt>用户名（编码）</dt>
          <dd className="mono">{c.code}</dd>
        </div>
        <div>
          <dt>归口单位</dt>
          <dd>{session.unit.name}</dd>
        </div>
        <div>
          <dt>状态</dt>
          <dd>{STATUS_LABEL[c.status]}</dd>
        </div>
        {c.formerNames.length > 0 && (
          <div>
            <dt>曾用名称</dt>
            <dd>{c.formerNames.join('、')}</dd>
          </div>
        )}
      </dl>
      {feedback && (
        <div className="alert alert-warn" role="note" aria-label="管理员反馈意见">
          <strong>管理员反馈意见：</strong>
          {feedback.comment}（{new Date(feedback.at).toLocaleString('zh-CN')}）。请按意见修改后重新提交。
        </div>
      )}
      {c.status === 'filed' || c.status === 'preReviewed' ? (
        <p className="alert alert-ok">已提交报备，正在等待管理员审核。如长时间未审核，可联系管理员。</p>
      ) : null}
      {c.status === 'approved' && <p className="alert alert-ok">管理员已审核通过：本集体为当届全国青年文明号创建集体。</p>}
      {c.status === 'disqualified' && (
        <p className="alert alert-error" role="alert">
          全国创建“青年文明号”活动组委会办公室已取消本集体的创建资格。
        </p>
      )}
      <ProfileEditor
        key={c.id}
        collective={c}
        editable={editable}
        onSave={async (profile, plan) => {
          await saveProfile(actor, c.id, profile, plan);
        }}
        onSubmit={async () => {
          await submitFiling(actor, c.id);
        }}
      />
      <History events={history ?? []} />
    </section>
  );
}
