import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import type { EvaluationSource } from '../../../shared/model/entities';
import { EVALUATION_SOURCES, EVALUATION_SOURCE_LABEL, evaluationProblems, MAX_EVALUATION_CONTENT } from '../../../shared/evaluations';
import { localDay } from '../../../shared/rules/complaints';
import { recordEvaluation } from '../../db/repos/evaluations';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { TextBox } from '../logs/TextBox';
import { useSession } from '../session/store';
import { collectivesQuery } from './queries';

export const RATING_LABEL: Record<number, string> = { 5: '5 分（很好）', 4: '4 分（好）', 3: '3 分（一般）', 2: '2 分（较差）', 1: '1 分（差）' };

/** 录入社会评价 (admins). */
export function EvaluationForm({ onDone }: { onDone(message: string): void }) {
  const { session, term } = useSession();
  const actor = session!.actor;
  const collectives = useLiveQuery(async () => collectivesQuery(actor), [actor]) ?? [];
  const [collectiveId, setCollectiveId] = useState('');
  const [source, setSource] = useState<EvaluationSource>('public');
  const [rating, setRating] = useState(5);
  const [date, setDate] = useState(localDay(new Date()));
  const [content, setContent] = useState('');
  const [complaint, setComplaint] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = { source, rating, content, date, complaint };
    const local = [...(collectiveId ? [] : ['请选择被评价的集体']), ...evaluationProblems(input, localDay(new Date())).map((p) => p.message)];
    if (local.length) {
      setProblems(local);
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      await recordEvaluation(actor, { ...input, collectiveId }, term);
      const name = collectives.find((c) => c.id === collectiveId)?.profile.name ?? '';
      onDone(complaint ? `已受理对“${name}”的投诉，请按流程核实办理。` : `已录入对“${name}”的社会评价。`);
      setContent('');
      setComplaint(false);
    } catch (err) {
      setProblems([(err as Error).message]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" aria-labelledby="eval-form-title" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="eval-form-title">录入社会评价</h2>
      <ErrorList problems={problems} />
      <SelectField label="被评价集体" value={collectiveId} onChange={(e) => setCollectiveId(e.target.value)}>
        <option value="">请选择…</option>
        {collectives.map((c) => (
          <option key={c.id} value={c.id}>
            {c.profile.name}（{c.code}）
          </option>
        ))}
      </SelectField>
      <SelectField label="评价来源" value={source} onChange={(e) => setSource(e.target.value as EvaluationSource)}>
        {EVALUATION_SOURCES.map((s) => (
          <option key={s} value={s}>
            {EVALUATION_SOURCE_LABEL[s]}
          </option>
        ))}
      </SelectField>
      <SelectField label="评分" value={String(rating)} onChange={(e) => setRating(Number(e.target.value))}>
        {[5, 4, 3, 2, 1].map((r) => (
          <option key={r} value={r}>
            {RATING_LABEL[r]}
          </option>
        ))}
      </SelectField>
      <Field label="评价日期" type="date" value={date} max={localDay(new Date())} onChange={(e) => setDate(e.target.value)} />
      <TextBox label="评价内容" value={content} max={MAX_EVALUATION_CONTENT} rows={3} onChange={(e) => setContent(e.target.value)} hint="投诉必须写明内容" />
      <label className="logs-check">
        <input type="checkbox" checked={complaint} onChange={(e) => setComplaint(e.target.checked)} />
        属于投诉（进入核实、整改、办结流程）
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          保存评价
        </button>
      </div>
    </form>
  );
}
