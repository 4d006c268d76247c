import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { fiveOnesSummary } from '../../../shared/assessment/fiveOnes';
import type { WorkEntry, WorkEntryType } from '../../../shared/model/entities';
import {
  createWorkEntry,
  deleteWorkEntry,
  EVIDENCE_MAX_FILES,
  formatBytes,
  readEvidence,
  updateWorkEntry,
  WORK_ENTRY_TYPES,
  type EvidenceFile,
  type EvidenceInfo,
} from '../../db/repos/workEntries';
import type { Actor } from '../../db/write';
import { platform } from '../../platform';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { ledgerUnits, workLedgerQuery } from './queries';
import { useWorkView } from './store';
import { TextArea } from './TextArea';

const FIVE_ONES: readonly WorkEntryType[] = WORK_ENTRY_TYPES.slice(0, 5);

/** 工作台账（五个一）: a management unit's own work entries with evidence, and the 五个一 checklist. */
export function WorkLedgerPage() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const actor = session.actor;
  const units = useLiveQuery(async () => ledgerUnits(actor), [actor]) ?? [];
  const chosen = useWorkView((s) => (s.chosenBy === actor.accountId ? s.unitId : ''));
  const choose = useWorkView((s) => s.choose);
  const unitId = chosen || (actor.role === 'national' ? (units[0]?.id ?? '') : actor.unitId);
  const readOnly = actor.role === 'national';
  const data = useLiveQuery(async () => (unitId ? workLedgerQuery(actor, unitId, term).catch((e: Error) => e) : undefined), [actor, unitId, term]);
  const unit = units.find((u) => u.id === unitId);

  return (
    <section aria-labelledby="work-title">
      <h1 id="work-title">工作台账（五个一）</h1>
      <p className="muted">
        按通知第二部分第3条，各省级以上活动管理部门在每届创建期内应落实“五个一”：至少一次专题会议、一次集中培训、一次有覆盖面的检查或调研、一项主题创建活动，并构建一个常态化联系平台。
      </p>
      {units.length > 1 && (
        <div className="toolbar">
          <SelectField label="单位" value={unitId} onChange={(e) => choose(actor.accountId, e.target.value)}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {'　'.repeat(Math.max(0, u.depth - 1))}
                {u.name}
              </option>
            ))}
          </SelectField>
        </div>
      )}
      {data === undefined && <p className="muted">正在读取…</p>}
      {data instanceof Error && <ErrorList problems={[data.message]} />}
      {data && !(data instanceof Error) && (
        <>
          <FiveOnesPanel checklist={data.checklist} entries={data.entries} />
          {!readOnly && <EntryForm key={`${unitId}`} actor={actor} unitId={unitId} term={term} entries={data.entries} evidence={data.evidence} />}
          <EntryTable actor={actor} unitName={unit?.name ?? ''} entries={data.entries} evidence={data.evidence} readOnly={readOnly} />
        </>
      )}
    </section>
  );
}

type Checklist = Awaited<ReturnType<typeof workLedgerQuery>>['checklist'];

