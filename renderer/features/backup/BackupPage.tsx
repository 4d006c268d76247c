import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import { formatBytes } from '../../../shared/exchange/refusal';
import {
  canBackUp,
  buildBackup,
  migrationSnapshotBytes,
  MIN_PASSPHRASE,
  parseBackup,
  recordBackup,
  restoreBackup,
  setBackupInterval,
  type BackupProgress,
} from '../../db/repos/backup';
import { platform, type PickedFile } from '../../platform';
import { ErrorList, Field } from '../../ui/Field';
import { useSession } from '../session/store';
import { AutoBackupPanel } from './AutoBackupPanel';
import { backupStatusQuery, snapshotsQuery } from './queries';

const BACKUP_FILTER = [{ name: 'YCA 备份', extensions: ['ycabak'] }];
const breathe = () => new Promise<void>((r) => setTimeout(r));
const PHASE: Record<BackupProgress['phase'], string> = { read: '读取数据', pack: '压缩', encrypt: '加密', check: '校验', write: '写入', done: '完成' };

/** 备份与恢复: the whole database to a file (optionally encrypted) and back. */
export function BackupPage() {
  const actor = useSession((s) => s.session!.actor);
  const allowed = useLiveQuery(async () => canBackUp(actor), [actor]);
  const status = useLiveQuery(async () => backupStatusQuery(), []);
  const snapshots = useLiveQuery(async () => snapshotsQuery(), []) ?? [];
  const [encrypt, setEncrypt] = useState(true);
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const [file, setFile] = useState<PickedFile | null>(null);
  const [fileInfo, setFileInfo] = useState<string | null>(null);
  const [fileEncrypted, setFileEncrypted] = useState(false);
  const [restorePass, setRestorePass] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [interval, setIntervalDays] = useState<string>('');

  if (allowed === false) {
    return (
      <section aria-labelledby="bk-title">
        <h1 id="bk-title">备份与恢复</h1>
        <p className="alert alert-warn">只有本机的一级管理员（或本机的主账号）可以备份和恢复数据。</p>
      </section>
    );
  }

  async function backup() {
    setProblems([]);
    setMessage(null);
    if (encrypt) {
      if (pass.length < MIN_PASSPHRASE) return setProblems([`备份密码至少需要 ${MIN_PASSPHRASE} 个字符`]);
      if (pass !== pass2) return setProblems(['两次输入的备份密码不一致']);
    }
    const ac = new AbortController();
    abort.current = ac;
    setBusy(true);
    try {
      const r = await buildBackup(actor, { passphrase: encrypt ? pass : null, onProgress: setProgress, signal: ac.signal, pause: breathe });
      const saved = await platform.saveFile(r.fileName, r.bytes, BACKUP_FILTER);
      // only a saved file counts as a backup (上次备份, the reminder)
      if (saved) {
        await recordBackup(actor, r);
        setMessage(`备份已生成（${r.header.encrypted ? '已加密' : '未加密'}，${formatBytes(r.bytes.length)}）：${r.fileName}`);
      } else setMessage('未保存：已取消选择保存位置，本次不算作备份。');
      setPass('');
      setPass2('');
    } catch (e) {
      setProblems([(e as Error).message]);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  async function pick() {
    setProblems([]);
    setMessage(null);
    const files = await platform.openFiles(BACKUP_FILTER, false);
    if (!files.length) return;
    const f = files[0]!;
    try {
      const p = parseBackup(f.data);
      setFile(f);
      setFileEncrypted(p.header.encrypted);
      const total = Object.values(p.header.tables).reduce((a, b) => a + b, 0);
      setFileInfo(
        `备份时间 ${new Date(p.header.createdAt).toLocaleString('zh-CN')}，单位 ${p.header.unitName || '—'}，软件版本 ${p.header.appVersion}，${total} 条记录，${p.header.encrypted ? '已加密' : '未加密'}`,
      );
    } catch (e) {
      setFile(null);
      setFileInfo(null);
      setProblems([`不能恢复“${f.name}”：${(e as Error).message}`]);
    }
  }

  async function restore() {
    if (!file) return;
    setProblems([]);
    setBusy(true);
    const ac = new AbortController();
    abort.current = ac;
    try {
      const h = await restoreBackup(actor, file.data, fileEncrypted ? restorePass : null, ac.signal);
      setMessage(`已从备份恢复全部数据（备份时间 ${new Date(h.createdAt).toLocaleString('zh-CN')}）。请重新登录。`);
      setFile(null);
      setFileInfo(null);
      setRestorePass('');
      setUnderstood(false);
    } catch (e) {
      setProblems([`${(e as Error).message}（本机数据未做任何改动）`]);
    } finally {
      setBusy(false);
    }
  }

  async function saveInterval() {
    setProblems([]);
    try {
      await setBackupInterval(actor, Number(interval));
      setMessage(Number(interval) ? `已设为每 ${interval} 天提醒备份一次` : '已关闭备份提醒');
    } catch (e) {
      setProblems([(e as Error).message]);
    }
  }

  async function downloadSnapshot(id: string, createdAt: string) {
    try {
      const bytes = await migrationSnapshotBytes(actor, id);
      await platform.saveFile(`YCA迁移前备份-${createdAt.slice(0, 10)}.ycabak`, bytes, BACKUP_FILTER);
    } catch (e) {
      setProblems([(e as Error).message]);
    }
  }

  return (
    <section aria-labelledby="bk-title">
      <h1 id="bk-title">备份与恢复</h1>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      {status?.due && (
        <p className="alert alert-warn">
          {status.lastAt ? `上次备份是 ${new Date(status.lastAt).toLocaleString('zh-CN')}，已超过 ${status.intervalDays} 天。` : '本机还没有备份过。'}
          请备份并把文件保存到本机以外的地方（U 盘、单位网盘）。
        </p>
      )}
      {busy && progress && (
        <div className="exchange-progress">
          <div
            className="progress"
            role="progressbar"
            aria-label="备份进度"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress.total ? Math.round((progress.done / progress.total) * 100) : 0}
          >
            <span style={{ width: `${progress.total ? Math.round((progress.done / progress.total) * 100) : 0}%` }} />
          </div>
          <span className="muted">
            {PHASE[progress.phase]} {progress.table ?? ''}
          </span>
          <button type="button" onClick={() => abort.current?.abort()}>
            取消
          </button>
        </div>
      )}
      <div className="panels">
        <div className="panel" aria-labelledby="bk-make">
          <h2 id="bk-make">备份本机全部数据</h2>
          <p className="muted">包括全部记录和附件、审计日志与信任列表；不包括本机的签名私钥（它不离开本机）。</p>
          {/* where the file goes is up to the admin: say what is in it (docs/security.md, personal information) */}
          <p className="alert alert-warn" role="note">
            备份文件含本机的全部个人信息（集体负责人姓名、联系电话、保密邮箱等）和各账号的密码散列。请加密备份，只保存在单位受控的 U 盘或存储上，不要通过电子邮件、微信、QQ 等发送；不再需要的旧备份请删除。
            {!encrypt && ' 未加密的备份，任何拿到文件的人都能读取其中内容。'}
          </p>
          <label className="exchange-check">
            <input type="checkbox" checked={encrypt} onChange={(e) => setEncrypt(e.target.checked)} /> 用密码加密备份（推荐）
          </label>
          {encrypt && (
            <>
              <Field label="备份密码" type="password" value={pass} onChange={(e) => setPass(e.target.value)} autoComplete="new-password" hint={`至少 ${MIN_PASSPHRASE} 个字符。忘记密码将无法恢复此备份，本软件不保存它。`} />
              <Field label="确认备份密码" type="password" value={pass2} onChange={(e) => setPass2(e.target.value)} autoComplete="new-password" />
            </>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={() => void backup()} disabled={busy}>
              立即备份
            </button>
          </div>
          <p className="muted">上次备份：{status?.lastAt ? new Date(status.lastAt).toLocaleString('zh-CN') : '从未'}</p>
        </div>

        <div className="panel" aria-labelledby="bk-restore">
          <h2 id="bk-restore">从备份恢复</h2>
          <p className="muted">恢复会用备份替换本机的全部数据（本机的设备身份和签名密钥保留）。先完整校验备份，任何问题都不会改动本机数据。</p>
          <div className="actions exchange-left">
            <button type="button" onClick={() => void pick()} disabled={busy}>
              选择备份文件…
            </button>
          </div>
          {fileInfo && (
            <>
              <p aria-label="备份信息">{fileInfo}</p>
              {fileEncrypted && <Field label="备份的密码" type="password" value={restorePass} onChange={(e) => setRestorePass(e.target.value)} autoComplete="off" />}
              <label className="exchange-check">
                <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} /> 我明白：恢复后，本机在备份之后的改动将丢失
              </label>
              <div className="actions">
                <button type="button" className="primary" onClick={() => void restore()} disabled={busy || !understood}>
                  恢复此备份
                </button>
              </div>
            </>
          )}
        </div>

        <AutoBackupPanel actor={actor} />

        <div className="panel" aria-labelledby="bk-schedule">
          <h2 id="bk-schedule">定期备份提醒</h2>
          <p className="muted">当前：{status ? (status.intervalDays ? `每 ${status.intervalDays} 天` : '不提醒') : '…'}（默认 7 天）。到期时在此页和导航中提醒，由您下载备份文件；桌面版自动备份到文件夹成功也算作一次备份。</p>
          <Field label="提醒间隔（天，0 表示不提醒）" type="number" min={0} max={365} value={interval} onChange={(e) => setIntervalDays(e.target.value)} />
          <div className="actions">
            <button type="button" onClick={() => void saveInterval()} disabled={interval === ''}>
              保存提醒间隔
            </button>
          </div>
        </div>
      </div>

      <div className="panel" aria-labelledby="bk-snap">
        <h2 id="bk-snap">升级前的自动备份</h2>
        <p className="muted">每次升级数据库结构之前，本软件会自动把旧数据另存一份（保留最近 3 份）。这些自动备份未加密：下载后请像备份文件一样妥善保管。</p>
        <table className="grid" aria-label="升级前的自动备份">
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">数据库版本</th>
              <th scope="col">大小</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.id}>
                <td>{new Date(s.createdAt).toLocaleString('zh-CN')}</td>
                <td>
                  {s.fromVersion} → {s.toVersion}
                </td>
                <td className="num">{formatBytes(s.size)}</td>
                <td>
                  <button type="button" className="link" onClick={() => void downloadSnapshot(s.id, s.createdAt)}>
                    下载
                  </button>
                </td>
              </tr>
            ))}
            {snapshots.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  尚无（还没有升级过数据库结构）。
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
