import { useRef, useState, type FormEvent } from 'react';
import type { Attachment, WorkUpdate } from '../../../shared/model/entities';
import { formatSize, limitsText, MAX_ATTACHMENTS_PER_UPDATE, MediaCancelled, SUPPORTED_MIMES } from '../../../shared/media';
import { localDay } from '../../../shared/rules/complaints';
import { prepareAttachment, type PreparedAttachment } from '../../db/repos/attachments';
import { MAX_LOG_TEXT, MAX_LOG_TITLE, saveWorkUpdate, workUpdateProblems } from '../../db/repos/logs';
import { ErrorList, Field } from '../../ui/Field';
import { useSession } from '../session/store';
import { useObjectUrl } from './media';
import { FilePicker } from './FilePicker';
import { TextBox } from './TextBox';

const ACCEPT = [...SUPPORTED_MIMES, '.jpg', '.jpeg', '.png', '.gif', '.webp', '.mp4', '.mov', '.webm', '.pdf'].join(',');

interface Props {
  collectiveId: string;
  /** the draft being edited, with its stored attachments; undefined for a new one */
  draft?: { update: WorkUpdate; attachments: Attachment[] };
  /** saved or submitted: what happened, in words */
  onDone(message: string): void;
  onCancel?(): void;
}

/** 创建工作动态: title, date, text and attachments; save as draft or submit to the creation log. */
export function WorkUpdateEditor({ collectiveId, draft, onDone, onCancel }: Props) {
  const { session, term } = useSession();
  const actor = session!.actor;
  const [title, setTitle] = useState(draft?.update.title ?? '');
  const [date, setDate] = useState(draft?.update.date ?? localDay(new Date()));
  const [text, setText] = useState(draft?.update.text ?? '');
  const [kept, setKept] = useState<Attachment[]>(draft?.attachments ?? []);
  const [added, setAdded] = useState<PreparedAttachment[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [progress, setProgress] = useState<{ name: string; done: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const cancelled = useRef(false);
  const count = kept.length + added.length;

  async function addFiles(files: FileList | null) {
    if (!files || files.length === 0) return;
    const list = Array.from(files);
    const errors: string[] = [];
    const fresh: PreparedAttachment[] = [];
    cancelled.current = false;
    const known = new Set([...kept.map((k) => k.hash), ...added.map((a) => a.hash)]);
    for (const file of list) {
      if (count + fresh.length >= MAX_ATTACHMENTS_PER_UPDATE) {
        errors.push(`每条工作动态最多 ${MAX_ATTACHMENTS_PER_UPDATE} 个附件，“${file.name}”及之后的文件未添加。`);
        break;
      }
      setProgress({ name: file.name, done: 0, total: file.size });
      try {
        const p = await prepareAttachment(
          { name: file.name, data: file },
          { onProgress: (done, total) => setProgress({ name: file.name, done, total }), isCancelled: () => cancelled.current },
        );
        if (known.has(p.hash)) errors.push(`“${file.name}”与已添加的附件内容相同，未重复添加。`);
        else {
          known.add(p.hash);
          fresh.push(p);
        }
      } catch (e) {
        if (e instanceof MediaCancelled) {
          errors.push('已取消添加附件。');
          break;
        }
        errors.push((e as Error).message);
      }
    }
    setProgress(null);
    setAdded((a) => [...a, ...fresh]);
    setProblems(errors);
  }

  async function save(submit: boolean) {
    const local = workUpdateProblems({ title, date, text }, localDay(new Date()));
    if (local.length) {
      setProblems(local);
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      const saved = await saveWorkUpdate(
        actor,
        { id: draft?.update.id, collectiveId, title, date, text, keepHashes: kept.map((k) => k.hash), add: added, submit },
        term,
      );
      onDone(submit ? `“${saved.title}”已提交到创建日志，管理员可以查看。` : `草稿“${saved.title}”已保存。`);
      if (!draft) {
        setTitle('');
        setText('');
        setKept([]);
        setAdded([]);
      }
    } catch (e) {
      setProblems([(e as Error).message]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="panel logs-editor"
      aria-label={draft ? '修改创建工作动态' : '新建创建工作动态'}
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <h2>{draft ? '修改创建工作动态' : '新建创建工作动态'}</h2>
      <ErrorList problems={problems} />
      <Field label="标题" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={MAX_LOG_TITLE} required />
      <Field label="活动日期" type="date" value={date} max={localDay(new Date())} onChange={(e) => setDate(e.target.value)} required />
      <TextBox label="正文" value={text} max={MAX_LOG_TEXT} rows={5} onChange={(e) => setText(e.target.value)} />
      <FilePicker
        label="添加图片、视频或 PDF"
        multiple
        accept={ACCEPT}
        disabled={busy || progress !== null}
        hint={limitsText()}
        onChange={(e) => {
          const input = e.currentTarget;
          void addFiles(input.files).then(() => {
            input.value = '';
          });
        }}
      />
      {progress && (
        <div className="logs-progress" role="status">
          正在读取“{progress.name}”
          <progress aria-label="附件读取进度" value={progress.done} max={Math.max(progress.total, 1)} />
          <button type="button" onClick={() => (cancelled.current = true)}>
            取消添加
          </button>
        </div>
      )}
      {count > 0 && (
        <ul className="logs-pending" aria-label="已添加的附件">
          {kept.map((k) => (
            <PendingItem key={k.hash} hash={k.hash} name={k.name} mime={k.mime} size={k.size} thumbnail={k.thumbnail} onRemove={() => setKept(kept.filter((x) => x !== k))} />
          ))}
          {added.map((a) => (
            <PendingItem key={a.hash} hash={a.hash} name={a.name} mime={a.mime} size={a.size} thumbnail={a.thumbnail} onRemove={() => setAdded(added.filter((x) => x !== a))} />
          ))}
        </ul>
      )}
      <p className="muted">提交到创建日志后，管理员即可查看，内容不能再修改。</p>
      <div className="actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            取消
          </button>
        )}
        <button type="submit" disabled={busy || progress !== null}>
          保存草稿
        </button>
        <button type="button" className="primary" disabled={busy || progress !== null} onClick={() => void save(true)}>
          提交到创建日志
        </button>
      </div>
    </form>
  );
}

function PendingItem(props: { hash: string; name: string; mime: string; size: number; thumbnail: Blob | Uint8Array | null; onRemove(): void }) {
  const thumb = useObjectUrl(`${props.hash}:thumb`, props.thumbnail, props.mime === 'image/jpeg' ? 'image/jpeg' : 'image/png');
  return (
    <li>
      {thumb ? <img src={thumb} alt={`${props.name}（缩略图）`} /> : <span className="logs-thumb-icon" aria-hidden="true">{props.mime.startsWith('video/') ? '▶' : 'PDF'}</span>}
      <span>
        {props.name}（{formatSize(props.size)}）
      </span>
      <button type="button" className="link" onClick={props.onRemove}>
        移除 {props.name}
      </button>
    </li>
  );
}
