import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { getSetting, setSettings, type SettingValues } from '../../db/repos/settings';
import { ErrorList, Field } from '../../ui/Field';
import { useSession } from '../session/store';

async function load(): Promise<SettingValues> {
  return {
    idleLockMinutes: await getSetting('idleLockMinutes'),
    staleLogDays: await getSetting('staleLogDays'),
    thresholdFormerNational: await getSetting('thresholdFormerNational'),
    thresholdNonPublic: await getSetting('thresholdNonPublic'),
    thresholdSocialOrg: await getSetting('thresholdSocialOrg'),
    preliminaryReviewRequired: await getSetting('preliminaryReviewRequired'),
    provincialHonourWindowYears: await getSetting('provincialHonourWindowYears'),
  };
}

const pct = (v: number | null) => (v === null ? '' : String(Math.round(v * 1000) / 10));
const fromPct = (s: string) => (s.trim() === '' ? null : Number(s) / 100);

/**
 * 设置: the laptop's working settings (level-1 admin) and the national defaults the notice leaves
 * open (national office). Every value shown here is the one the product applies.
 */
export function SettingsPage() {
  const actor = useSession((s) => s.session!.actor);
  const stored = useLiveQuery(async () => load(), []);
  const [v, setV] = useState<SettingValues | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (stored && !v) setV(stored);
  }, [stored, v]);
  if (!v) return <p className="muted">正在读取…</p>;
  const national = actor.role === 'national';

  async function save(e: FormEvent, keys: (keyof SettingValues)[]) {
    e.preventDefault();
    setProblems([]);
    setMessage(null);
    try {
      await setSettings(actor, Object.fromEntries(keys.map((k) => [k, v![k]])) as Partial<SettingValues>);
      setMessage('设置已保存');
    } catch (err) {
      setProblems((err as Error).message.split('；'));
    }
  }

  return (
    <section aria-labelledby="set-title" className="narrow-wide">
      <h1 id="set-title">设置</h1>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      <form className="panel" onSubmit={(e) => void save(e, ['idleLockMinutes', 'preliminaryReviewRequired', 'staleLogDays'])} noValidate aria-labelledby="set-local">
        <h2 id="set-local">本机工作设置</h2>
        <Field label="无操作自动锁定（分钟，0 表示不锁定）" type="number" value={String(v.idleLockMinutes)} onChange={(e) => setV({ ...v, idleLockMinutes: Number(e.target.value) })} />
        <Field label="超过多少天无创建日志即提示" type="number" value={String(v.staleLogDays)} onChange={(e) => setV({ ...v, staleLogDays: Number(e.target.value) })} />
        <label className="check">
          <input type="checkbox" checked={v.preliminaryReviewRequired} onChange={(e) => setV({ ...v, preliminaryReviewRequired: e.target.checked })} />{' '}
          报备须先经二级或三级管理员初审，再由一级管理员终审
        </label>
        <div className="actions">
          <button type="submit">保存本机设置</button>
        </div>
      </form>
      <form className="panel" onSubmit={(e) => void save(e, ['provincialHonourWindowYears', 'thresholdFormerNational', 'thresholdNonPublic', 'thresholdSocialOrg'])} noValidate aria-labelledby="set-nat">
        <h2 id="set-nat">全国默认值（通知未作规定，由全国组委会办公室确定）</h2>
        <fieldset disabled={!national}>
          <Field
            label="“最近一届省级命名或复核认定”的认定年限（年）"
            type="number"
            value={String(v.provincialHonourWindowYears)}
            onChange={(e) => setV({ ...v, provincialHonourWindowYears: Number(e.target.value) })}
            hint="默认 2：2017—2018年度认可 2015—2017 年的省级命名或复核认定"
          />
          <Field label="往届全国青年文明号集体参考比例（%，留空为不设）" value={pct(v.thresholdFormerNational)} onChange={(e) => setV({ ...v, thresholdFormerNational: fromPct(e.target.value) })} />
          <Field label="非公经济组织集体参考比例（%，留空为不设）" value={pct(v.thresholdNonPublic)} onChange={(e) => setV({ ...v, thresholdNonPublic: fromPct(e.target.value) })} />
          <Field label="社会组织集体参考比例（%，留空为不设）" value={pct(v.thresholdSocialOrg)} onChange={(e) => setV({ ...v, thresholdSocialOrg: fromPct(e.target.value) })} />
        </fieldset>
        {national ? (
          <div className="actions">
            <button type="submit">保存全国默认值</button>
          </div>
        ) : (
          <p className="muted">这些默认值由全国组委会办公室设置，随交换包下发。</p>
        )}
      </form>
    </section>
  );
}
