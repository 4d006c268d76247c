import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { CollectiveType } from '../../../shared/model/entities';
import { COLLECTIVE_TYPES } from '../../../shared/roster/fields';
import type { LogView } from '../../db/repos/logs';
import { Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { LogCard } from './LogCard';
import { collectiveQuery, collectivesQuery, newestLogsQuery, timelineQuery, unitsQuery } from './queries';
import { useLogsUi } from './store';
import { WorkUpdateEditor } from './WorkUpdateEditor';

/** 创建日志: a collective's own work updates and log; for admins the subtree's newest logs or one collective's timeline. */
export function LogsPage() {
  const role = useSession((s) => s.session!.account.role);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const say = (text: string, error = false) => setMessage({ text, error });
  return (
    <section aria-labelledby="logs-title" className="logs-page">
      <h1 id="logs-title">创建日志</h1>
      {message && (
        <p className={`alert ${message.error ? 'alert-error' : 'alert-ok'}`} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {role === 'collective' ? <CollectiveLogs say={say} /> : <AdminLogs say={say} />}
    </section>
  );
}

type Say = (text: string, error?: boolean) => void;

function CollectiveLogs({ say }: { say: Say }) {
  const { session, term } = useSession();
  const actor = session!.actor;
  const collectiveId = actor.collectiveId!;
  const views = useLiveQuery(async () => timelineQuery(actor, collectiveId, term), [actor, collectiveId, term]);
  const { editing, edit } = useLogsUi();
  const drafts = views?.filter((v) => v.update.state === 'draft') ?? [];
  const submitted = views?.filter((v) => v.update.state === 'submitted') ?? [];
  const open = drafts.find((d) => d.update.id === editing);
  return (
    <>
      <p className="muted">
        及时记录开展创建工作的图文和视频（创建工作动态），提交到“创建日志”后，归口管理员可以查看并点评。
      </p>
      {open ? (
        <WorkUpdateEditor
          key={open.update.id}
          collectiveId={collectiveId}
          draft={{ update: open.update, attachments: open.attachments }}
          onDone={(m) => {
            edit(null);
            say(m);
          }}
          onCancel={() => edit(null)}
        />
      ) : (
        <WorkUpdateEditor key="new" collectiveId={collectiveId} onDone={(m) => say(m)} />
      )}
      <h2>草稿（{drafts.length}）</h2>
      {views === undefined ? <p className="muted">正在读取…</p> : drafts.length === 0 ? <p className="muted">没有未提交的草稿。</p> : <CardList views={drafts} say={say} showCollective={false} />}
      <h2>已提交的创建日志（{submitted.length}）</h2>
      {submitted.length === 0 ? <p className="muted">尚未提交创建日志。</p> : <CardList views={submitted} say={say} showCollective={false} />}
    </>
  );
}

function CardList({ views, say, showCollective }: { views: LogView[]; say: Say; showCollective: boolean }) {
  return (
    <div className="logs-list">
      {views.map((v) => (
        <LogCard key={v.update.id} view={v} onMessage={say} showCollective={showCollective} />
      ))}
    </div>
  );
}

function AdminLogs({ say }: { say: Say }) {
  const { session, term } = useSession();
  const actor = session!.actor;
  const { collectiveId, showCollective, editing, edit } = useLogsUi();
  // the whole list only serves choosing whom to write for: at 20,000 collectives reading and
  // sorting it on every visit cost more than the page itself (docs/performance.md)
  const collectives = useLiveQuery(async () => (editing === 'new' ? collectivesQuery(actor) : []), [actor, editing === 'new']) ?? [];
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const current = collectives.find((c) => c.id === collectiveId);
  return (
    <>
      <div className="toolbar">
        {editing === null ? (
          <button type="button" onClick={() => edit('new')}>
            代集体录入工作动态
          </button>
        ) : null}
      </div>
      {editing === 'new' && (
        <div className="panel">
          <SelectField label="代为录入的集体" value={onBehalfOf} onChange={(e) => setOnBehalfOf(e.target.value)}>
            <option value="">请选择…</option>
            {collectives.map((c) => (
              <option key={c.id} value={c.id}>
                {c.profile.name}（{c.code}）
              </option>
            ))}
          </SelectField>
          {onBehalfOf ? (
            <WorkUpdateEditor
              key={onBehalfOf}
              collectiveId={onBehalfOf}
              onDone={(m) => {
                edit(null);
                say(`${m}（代为录入）`);
              }}
              onCancel={() => edit(null)}
            />
          ) : (
            <div className="actions">
              <button type="button" onClick={() => edit(null)}>
                取消
              </button>
            </div>
          )}
        </div>
      )}
      {collectiveId ? (
        <CollectiveTimeline id={collectiveId} name={current?.profile.name ?? ''} code={current?.code ?? ''} say={say} onBack={() => showCollective(null)} />
      ) : (
        <NewestLogs say={say} term={term} />
      )}
    </>
  );
}

function CollectiveTimeline({ id, name, code, say, onBack }: { id: string; name: string; code: string; say: Say; onBack(): void }) {
  const { session, term } = useSession();
  const actor = session!.actor;
  const { editing, edit } = useLogsUi();
  const views = useLiveQuery(async () => timelineQuery(actor, id, term).catch(() => null), [actor, id, term]);
  const self = useLiveQuery(async () => (name ? null : collectiveQuery(actor, id)), [actor, id, name]);
  const open = views?.find((v) => v.update.id === editing && v.update.state === 'draft');
  return (
    <>
      <div className="toolbar">
        <h2 className="logs-inline-title">
          {name || self?.profile.name} <span className="mono">{code || self?.code}</span> 的创建日志
        </h2>
        <button type="button" onClick={onBack}>
          返回最新创建日志
        </button>
      </div>
      {open && (
        <WorkUpdateEditor
          key={open.update.id}
          collectiveId={id}
          draft={{ update: open.update, attachments: open.attachments }}
          onDone={(m) => {
            edit(null);
            say(m);
          }}
          onCancel={() => edit(null)}
        />
      )}
      {views === undefined ? (
        <p className="muted">正在读取…</p>
      ) : views === null ? (
        <p role="alert">该集体不在您的管理范围内。</p>
      ) : views.length === 0 ? (
        <p className="muted">该集体本届尚未提交创建日志。</p>
      ) : (
        <ol className="logs-timeline" aria-label="创建日志时间线">
          {views.map((v) => (
            <li key={v.update.id}>
              <LogCard view={v} onMessage={say} showCollective={false} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function NewestLogs({ say, term }: { say: Say; term: string }) {
  const actor = useSession((s) => s.session!.actor);
  const { filter, setFilter } = useLogsUi();
  const units = useLiveQuery(async () => unitsQuery(actor), [actor]) ?? [];
  const result = useLiveQuery(async () => newestLogsQuery(actor, term, filter), [actor, term, JSON.stringify(filter)]);
  return (
    <>
      <h2>本辖区最新创建日志</h2>
      <div className="toolbar" role="group" aria-label="筛选创建日志">
        <SelectField label="单位" value={filter.unitId ?? ''} onChange={(e) => setFilter({ ...filter, unitId: e.target.value || undefined })}>
          <option value="">全部</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {'　'.repeat(Math.max(0, u.depth - 1))}
              {u.name}
            </option>
          ))}
        </SelectField>
        <Field label="活动日期从" type="date" value={filter.from ?? ''} onChange={(e) => setFilter({ ...filter, from: e.target.value || undefined })} />
        <Field label="至" type="date" value={filter.to ?? ''} onChange={(e) => setFilter({ ...filter, to: e.target.value || undefined })} />
        <SelectField
          label="集体类型"
          value={filter.collectiveType ?? ''}
          onChange={(e) => setFilter({ ...filter, collectiveType: (e.target.value || undefined) as CollectiveType | undefined })}
        >
          <option value="">全部</option>
          {COLLECTIVE_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </SelectField>
        <label className="logs-check">
          <input type="checkbox" checked={filter.hasMedia ?? false} onChange={(e) => setFilter({ ...filter, hasMedia: e.target.checked || undefined })} />
          只看有图片或视频的
        </label>
        <label className="logs-check">
          <input type="checkbox" checked={filter.unreadOnly ?? false} onChange={(e) => setFilter({ ...filter, unreadOnly: e.target.checked || undefined })} />
          只看未阅
        </label>
      </div>
      {result === undefined ? (
        <p className="muted">正在读取…</p>
      ) : result.total === 0 ? (
        <p className="muted">没有符合条件的创建日志。</p>
      ) : (
        <>
          <p className="muted" role="status">
            共 {result.total} 条{result.total > result.rows.length ? `，显示最新 ${result.rows.length} 条` : ''}
          </p>
          <CardList views={result.rows} say={say} showCollective />
        </>
      )}
    </>
  );
}
