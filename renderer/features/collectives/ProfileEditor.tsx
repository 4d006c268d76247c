import { useState, type FormEvent } from 'react';
import type { Collective, CollectiveProfile, CreationPlan, Honour } from '../../../shared/model/entities';
import { COLLECTIVE_TYPES, submissionProblems } from '../../../shared/rules/profile';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { TextArea } from '../../ui/TextArea';

interface Props {
  collective: Collective;
  editable: boolean;
  onSave: (profile: CollectiveProfile, plan: CreationPlan) => Promise<void>;
  onSubmit?: () => Promise<void>;
}

const int = (s: string) => (s.trim() === '' ? 0 : Number(s));

/** 集体档案 and 创建计划: the collective's own form (also used by a level-1 admin). */
export function ProfileEditor({ collective, editable, onSave, onSubmit }: Props) {
  const [profile, setProfile] = useState<CollectiveProfile>(collective.profile);
  const [plan, setPlan] = useState<CreationPlan>(collective.plan);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof CollectiveProfile>(k: K, v: CollectiveProfile[K]) => setProfile((p) => ({ ...p, [k]: v }));
  const setLeader = (k: keyof CollectiveProfile['leader'], v: string) => setProfile((p) => ({ ...p, leader: { ...p.leader, [k]: v } }));
  const setHonour = (i: number, h: Partial<Honour>) => setProfile((p) => ({ ...p, honours: p.honours.map((x, j) => (j === i ? { ...x, ...h } : x)) }));

  async function run(what: 'save' | 'submit', e?: FormEvent) {
    e?.preventDefault();
    setBusy(true);
    setSaved(null);
    try {
      await onSave(profile, plan);
      if (what === 'submit') {
        const missing = submissionProblems(profile, plan);
        if (missing.length) {
          setProblems(missing.map((m) => m.message));
          return;
        }
        await onSubmit!();
        setSaved('提交成功：已成为“报备集体”，进入管理员的审核序列。');
      } else setSaved('已保存');
      setProblems([]);
    } catch (err) {
      setProblems((err as Error).message.split('；'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="profile" onSubmit={(e) => void run('save', e)} noValidate aria-label="集体档案和创建计划">
      <fieldset disabled={!editable || busy}>
        <legend>集体档案</legend>
        <div className="cols">
          <Field label="规范名称" value={profile.name} readOnly hint="名称变更须由管理员办理，原名称记为曾用名称" />
          <Field label="上级单位" value={profile.parentOrganisation} onChange={(e) => set('parentOrganisation', e.target.value)} maxLength={100} />
          <SelectField label="集体类型" value={profile.type} onChange={(e) => set('type', e.target.value as CollectiveProfile['type'])}>
            {COLLECTIVE_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </SelectField>
          <Field label="所在地区" value={profile.region} onChange={(e) => set('region', e.target.value)} maxLength={100} />
          <Field label="成员人数" type="number" min={0} value={String(profile.memberCount)} onChange={(e) => set('memberCount', int(e.target.value))} />
          <Field label="35周岁及以下成员人数" type="number" min={0} value={String(profile.youthCount)} onChange={(e) => set('youthCount', int(e.target.value))} />
          <Field label="负责人姓名" value={profile.leader.name} onChange={(e) => setLeader('name', e.target.value)} maxLength={50} />
          <Field label="负责人联系电话" value={profile.leader.phone} onChange={(e) => setLeader('phone', e.target.value)} maxLength={30} />
          <Field label="负责人邮箱" type="email" value={profile.leader.email} onChange={(e) => setLeader('email', e.target.value)} />
          <Field label="保密邮箱（找回用户名用）" type="email" value={profile.recoveryEmail} onChange={(e) => set('recoveryEmail', e.target.value)} />
        </div>
        <h3>曾获荣誉</h3>
        {profile.honours.length === 0 && <p className="muted">尚未填写。创建资格要求：曾获全国青年文明号命名，或最近一届省级青年文明号命名或复核认定。</p>}
        {profile.honours.map((h, i) => (
          <div className="cols honour" key={i} role="group" aria-label={`荣誉 ${i + 1}`}>
            <SelectField label={`荣誉 ${i + 1} 级别`} value={h.level} onChange={(e) => setHonour(i, { level: e.target.value as Honour['level'] })}>
              <option value="national">全国青年文明号</option>
              <option value="provincial">省级青年文明号</option>
            </SelectField>
            <SelectField label={`荣誉 ${i + 1} 方式`} value={h.kind} onChange={(e) => setHonour(i, { kind: e.target.value as Honour['kind'] })}>
              <option value="named">命名</option>
              <option value="recertified">复核认定</option>
            </SelectField>
            <Field label={`荣誉 ${i + 1} 年份`} type="number" value={String(h.year)} onChange={(e) => setHonour(i, { year: int(e.target.value) })} />
            <Field label={`荣誉 ${i + 1} 名称`} value={h.title} onChange={(e) => setHonour(i, { title: e.target.value })} maxLength={100} />
            <button type="button" onClick={() => set('honours', profile.honours.filter((_, j) => j !== i))}>
              删除荣誉 {i + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set('honours', [...profile.honours, { level: 'provincial', kind: 'named', year: new Date().getFullYear(), title: '' }])}>
          添加荣誉
        </button>
        <h3>“三亮”（亮身份、亮形象、亮承诺）</h3>
        <div className="cols">
          <TextArea label="公开承诺" value={profile.publicCommitment} onChange={(v) => set('publicCommitment', v)} max={2000} />
          <TextArea label="投诉渠道" value={profile.complaintChannel} onChange={(v) => set('complaintChannel', v)} max={2000} />
        </div>
        <label className="check">
          <input type="checkbox" checked={profile.identityShown} onChange={(e) => set('identityShown', e.target.checked)} /> 已亮明创建标识和成员身份
        </label>
        <label className="check">
          <input type="checkbox" checked={profile.imageShown} onChange={(e) => set('imageShown', e.target.checked)} /> 已亮出形象（服务环境和服务礼仪）
        </label>
        <label className="check">
          <input type="checkbox" checked={profile.basicConditionsAttested} onChange={(e) => set('basicConditionsAttested', e.target.checked)} />{' '}
          本集体符合《青年文明号活动管理办法》（2016年11月）规定的集体基本条件
        </label>
      </fieldset>
      <fieldset disabled={!editable || busy}>
        <legend>创建计划</legend>
        <div className="cols">
          <TextArea label="创建目标" value={plan.goals} onChange={(v) => setPlan({ ...plan, goals: v })} max={2000} />
          <TextArea label="创建措施" value={plan.measures} onChange={(v) => setPlan({ ...plan, measures: v })} max={2000} />
          <TextArea label="进度安排" value={plan.schedule} onChange={(v) => setPlan({ ...plan, schedule: v })} max={2000} />
          <TextArea label="主题创建活动" value={plan.themeActivities} onChange={(v) => setPlan({ ...plan, themeActivities: v })} max={2000} hint="如“青年建功十三五·青春献礼十九大”主题创建、创新创效创优、开放周" />
        </div>
      </fieldset>
      <ErrorList problems={problems} />
      {saved && (
        <p role="status" className="alert alert-ok">
          {saved}
        </p>
      )}
      {editable && (
        <div className="actions">
          <button type="submit" disabled={busy}>
            保存
          </button>
          {onSubmit && (
            <button type="button" className="primary" disabled={busy} onClick={() => void run('submit')}>
              提交报备
            </button>
          )}
        </div>
      )}
    </form>
  );
}
