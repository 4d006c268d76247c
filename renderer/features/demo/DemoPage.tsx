import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_UNIT, DEMO_SCALES, DEMO_SCALE_LABEL, type DemoScale } from '../../../shared/demo/sizes';
import { DemoCancelled, loadDemoData, type DemoInfo, type DemoLoadProgress } from '../../db/repos/demo';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { demoPageQuery, topUnitsQuery } from './queries';

const fmt = (n: number) => n.toLocaleString('zh-CN');

/** 演示数据: load the seeded demo dataset into this (unused) laptop for a first look. */
export function DemoPage() {
  const actor = useSession((s) => s.session!.actor);
  const national = actor.role === 'national';
  const [progress, setProgress] = useState<DemoLoadProgress | null>(null);
  const loading = progress !== null;
  // Not live while loading: the page's counts would re-read the growing tables after every batch
  // (quadratic work for 400,000 logs); they are read again once the load ends.
  const state = useLiveQuery(async () => (loading ? undefined : demoPageQuery()), [loading]);
  const units = useLiveQuery(async () => topUnitsQuery(), []) ?? [];
  const [scale, setScale] = useState<DemoScale>('province');
  const [unitCode, setUnitCode] = useState(DEFAULT_DEMO_UNIT);
  const [seed, setSeed] = useState(String(DEFAULT_DEMO_SEED));
  const [understood, setUnderstood] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<DemoInfo | null>(null);
  const [signal] = useState(() => ({ cancelled: false }));

  async function load() {
    setProblems([]);
    setDone(null);
    const n = Number(seed);
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) return setProblems(['种子须为 0 至 2147483648 之间的整数']);
    if (!understood) return setProblems(['请先勾选确认：演示数据将写入本机数据库']);
    signal.cancelled = false;
    try {
      const info = await loadDemoData(actor, { scale, seed: n, ...(national && scale === 'province' ? { unitCode } : {}), onProgress: setProgress, signal });
      setDone(info);
    } catch (e) {
      setProblems([e instanceof DemoCancelled ? e.message : `载入失败：${(e as Error).message}`]);
    } finally {
      setProgress(null);
    }
  }

  const sizes = DEMO_SCALES[scale];
  const info = done ?? state?.info ?? null;
  return (
    <section aria-labelledby="demo-title">
      <h1 id="demo-title">演示数据</h1>
      <p>
        演示数据按固定种子生成，内容虚构但贴近实际：各公布单位及其下级单位、集体及其档案和创建计划、审核记录、创建日志（含少量图片）、社会评价和投诉办理、五个一工作、情况报告和自评。
        演示集体的账号不能直接登录，需要时由管理员在“账号管理”中重置密码。
      </p>
      {state === undefined && !loading && !done ? (
        // first read of this laptop's state: show the form only once we know no data is loaded
        <p className="muted">正在读取本机情况…</p>
      ) : info ? (
        <div className="alert alert-ok" role="status" aria-label="演示数据情况">
          {`本机已载入演示数据：${DEMO_SCALE_LABEL[info.scale]}（${info.unitName ?? info.unitCode}，种子 ${info.seed}），`}
          {`集体 ${fmt(info.counts.collectives)} 个，创建日志 ${fmt(info.counts.workUpdates)} 条，图片 ${fmt(info.counts.attachments)} 张，社会评价 ${fmt(info.counts.evaluations)} 条，用时 ${(info.elapsedMs / 1000).toFixed(1)} 秒。`}
          {`示例集体：${info.showcase.name}（${info.showcase.code}，${info.showcase.logs} 条创建日志），可在“集体管理”中按编码搜索查看。`}
        </div>
      ) : state?.refusal ? (
        <p className="alert alert-warn" role="note">
          {state.refusal}
        </p>
      ) : (
        <div className="panel">
          <p className="alert alert-warn" role="note">
            注意：演示数据将写入本机数据库，与正式数据混在一起后无法区分。请只在试用或培训用的电脑上载入，不要在正式使用的电脑上载入。
          </p>
          <div className="cols">
            {national ? (
              <SelectField label="规模" value={scale} onChange={(e) => setScale(e.target.value as DemoScale)} disabled={!!progress}>
                <option value="province">省级规模（{fmt(DEMO_SCALES.province.collectives)} 个集体）</option>
                <option value="national">全国规模（{fmt(DEMO_SCALES.national.collectives)} 个集体）</option>
              </SelectField>
            ) : (
              <p>规模：省级规模（本单位，{fmt(DEMO_SCALES.province.collectives)} 个集体）</p>
            )}
            {national && scale === 'province' && (
              <SelectField label="演示单位" value={unitCode} onChange={(e) => setUnitCode(e.target.value)} disabled={!!progress}>
                {units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name}
                  </option>
                ))}
              </SelectField>
            )}
            <Field label="种子（相同种子生成相同数据）" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value.trim())} disabled={!!progress} />
          </div>
          <p className="muted">
            将写入：集体 {fmt(sizes.collectives)} 个、创建日志 {fmt(sizes.workUpdates)} 条、图片 {fmt(sizes.pictures)} 张、社会评价 {fmt(sizes.evaluations)} 条及相关记录。
            {scale === 'national' ? '全国规模为全部 60 个公布单位，约需 5—10 分钟。' : '约需半分钟。'}
          </p>
          <label className="check">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} disabled={!!progress} /> 我已了解：演示数据将写入本机数据库
          </label>
          <ErrorList problems={problems} />
          <div className="actions">
            <button type="button" className="primary" onClick={() => void load()} disabled={!!progress}>
              载入演示数据
            </button>
          </div>
        </div>
      )}
      {info && problems.length > 0 && <ErrorList problems={problems} />}
      {progress && (
        <div className="demo-progress">
          <span className="demo-progress-text" role="status" aria-label="载入进度">
            {progress.phase === 'planning'
              ? '正在准备…'
              : progress.phase === 'rollback'
                ? '正在删除已写入的演示数据…'
                : `正在写入：集体 ${fmt(progress.done)} / ${fmt(progress.total)}，记录 ${fmt(progress.records)} / ${fmt(progress.recordsTotal)}`}
          </span>
          <div className="progress" role="progressbar" aria-label="演示数据载入进度" aria-valuemin={0} aria-valuemax={progress.recordsTotal || 1} aria-valuenow={progress.records}>
            <span style={{ width: `${progress.recordsTotal ? Math.round((progress.records / progress.recordsTotal) * 100) : 0}%` }} />
          </div>
          {progress.phase !== 'rollback' && (
            <button type="button" onClick={() => (signal.cancelled = true)}>
              取消载入
            </button>
          )}
        </div>
      )}
    </section>
  );
}
