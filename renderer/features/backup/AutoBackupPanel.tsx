import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { AUTO_BACKUP_MODE_LABEL, AUTO_BACKUP_MODES, MAX_AUTO_BACKUP_KEEP, type AutoBackupMode } from '../../../shared/backup/schedule';
import { formatBytes } from '../../../shared/exchange/refusal';
import { noteBackupFolderChosen, runAutoBackup, saveAutoBackupSettings } from '../../db/repos/autoBackup';
import { MIN_PASSPHRASE } from '../../db/repos/backup';
import type { Actor } from '../../db/write';
import { platform, type BackupFolderStatus } from '../../platform';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { autoBackupStatusQuery } from './queries';

const breathe = () => new Promise<void>((r) => setTimeout(r));
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN');

/**
 * 自动备份到文件夹 (desktop edition): pick the folder, the schedule, how many to keep, encryption;
 * back up into the folder now; the last result. Renders nothing where the platform cannot write
 * into a folder (the web edition keeps the reminder and the download).
 */
export function AutoBackupPanel({ actor }: { actor: Actor }) {
  const status = useLiveQuery(async () => autoBackupStatusQuery(), []);
  const [where, setWhere] = useState<BackupFolderStatus | null>(null);
  const [mode, setMode] = useState<AutoBackupMode>('off');
  const [keep, setKeep] = useState('10');
  const [encrypted, setEncrypted] = useState(true);
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  const refreshFolder = useCallback(async () => {
    try {
      setWhere(await platform.backupFolder());
    } catch (e) {
      setWhere({ supported: true, folder: null, available: false });
      setProblems([`无法读取备份文件夹设置：${(e as Error).message}`]);
    }
  }, []);

  useEffect(() => {
    void refreshFolder();
  }, [refreshFolder]);

  // the form starts from the stored settings, once
  useEffect(() => {
    if (!status || loaded) return;
    setMode(status.settings.mode);
    setKeep(String(status.settings.keep));
    setEncrypted(status.settings.encrypted);
    setLoaded(true);
  }, [status, loaded]);

  if (!where?.supported) return null;
  const folder = where.folder;

  async function pickFolder() {
    setProblems([]);
    setMessage(null);
    try {
      const r = await platform.pickBackupFolder();
      if (!r.supported) return;
      setWhere(r);
      if (!r.cancelled && r.folder) {
        await noteBackupFolderChosen(actor, r.folder);
        setMessage(`自动备份文件夹已设为“${r.folder}”`);
      }
    } catch (e) {
      setProblems([(e as Error).message]);
    }
  }

  async function save() {
    setProblems([]);
    setMessage(null);
    const n = Number(keep);
    if (keep.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_AUTO_BACKUP_KEEP) {
      return setProblems([`保留份数应为 0–${MAX_AUTO_BACKUP_KEEP} 的整数（0 表示全部保留）`]);
    }
    if (mode !== 'off' && !folder) return setProblems(['请先选择备份文件夹，再开启自动备份']);
    if (encrypted && (pass !== '' || pass2 !== '') && pass !== pass2) return setProblems(['两次输入的自动备份密码不一致']);
    try {
      await saveAutoBackupSettings(actor, { mode, keep: n, encrypted, passphrase: encrypted ? pass : null });
      setPass('');
      setPass2('');
      setMessage(mode === 'off' ? '已关闭自动备份' : `已保存：${AUTO_BACKUP_MODE_LABEL[mode]}自动备份到“${folder}”`);
    } catch (e) {
      setProblems([(e as Error).message]);
    }
  }

  async function backupNow() {
    setProblems([]);
    setMessage(null);
    setBusy(true);
    try {
      const r = await runAutoBackup(actor, { trigger: 'manual', pause: breathe });
      if (r.ok) setMessage(`已备份到文件夹（${r.encrypted ? '已加密' : '未加密'}，${formatBytes(r.bytes)}）：${r.fileName}`);
      else setProblems([r.message]);
    } catch (e) {
      setProblems([(e as Error).message]);
    } finally {
      setBusy(false);
      void refreshFolder();
    }
  }

  const last = status?.lastResult ?? null;
  return (
    <div className="panel" aria-labelledby="bk-auto">
      <h2 id="bk-auto">自动备份到文件夹</h2>
      <p className="muted">
        本软件运行且本机的一级管理员（或本机的主账号）已登录时，按计划把完整备份写入您选择的文件夹（例如单位受控的 U 盘或网络盘），并只保留最近的若干份。
      </p>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      <p aria-label="备份文件夹">
        备份文件夹：{folder ?? '尚未选择'}
        {folder && !where.available && <span className="field-error">（当前无法访问：U 盘或网络盘是否已断开？）</span>}
      </p>
      <div className="actions exchange-left">
        <button type="button" onClick={() => void pickFolder()} disabled={busy}>
          选择备份文件夹…
        </button>
      </div>
      <SelectField label="自动备份" value={mode} onChange={(e) => setMode(e.target.value as AutoBackupMode)}>
        {AUTO_BACKUP_MODES.map((m) => (
          <option key={m} value={m}>
            {AUTO_BACKUP_MODE_LABEL[m]}
          </option>
        ))}
      </SelectField>
      <Field
        label="保留最近几份自动备份"
        type="number"
        min={0}
        max={MAX_AUTO_BACKUP_KEEP}
        value={keep}
        onChange={(e) => setKeep(e.target.value)}
        hint="0 表示全部保留。只删除本机写入该文件夹的较早的自动备份，不会删除其他文件。"
      />
      <label className="exchange-check">
        <input type="checkbox" checked={encrypted} onChange={(e) => setEncrypted(e.target.checked)} /> 用密码加密自动备份（推荐）
      </label>
      {encrypted ? (
        <>
          <Field
            label="自动备份密码"
            type="password"
            value={pass}
            onChange={(e) => setPass(e.target.value)}
            autoComplete="new-password"
            hint={
              status?.passphraseSet
                ? '已设置；留空则保持不变。'
                : `至少 ${MIN_PASSPHRASE} 个字符。由系统钥匙串保存在本机；恢复备份时需要输入它，请另行妥善记录。`
            }
          />
          <Field label="确认自动备份密码" type="password" value={pass2} onChange={(e) => setPass2(e.target.value)} autoComplete="new-password" />
        </>
      ) : (
        <p className="alert alert-warn" role="note">
          未加密的自动备份，任何能打开该文件夹的人都能读取其中的全部个人信息和密码散列。只有该文件夹仅您能访问时才可不加密。
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void save()} disabled={busy || !loaded}>
          保存自动备份设置
        </button>
        <button type="button" className="primary" onClick={() => void backupNow()} disabled={busy || !folder}>
          {busy ? '正在备份…' : '立即备份到文件夹'}
        </button>
      </div>
      <p aria-label="上次自动备份">
        上次自动备份：
        {last === null
          ? '从未'
          : last.ok
            ? `${when(last.at)} 成功，${last.fileName}（${last.encrypted ? '已加密' : '未加密'}，${formatBytes(last.bytes)}${last.pruned ? `，删除了 ${last.pruned} 份较早的自动备份` : ''}）`
            : ''}
        {last && !last.ok && <span className="field-error">{`${when(last.at)} 失败：${last.message}`}</span>}
      </p>
      {status && status.settings.mode !== 'off' && (
        <p className="muted">
          {folder
            ? `下次自动备份：${status.due.due ? '即将进行' : status.due.nextAt ? `约 ${when(status.due.nextAt)} 之后${status.due.reason === 'retry' ? '（上次失败，1 小时后重试）' : ''}` : '—'}`
            : '尚未选择备份文件夹，自动备份不会进行。'}
        </p>
      )}
    </div>
  );
}
