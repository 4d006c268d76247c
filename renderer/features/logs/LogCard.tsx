import { useState, type FormEvent } from 'react';
import { addLogComment, deleteDraft, MAX_COMMENT, setLogRead, submitWorkUpdate, type LogView } from '../../db/repos/logs';
import { useSession } from '../session/store';
import { isAdmin } from '../../../shared/rules/roles';
import { AttachmentGallery } from './AttachmentGallery';
import { TextBox } from './TextBox';
import { useLogsUi } from './store';

// one formatter for every card (toLocaleString builds a new one per call: 50 cards, 100 formatters);
// the options are what toLocaleString('zh-CN', { hour12: false }) fills in, so the text is the same
const DATE_TIME = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hour12: false });
const when = (iso: string | null) => (iso ? DATE_TIME.format(new Date(iso)) : '');

/** One work update or creation log, with its attachments, read state and comments. */
export function LogCard({ view, showCollective = true, onMessage }: { view: LogView; showCollective?: boolean; onMessage(m: string, error?: boolean): void }) {
  const session = useSession((s) => s.session)!;
  const actor = session.actor;
  const admin = isAdmin(session.account.role);
  const { showCollective: openCollective, edit } = useLogsUi();
  const [comment, setComment] = useState('');
  const u = view.update;
  const submitted = u.state === 'submitted';
  const mineToEdit = !submitted && (actor.role === 'collective' || u.authorId === actor.accountId);

  async function run(action: () => Promise<unknown>, ok: string) {
    try {
      await action();
      onMessage(ok);
    } catch (e) {
      onMessage((e as Error).message, true);
    }
  }

  async function sendComment(e: FormEvent) {
    e.preventDefault();
    await run(() => addLogComment(actor, u.id, comment), '点评已发表');
    setComment('');
  }

  return (
    <article className={`logs-card${admin && submitted && !view.readByMe ? ' logs-unread' : ''}`} aria-label={`${u.title}（${view.collective.name}）`}>
      <header className="logs-card-head">
        <h3>{u.title}</h3>
        {!submitted && <span className="badge warn">草稿</span>}
        {admin && submitted && <span className={`badge ${view.readByMe ? 'logs-read' : 'logs-new'}`}>{view.readByMe ? '已阅' : '未阅'}</span>}
      </header>
      <p className="muted logs-meta">
        {showCollective && (
          <>
            {view.collective.name}（{view.unitName}）·{' '}
          </>
        )}
        活动日期 {u.date}
        {submitted ? ` · 提交于 ${when(u.submittedAt)}` : ` · 最后保存 ${when(u.updatedAt)}`}
        {!admin && submitted && ` · ${view.readCount > 0 ? `已有 ${view.readCount} 位管理员阅读` : '管理员尚未阅读'}`}
      </p>
      {u.text && <p className="logs-text">{u.text}</p>}
      <AttachmentGallery attachments={view.attachments} />
      {view.attachments.length < u.attachmentHashes.length && (
        <p className="muted">另有 {u.attachmentHashes.length - view.attachments.length} 个附件尚未传到本机。</p>
      )}
      {view.comments.length > 0 && (
        <section className="logs-comments" aria-label="管理员点评">
          <h4>管理员点评</h4>
          <ul>
            {view.comments.map((c) => (
              <li key={c.comment.id}>
                <strong>{c.authorName}</strong>（{when(c.comment.createdAt)}）：{c.comment.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="actions logs-card-actions">
        {admin && showCollective && (
          <button type="button" onClick={() => openCollective(u.collectiveId)}>
            查看该集体的创建日志
          </button>
        )}
        {admin && submitted && (
          <button type="button" onClick={() => void run(() => setLogRead(actor, u.id, !view.readByMe), view.readByMe ? '已标记为未阅' : '已标记为已阅')}>
            {view.readByMe ? '标记为未阅' : '标记为已阅'}
          </button>
        )}
        {mineToEdit && (
          <>
            <button type="button" onClick={() => edit(u.id)}>
              编辑草稿
            </button>
            <button type="button" onClick={() => void run(() => deleteDraft(actor, u.id), `草稿“${u.title}”已删除`)}>
              删除草稿
            </button>
            <button type="button" className="primary" onClick={() => void run(() => submitWorkUpdate(actor, u.id), `“${u.title}”已提交到创建日志`)}>
              提交到创建日志
            </button>
          </>
        )}
      </div>
      {admin && submitted && (
        <form className="logs-comment-form" onSubmit={(e) => void sendComment(e)} aria-label={`点评“${u.title}”`}>
          <TextBox label="点评意见" value={comment} max={MAX_COMMENT} rows={2} onChange={(e) => setComment(e.target.value)} />
          <div className="actions">
            <button type="submit" disabled={!comment.trim()}>
              发表点评
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
