import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import type { PackageProgress } from '../../../shared/exchange/format';
import { ROLE_LABEL } from '../../../shared/rules/roles';
import {
  applyImport,
  exportPackage,
  exportSetupPackage,
  previewImport,
  readPackageFile,
  summaryOf,
  type ExportResult,
  type ImportPreview,
} from '../../db/repos/exchange';
import { proposeTrust, revokePeer, trustSender, type TrustProposal } from '../../db/repos/peers';
import { platform } from '../../platform';
import { ErrorList, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { TABLE_LABEL } from './labels';
import { countsQuery, deviceQuery, packageLogQuery, peersQuery, setupCandidatesQuery, targetsQuery } from './queries';
import { useExchangeUi } from './store';

const PACKAGE_FILTER = [{ name: 'YCA 交换包', extensions: ['ycapkg'] }];
const OUTCOMES = [
  ['new', '新增'],
  ['update', '更新'],
  ['unchanged', '未变'],
  ['conflict', '冲突'],
  ['refused', '拒收'],
] as const;

/** Lets React repaint and see a Cancel click between slices of work. */
const breathe = () => new Promise<void>((r) => setTimeout(r));

function Progress({ label, p, onCancel }: { label: string; p: PackageProgress | null; onCancel: () => void }) {
  const pct = p && p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
  return (
    <div className="exchange-progress">
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="muted">
        {label}… {pct}% {p?.path ? `（${p.path}）` : ''}
      </span>
      <button type="button" onClick={onCancel}>
        取消
      </button>
    </div>
  );
}

/** 数据交换: this laptop's key, making packages, importing them (trust, dry run, apply). */
export function ExchangePage() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const actor = session.actor;
  const device = useLiveQuery(async () => deviceQuery(), []);
  const peers = useLiveQuery(async () => peersQuery(), []) ?? [];
  const targets = useLiveQuery(async () => targetsQuery(actor), [actor]);
  const candidates = useLiveQuery(async () => setupCandidatesQuery(actor), [actor]) ?? [];
  const counts = useLiveQuery(async () => countsQuery(), []);
  const log = useLiveQuery(async () => packageLogQuery(), []) ?? [];
  const { pending, setPending } = useExchangeUi();

  const [target, setTarget] = useState('');
  const [full, setFull] = useState(false);
  const [setupFor, setSetupFor] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<PackageProgress | null>(null);
  const abort = useRef<AbortController | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [proposal, setProposal] = useState<TrustProposal | null>(null);
  const [confirmed, setConfirmed] = useState(false);

  const level1 = actor.role === 'national' || actor.role === 'admin1';

  function start(label: string): AbortController {
    const ac = new AbortController();
    abort.current = ac;
    setBusy(label);
    setProgress(null);
    setProblems([]);
    setMessage(null);
    return ac;
  }
  function stop() {
    abort.current = null;
    setBusy(null);
    setProgress(null);
  }

  async function save(r: ExportResult, what: string) {
    const saved = await platform.saveFile(r.fileName, r.bytes, PACKAGE_FILTER);
    const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
    if (saved) setMessage(`${what}已生成（序号 ${r.sequence}，${r.full ? '全量' : '增量'}，${total} 条记录、${r.attachments} 个附件）：${r.fileName}`);
  }

  async function doExport() {
    if (!target) return setProblems(['请选择接收方']);
    const ac = start('正在生成交换包');
    try {
      const [kind, id] = target.split(':') as ['peer' | 'unit', string];
      const r = await exportPackage(actor, kind === 'peer' ? { peerId: id } : { unitId: id }, {
        term,
        full,
        onProgress: setProgress,
        signal: ac.signal,
        pause: breathe,
      });
      await save(r, '交换包');
    } catch (e) {
      setProblems([(e as Error).message]);
    } finally {
      stop();
    }
  }

  async function doSetupExport() {
    if (!setupFor) return setProblems(['请选择要为其生成安装包的账号']);
    const ac = start('正在生成安装包');
    try {
      const r = await exportSetupPackage(actor, setupFor, { term, onProgress: setProgress, signal: ac.signal, pause: breathe });
      await save(r, '安装包');
      setMessage((m) => `${m ?? ''} 请把安装包和一次性密码分开交给对方，并当面或电话核对本机指纹。`);
    } catch (e) {
      setProblems([(e as Error).message]);
    } finally {
      stop();
    }
  }

  async function pick() {
    const files = await platform.openFiles(PACKAGE_FILTER, false);
    if (!files.length) return;
    const file = files[0]!;
    setPreview(null);
    setProposal(null);
    setConfirmed(false);
    setPending(null);
    const ac = start('正在校验交换包');
    try {
      const r = await readPackageFile(file.data, { onProgress: setProgress, signal: ac.signal, pause: breathe });
      if (!r.ok) {
        setProblems([`已拒绝导入“${file.name}”：${r.message}`]);
        return;
      }
      setPending({ name: file.name, pkg: r });
      await dryRun(r);
    } catch (e) {
      setProblems([(e as Error).message]);
    } finally {
      stop();
    }
  }

  async function dryRun(pkg = pending?.pkg) {
    if (!pkg) return;
    const p = await previewImport(actor, pkg);
    setPreview(p);
    if (!p.trust.ok && p.trust.code === 'untrusted') {
      try {
        setProposal(await proposeTrust(pkg.manifest));
      } catch (e) {
        setProposal(null);
        setProblems([(e as Error).message]);
      }
    }
  }

  async function trust() {
    if (!pending || !proposal) return;
    setProblems([]);
    try {
      await trustSender(actor, pending.pkg.manifest, proposal.fingerprint);
      setProposal(null);
      await dryRun();
    } catch (e) {
      setProblems([(e as Error).message]);
    }
  }

  async function apply() {
    if (!pending) return;
    setBusy('正在导入');
    setProblems([]);
    try {
      const r = await applyImport(actor, pending.pkg);
      setMessage(`已导入“${pending.name}”：${summaryOf(r.counts)}。${r.conflicts ? `有 ${r.conflicts} 条冲突，请到“冲突处理”逐项处理。` : ''}`);
      setPending(null);
      setPreview(null);
    } catch (e) {
      setProblems([`导入失败，未写入任何数据：${(e as Error).message}`]);
    } finally {
      setBusy(null);
    }
  }

  function discard() {
    setPending(null);
    setPreview(null);
    setProposal(null);
    setMessage('已放弃导入，未写入任何数据。');
  }

  async function revoke(id: string, label: string) {
    if (!window.confirm(`撤销对“${label}”的信任？之后它的交换包将被拒绝。`)) return;
    try {
      await revokePeer(actor, id);
    } catch (e) {
      setProblems([(e as Error).message]);
    }
  }

  const plan = preview?.plan ?? null;
  const manifest = preview?.manifest;

  return (
    <section aria-labelledby="ex-title">
      <h1 id="ex-title">数据交换</h1>
      <p className="muted">管理员之间不联网，数据以签名的交换包（.ycapkg 文件）通过 U 盘或邮件传递：集体 → 管理员，三级 → 二级 → 一级 → 全国组委会办公室，决定和参考数据再逐级下发。</p>
      <p className="alert alert-warn" role="note" aria-label="交换包的个人信息">
        交换包经过签名、防篡改，但没有加密：其中含集体负责人姓名、联系电话和保密邮箱等个人信息。请只交给对应的管理员，通过可靠渠道传递，导入后删除 U 盘或邮件中的副本。
      </p>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      {busy && <Progress label={busy} p={progress} onCancel={() => abort.current?.abort()} />}

      <div className="panels">
        <div className="panel" aria-labelledby="ex-device">
          <h2 id="ex-device">本机设备</h2>
          {device ? (
            <dl className="exchange-facts">
              <dt>设备标识</dt>
              <dd className="mono">{device.deviceId}</dd>
              <dt>公钥指纹</dt>
              <dd className="mono exchange-fingerprint" aria-label="本机公钥指纹">
                {device.fingerprint}
              </dd>
              <dt>私钥保护</dt>
              <dd>
                {device.protection === 'os'
                  ? '由操作系统钥匙串加密保存'
                  : '保存在本浏览器的站点数据中（网页版没有系统钥匙串：能读取本机浏览器数据的人可以复制它，请保护好本机的登录）'}
              </dd>
            </dl>
          ) : (
            <p className="muted">正在读取…</p>
          )}
          <p className="muted">对方第一次导入本机的交换包时，请通过电话或当面核对这串指纹。</p>
        </div>

        <div className="panel" aria-labelledby="ex-export">
          <h2 id="ex-export">生成交换包</h2>
          <SelectField label="接收方" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">请选择…</option>
            {peers.filter((p) => p.trusted).length > 0 && (
              <optgroup label="已信任的设备">
                {peers
                  .filter((p) => p.trusted)
                  .map((p) => (
                    <option key={p.id} value={`peer:${p.id}`}>
                      {p.label}
                    </option>
                  ))}
              </optgroup>
            )}
            {targets && targets.units.length > 0 && (
              <optgroup label="上级或下级单位（首次发送）">
                {targets.units.map((u) => (
                  <option key={u.id} value={`unit:${u.id}`}>
                    {u.name}
                  </option>
                ))}
              </optgroup>
            )}
          </SelectField>
          <label className="exchange-check">
            <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> 全量（包含全部数据，而不只是上次发送以后的变更；丢失过交换包时使用）
          </label>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void doExport()} disabled={busy !== null}>
              生成交换包
            </button>
          </div>
        </div>

        {level1 && (
          <div className="panel" aria-labelledby="ex-setup">
            <h2 id="ex-setup">生成安装包（下级管理员或集体的电脑）</h2>
            <SelectField label="为哪个账号生成" value={setupFor} onChange={(e) => setSetupFor(e.target.value)}>
              <option value="">请选择…</option>
              {candidates.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.code} · {a.displayName}（{ROLE_LABEL[a.role]}）
                </option>
              ))}
            </SelectField>
            <p className="muted">安装包含该账号可见的数据和本机公钥。对方用它完成初始设置，并须输入其一次性密码：请把密码与安装包分开交付。</p>
            <div className="actions">
              <button type="button" onClick={() => void doSetupExport()} disabled={busy !== null}>
                生成安装包
              </button>
            </div>
          </div>
        )}
      </div>

      <div className="panel" aria-labelledby="ex-import">
        <h2 id="ex-import">导入交换包</h2>
        <p className="muted">导入前先完整校验签名和每个文件，并试运行：先显示将新增、更新、冲突和拒收的记录数，确认后才一次性写入。</p>
        <div className="actions exchange-left">
          <button type="button" onClick={() => void pick()} disabled={busy !== null}>
            选择交换包文件…
          </button>
        </div>
        {manifest && (
          <dl className="exchange-facts" aria-label="交换包信息">
            <dt>文件</dt>
            <dd>{pending?.name}</dd>
            <dt>发送方指纹</dt>
            <dd className="mono">{manifest.sender.fingerprint}</dd>
            <dt>序号</dt>
            <dd>
              {manifest.sequence}（{manifest.full ? '全量' : '增量'}）
            </dd>
            <dt>生成时间</dt>
            <dd>{new Date(manifest.createdAt).toLocaleString('zh-CN')}</dd>
          </dl>
        )}
        {preview && !preview.trust.ok && (
          <div role="alert" className="alert alert-warn">
            {preview.trust.message}
          </div>
        )}
        {proposal && (
          <div className="exchange-trust" aria-label="确认发送方">
            <p>
              发送方：<strong>{proposal.label}</strong>（{proposal.basis}）
            </p>
            <p>
              请与对方电话或当面核对其电脑上“数据交换”页显示的公钥指纹：<span className="mono exchange-fingerprint">{proposal.fingerprint}</span>
            </p>
            <label className="exchange-check">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> 我已与对方核对，指纹完全一致
            </label>
            <div className="actions exchange-left">
              <button type="button" className="primary" disabled={!confirmed} onClick={() => void trust()}>
                信任此设备并试运行
              </button>
              <button type="button" onClick={discard}>
                放弃
              </button>
            </div>
          </div>
        )}
        {plan && (
          <div aria-label="试运行结果">
            <p role="status" className="alert alert-warn">
              试运行（尚未写入）：{summaryOf(plan.counts)}
              {plan.stale ? `（未变中含对方较旧的版本 ${plan.stale} 条，保留本机）` : ''}
            </p>
            <table className="grid exchange-counts" aria-label="试运行计数">
              <thead>
                <tr>
                  <th scope="col">数据</th>
                  {OUTCOMES.map(([k, l]) => (
                    <th scope="col" key={k}>
                      {l}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Object.entries(plan.byTable)
                  .filter(([, c]) => c.new + c.update + c.unchanged + c.conflict + c.refused > 0)
                  .map(([t, c]) => (
                    <tr key={t}>
                      <th scope="row">{TABLE_LABEL[t] ?? t}</th>
                      {OUTCOMES.map(([k]) => (
                        <td key={k} className="num">
                          {c[k]}
                        </td>
                      ))}
                    </tr>
                  ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">合计</th>
                  {OUTCOMES.map(([k]) => (
                    <td key={k} className="num">
                      {plan.counts[k]}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
            {plan.refusedSamples.length > 0 && (
              <ul className="exchange-refused" aria-label="拒收原因">
                {plan.refusedSamples.map((s) => (
                  <li key={`${s.table}:${s.id}`}>
                    {TABLE_LABEL[s.table] ?? s.table} {s.id}：{s.reason}
                  </li>
                ))}
              </ul>
            )}
            <div className="actions exchange-left">
              <button type="button" className="primary" onClick={() => void apply()} disabled={busy !== null}>
                确认导入
              </button>
              <button type="button" onClick={discard}>
                放弃
              </button>
            </div>
          </div>
        )}
      </div>

      <div className="panels">
        <div className="panel" aria-labelledby="ex-peers">
          <h2 id="ex-peers">信任的设备</h2>
          <table className="grid" aria-label="信任的设备">
            <thead>
              <tr>
                <th scope="col">设备</th>
                <th scope="col">指纹</th>
                <th scope="col">已导入序号</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {peers.map((p) => (
                <tr key={p.id}>
                  <td>{p.label}</td>
                  <td className="mono">{p.fingerprint}</td>
                  <td className="num">{p.lastSeqReceived}</td>
                  <td>
                    {p.trusted ? '信任' : '已撤销'}
                    {p.trusted && level1 && (
                      <button type="button" className="link" onClick={() => void revoke(p.id, p.label)}>
                        撤销信任
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {peers.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    尚无。首次导入对方的交换包时核对指纹即可加入。
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <div className="panel" aria-labelledby="ex-counts">
          <h2 id="ex-counts">本机数据</h2>
          <table className="grid" aria-label="本机数据">
            <thead>
              <tr>
                <th scope="col">数据</th>
                <th scope="col">记录数</th>
              </tr>
            </thead>
            <tbody>
              {counts &&
                Object.entries(counts).map(([t, n]) => (
                  <tr key={t}>
                    <th scope="row">{TABLE_LABEL[t] ?? t}</th>
                    <td className="num">{n}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </div>

      <div className="panel" aria-labelledby="ex-log">
        <h2 id="ex-log">交换记录</h2>
        <table className="grid" aria-label="交换记录">
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">方向</th>
              <th scope="col">序号</th>
              <th scope="col">内容</th>
            </tr>
          </thead>
          <tbody>
            {log.map((l) => (
              <tr key={l.id}>
                <td>{new Date(l.importedAt).toLocaleString('zh-CN')}</td>
                <td>{l.direction === 'out' ? '发出' : '导入'}</td>
                <td className="num">{l.sequence}</td>
                <td>{l.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
