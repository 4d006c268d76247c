import { useState } from 'react';
import type { Attachment } from '../../../shared/model/entities';
import { formatSize, mediaTypeOfMime } from '../../../shared/media';
import { attachmentBytes } from '../../db/repos/attachments';
import { platform } from '../../platform';
import { useObjectUrl } from './media';

/** Thumbnails of a log's attachments; one opens below at full size (picture, video player, or save). */
export function AttachmentGallery({ attachments }: { attachments: Attachment[] }) {
  const [open, setOpen] = useState<string | null>(null);
  if (attachments.length === 0) return null;
  const current = attachments.find((a) => a.hash === open) ?? null;
  return (
    <div className="logs-gallery">
      <ul className="logs-thumbs" aria-label="附件">
        {attachments.map((a) => (
          <li key={a.hash}>
            <Thumb attachment={a} pressed={open === a.hash} onToggle={() => setOpen(open === a.hash ? null : a.hash)} />
          </li>
        ))}
      </ul>
      {current && <FullView attachment={current} />}
    </div>
  );
}

function Thumb({ attachment: a, pressed, onToggle }: { attachment: Attachment; pressed: boolean; onToggle: () => void }) {
  const thumb = useObjectUrl(`${a.hash}:thumb`, a.thumbnail, a.mime === 'image/jpeg' ? 'image/jpeg' : 'image/png');
  const type = mediaTypeOfMime(a.mime);
  return (
    <button type="button" className="logs-thumb" aria-pressed={pressed} onClick={onToggle} title={`${a.name}（${type?.label ?? a.mime}，${formatSize(a.size)}）`}>
      {thumb ? (
        <img src={thumb} alt={`${a.name}（缩略图）`} />
      ) : (
        <span className="logs-thumb-icon" aria-hidden="true">
          {a.mime.startsWith('video/') ? '▶' : a.mime === 'application/pdf' ? 'PDF' : '图'}
        </span>
      )}
      <span className="logs-thumb-name">{pressed ? `收起 ${a.name}` : `查看 ${a.name}`}</span>
    </button>
  );
}

function FullView({ attachment: a }: { attachment: Attachment }) {
  const url = useObjectUrl(a.hash, a.data, a.mime);
  const [message, setMessage] = useState<string | null>(null);
  const type = mediaTypeOfMime(a.mime);
  async function save() {
    const ext = type?.ext ?? 'bin';
    const name = a.name.toLowerCase().endsWith(`.${ext}`) ? a.name : `${a.name}.${ext}`;
    const saved = await platform.saveFile(name, await attachmentBytes(a), [{ name: type?.label ?? '文件', extensions: [ext] }]);
    if (saved) setMessage(`已保存“${name}”`);
  }
  return (
    <figure className="logs-full">
      {url && a.mime.startsWith('image/') && <img src={url} alt={a.name} />}
      {url && a.mime.startsWith('video/') && (
        <video src={url} controls preload="metadata" aria-label={a.name}>
          当前环境无法播放该视频，请保存后用播放器打开。
        </video>
      )}
      <figcaption>
        {a.name}（{type?.label ?? a.mime}，{formatSize(a.size)}）
        <button type="button" onClick={() => void save()}>
          保存原文件
        </button>
        {message && <span role="status">{message}</span>}
      </figcaption>
    </figure>
  );
}
