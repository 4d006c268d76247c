import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import type { Rubric, Unit } from '../../../shared/model/entities';
import { areaHeading } from '../../../shared/assessment/rubric';
import { deriveUnitRubric, publishNationalRubric } from '../../db/repos/assessment';
import type { Actor } from '../../db/write';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { TextArea } from '../work/TextArea';
import { rubricsQuery } from './queries';

const KIND = { regular: '常规项', bonus: '加分项（上限）', deduction: '减分项（上限）' } as const;

function owner(r: Rubric): string {
  return r.ownerUnitId === null ? '全国' : '本省（对下级单位）';
}

/** The rubric versions: shown to everyone; the national office publishes versions, a provincial committee derives its own. */
export function RubricView({ actor, ownUnit }: { actor: Actor; ownUnit: Unit | null }) {
  const rubrics = useLiveQuery(async () => rubricsQuery(actor), [actor]) ?? [];
  const [shownId, setShownId] = useState('');
  if (rubrics.length === 0) return <p className="muted">正在读取…</p>;
  const national = rubrics.filter((r) => r.ownerUnitId === null);
  const currentNational = national[national.length - 1]!;
  const shown = rubrics.find((r) => r.id === shownId) ?? currentNational;
  const canPublish = actor.role === 'national';
  const canDerive = actor.role === 'admin1' && !!ownUnit?.provincialCommittee;
  return (
    <>
      <div className="toolbar">
        <SelectField label="查看版本" value={shown.id} onChange={(e) => setShownId(e.target.value)}>
          {rubrics.map((r) => (
            <option key={r.id} value={r.id}>
              {owner(r)} · {r.name} · 第 {r.version} 版
            </option>
          ))}
        </SelectField>
      </div>
      <RubricTable rubric={shown} />
      {canPublish && <RubricEditor key="publish" parent={currentNational} mode="publish" actor={actor} />}
      {canDerive && <RubricEditor key="derive" parent={currentNational} mode="derive" actor={actor} />}
    </>
  );
}

function RubricTable({ rubric }: { rubric: Rubric }) {
  const regular = rubric.items.filter((i) => i.kind === 'regular').reduce((s, i) => s + i.max, 0);
  return (
    <>
      <p className="assess-rubric-line" aria-label="评分细则说明">
        <strong>
          {rubric.name} · 第 {rubric.version} 版
        </strong>
        ：常规项满分 {regular} 分。{rubric.note}
        <span className="muted"> {rubric.normalisation}</span>
      </p>
      <table className="grid" aria-label="评分细则">
        <thead>
          <tr>
            <th scope="col">方面</th>
            <th scope="col">项目</th>
            <th scope="col">类型</th>
            <th scope="col">分值</th>
            <th scope="col">适用单位</th>
          </tr>
        </thead>
        <tbody>
          {[...rubric.items]
            .sort((a, b) => a.no - b.no)
            .map((i) => (
              <tr key={i.no}>
                <td>{areaHeading(i.area)}</td>
                <th scope="row">
                  {i.no}. {i.name}
                </th>
                <td>{KIND[i.kind]}</td>
                <td className="num">{i.kind === 'deduction' ? `−${i.max}` : i.kind === 'bonus' ? `+${i.max}` : i.max}</td>
                <td>{i.provincialOnly ? '仅省级地方团委' : '全部单位'}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </>
  );
}

function RubricEditor({ parent, mode, actor }: { parent: Rubric; mode: 'publish' | 'derive'; actor: Actor }) {
  const [points, setPoints] = useState<Record<number, string>>(() => Object.fromEntries(parent.items.map((i) => [i.no, String(i.max)])));
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblems([]);
    setMessage(null);
    const parsed: Record<number, number> = {};
    const bad: string[] = [];
    for (const i of parent.items) {
      const t = (points[i.no] ?? '').trim();
      if (!/^\d+$/.test(t)) bad.push(`第${i.no}项（${i.name}）的分值应为 1—100 的整数`);
      else parsed[i.no] = Number(t);
    }
    if (bad.length) return setProblems(bad);
    try {
      const edit = { points: parsed, name: name.trim() || undefined, note: note.trim() || undefined };
      const r = mode === 'publish' ? await publishNationalRubric(actor, edit) : await deriveUnitRubric(actor, edit);
      setMessage(`已发布“${r.name}”第 ${r.version} 版。此后新建的评分表使用该版本，已开始的评分表保留原版本。`);
    } catch (err) {
      setProblems((err as Error).message.split('；'));
    }
  }

  const title = mode === 'publish' ? '修改全国评分细则（发布新版本）' : '制定本省对下级活动管理单位的考评细则';
  return (
    <form className="panel" onSubmit={submit} aria-labelledby={`rubric-edit-${mode}`} noValidate>
      <h2 id={`rubric-edit-${mode}`}>{title}</h2>
      <p className="muted">
        {mode === 'publish'
          ? `以当前第 ${parent.version} 版为基础。附件3的 5 个方面、11 项内容和第1、6项只考核省级地方团委的规定不能改变，只能调整分值；加分、减分项填写上限。`
          : `附件3第三条第2款：省级活动组委会可参照全国办法制定对下级单位的考评办法，须与全国办法的基本原则和基本内容保持一致。因此 11 项全部保留，只能调整分值；以全国第 ${parent.version} 版为基础。`}
      </p>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      <div className="assess-points">
        {[...parent.items]
          .sort((a, b) => a.no - b.no)
          .map((i) => (
            <Field key={i.no} label={`第${i.no}项 ${i.name}${i.kind === 'regular' ? '' : i.kind === 'bonus' ? '（加分上限）' : '（减分上限）'}`} inputMode="numeric" value={points[i.no] ?? ''} onChange={(e) => setPoints({ ...points, [i.no]: e.target.value })} />
          ))}
      </div>
      <Field label="名称（可不填）" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
      <TextArea label="修订说明" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      <div className="actions">
        <button type="submit" className="primary">
          {mode === 'publish' ? '发布新版本' : '发布本省考评细则'}
        </button>
      </div>
    </form>
  );
}