function FiveOnesPanel({ checklist, entries }: { checklist: Checklist; entries: WorkEntry[] }) {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return (
    <section className="panel" aria-labelledby="work-five-title">
      <h2 id="work-five-title">五个一落实情况</h2>
      <p className={`alert ${checklist.complete ? 'alert-ok' : 'alert-warn'}`} aria-label="五个一汇总">
        {fiveOnesSummary(checklist)}
      </p>
      <ul className="work-five" aria-label="五个一清单">
        {checklist.items.map((item) => (
          <li key={item.kind} className={item.met ? 'met' : 'missing'} aria-label={`${item.kind}：${item.met ? '已落实' : '未落实'}`}>
            <span className={`badge ${item.met ? 'ok' : 'warn'}`}>{item.met ? '已落实' : '未落实'}</span>
            <strong>{item.kind}</strong>
            <span className="muted">{item.requirement}</span>
            {item.entryIds.length > 0 && (
              <ul>
                {item.entryIds.map((id) => {
                  const e = byId.get(id)!;
                  return (
                    <li key={id}>
                      {e.date}《{e.title}》{item.withoutEvidence.includes(id) && <span className="badge warn">无证明材料</span>}
                    </li>
                  );
                })}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

interface Draft {
  type: WorkEntryType;
  date: string;
  title: string;
  participants: string;
  description: string;
  keep: string[];
  files: EvidenceFile[];
}

const EMPTY: Draft = { type: '专题会议', date: '', title: '', participants: '', description: '', keep: [], files: [] };

function EntryForm({
  actor,
  unitId,
  term,
  entries,
  evidence,
}: {
  actor: Actor;
  unitId: string;
  term: string;
  entries: WorkEntry[];
  evidence: Map<string, EvidenceInfo>;
}) {
  const editingId = useWorkView((s) => s.editingId);
  const edit = useWorkView((s) => s.edit);
  const editing = entries.find((e) => e.id === editingId) ?? null;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Load the entry into the form when editing starts (render-time state sync, no effect needed).
  if ((editing?.id ?? null) !== loadedFor) {
    setLoadedFor(editing?.id ?? null);
    setDraft(
      editing
        ? { type: editing.type, date: editing.date, title: editing.title, participants: editing.participants, description: editing.description, keep: [...editing.evidenceHashes], files: [] }
        : EMPTY,
    );
    setProblems([]);
  }

  async function pick() {
    const picked = await platform.openFiles([{ name: '证明材料', extensions: ['*'] }], true);
    if (picked.length) setDraft((d) => ({ ...d, files: [...d.files, ...picked.map((p) => ({ name: p.name, data: p.data }))] }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblems([]);
    setMessage(null);
    const input = { type: draft.type, date: draft.date, title: draft.title, participants: draft.participants, description: draft.description, keepEvidence: draft.keep, newFiles: draft.files };
    try {
      const saved = editing ? await updateWorkEntry(actor, editing.id, input) : await createWorkEntry(actor, unitId, term, input);
      setMessage(`已保存：【${saved.type}】${saved.date}《${saved.title}》`);
      setDraft(EMPTY);
      edit(null);
    } catch (err) {
      setProblems((err as Error).message.split('；'));
    } finally {
      setBusy(false);
    }
  }

  const fileCount = draft.keep.length + draft.files.length;
  return (
    <form className="panel work-form" onSubmit={submit} aria-labelledby="work-form-title" noValidate>
      <h2 id="work-form-title">{editing ? '修改工作记录' : '新增工作记录'}</h2>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      <div className="work-form-grid">
        <SelectField label="工作类型" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as WorkEntryType })}>
          {WORK_ENTRY_TYPES.map((t) => (
            <option key={t} value={t}>
              {FIVE_ONES.includes(t) ? `${t}（五个一）` : t}
            </option>
          ))}
        </SelectField>
        <Field label="日期" type="date" value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} />
        <Field label="标题" value={draft.title} maxLength={100} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
        <Field label="参与人员" value={draft.participants} maxLength={500} onChange={(e) => setDraft({ ...draft, participants: e.target.value })} hint="如：各区团委分管书记、创建集体负责人 120 人" />
      </div>
      <TextArea label="工作内容" rows={3} value={draft.description} maxLength={5000} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
      <div className="work-evidence">
        <span className="work-evidence-title">证明材料（{fileCount}/{EVIDENCE_MAX_FILES}，每个不超过 20 MB）</span>
        <ul aria-label="待保存的证明材料">
          {draft.keep.map((h) => (
            <li key={h}>
              {evidence.get(h)?.name ?? '（文件不在本机）'}
              <button type="button" className="link" aria-label={`移除 ${evidence.get(h)?.name ?? h}`} onClick={() => setDraft({ ...draft, keep: draft.keep.filter((k) => k !== h) })}>
                移除
              </button>
            </li>
          ))}
          {draft.files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {f.name}（{formatBytes(f.data.byteLength)}，待上传）
              <button type="button" className="link" aria-label={`移除 ${f.name}`} onClick={() => setDraft({ ...draft, files: draft.files.filter((_, j) => j !== i) })}>
                移除
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => void pick()}>
          添加证明材料
        </button>
      </div>
      <div className="actions">
        {editing && (
          <button type="button" onClick={() => edit(null)}>
            取消修改
          </button>
        )}
        <button type="submit" className="primary" disabled={busy}>
          保存工作记录
        </button>
      </div>
    </form>
  );
}

function EntryTable({
  actor,
  unitName,
  entries,
  evidence,
  readOnly,
}: {
  actor: Actor;
  unitName: string;
  entries: WorkEntry[];
  evidence: Map<string, EvidenceInfo>;
  readOnly: boolean;
}) {
  const edit = useWorkView((s) => s.edit);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  async function download(entry: WorkEntry, hash: string) {
    setProblems([]);
    try {
      const f = await readEvidence(actor, entry.id, hash);
      await platform.saveFile(f.name, f.data, [{ name: '证明材料', extensions: [f.name.split('.').pop() || '*'] }]);
    } catch (err) {
      setProblems([(err as Error).message]);
    }
  }

  async function remove(entry: WorkEntry) {
    setProblems([]);
    try {
      await deleteWorkEntry(actor, entry.id);
      setConfirming(null);
    } catch (err) {
      setProblems([(err as Error).message]);
    }
  }

  return (
    <section aria-labelledby="work-list-title">
      <h2 id="work-list-title">
        {unitName}工作记录（{entries.length} 条）
      </h2>
      <ErrorList problems={problems} />
      {entries.length === 0 ? (
        <p className="muted">本届尚无工作记录。</p>
      ) : (
        <table className="grid" aria-label="工作记录">
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">类型</th>
              <th scope="col">标题</th>
              <th scope="col">参与人员</th>
              <th scope="col">工作内容</th>
              <th scope="col">证明材料</th>
              {!readOnly && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td className="work-date">{e.date}</td>
                <td>{e.type}</td>
                <th scope="row">{e.title}</th>
                <td>{e.participants}</td>
                <td className="work-desc">{e.description}</td>
                <td>
                  {e.evidenceHashes.length === 0 && <span className="badge warn">无</span>}
                  {e.evidenceHashes.map((h) => {
                    const info = evidence.get(h);
                    return info ? (
                      <button key={h} type="button" className="link" onClick={() => void download(e, h)} aria-label={`下载 ${info.name}`}>
                        {info.name}
                      </button>
                    ) : (
                      <span key={h} className="muted">
                        （文件不在本机）
                      </span>
                    );
                  })}
                </td>
                {!readOnly && (
                  <td className="work-ops">
                    <button type="button" onClick={() => edit(e.id)} aria-label={`修改《${e.title}》`}>
                      修改
                    </button>
                    {confirming === e.id ? (
                      <>
                        <button type="button" className="primary" onClick={() => void remove(e)}>
                          确认删除
                        </button>
                        <button type="button" onClick={() => setConfirming(null)}>
                          取消
                        </button>
                      </>
                    ) : (
                      <button type="button" onClick={() => setConfirming(e.id)} aria-label={`删除《${e.title}》`}>
                        删除
                      </button>
                    )}
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
