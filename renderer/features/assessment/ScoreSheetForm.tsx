import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import type { ItemScore, RubricItem } from '../../../shared/model/entities';
import { areaHeading, RUBRIC_ITEM_GUIDE, scoreSheet, BONUS_KINDS, DEDUCTION_KINDS } from '../../../shared/assessment/rubric';
import { saveAssessment, KIND_LABEL, type SheetKind, type SheetView } from '../../db/repos/assessment';
import type { Actor } from '../../db/write';
import { ErrorList } from '../../ui/Field';
import { TextArea } from '../work/TextArea';
import { sheetQuery } from './queries';

interface DraftItem {
  score: string;
  comment: string;
  evidence: string;
}

const toDraft = (scores: ItemScore[]): Record<number, DraftItem> =>
  Object.fromEntries(scores.map((s) => [s.no, { score: s.score === null ? '' : String(s.score), comment: s.comment, evidence: s.evidence }]));

/** '' → not scored; full-width digits and minus signs are accepted; anything else → NaN (reported by the rules). */
function parseScore(text: string): number | null {
  const t = text
    .trim()
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[－−]/g, '-');
  if (t === '') return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

function range(item: RubricItem): string {
  if (item.kind === 'bonus') return `0—${item.max}`;
  if (item.kind === 'deduction') return `-${item.max}—0`;
  return `0—${item.max}`;
}

function scoreLabel(item: RubricItem): string {
  if (item.kind === 'bonus') return `第${item.no}项加分（${range(item)}）`;
  if (item.kind === 'deduction') return `第${item.no}项减分（${range(item)}，填负数）`;
  return `第${item.no}项得分（${range(item)}）`;
}

/** One score sheet (自评 or 考评): per item score, comment and evidence pre-filled from the records. */
export function ScoreSheetForm({ actor, unitId, term, kind }: { actor: Actor; unitId: string; term: string; kind: SheetKind }) {
  const view = useLiveQuery(async () => sheetQuery(actor, unitId, term, kind), [actor, unitId, term, kind]);
  if (view === undefined) return <p className="muted">正在读取…</p>;
  if (view instanceof Error) return <ErrorList problems={[view.message]} />;
  return <SheetEditor key={view.rubric.id} actor={actor} view={view} term={term} kind={kind} />;
}

function SheetEditor({ actor, view, term, kind }: { actor: Actor; view: SheetView; term: string; kind: SheetKind }) {
  const [draft, setDraft] = useState<Record<number, DraftItem>>(() => toDraft(view.scores));
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idBase = useId();
  const { rubric, unit } = view;
  const items = [...rubric.items].sort((a, b) => a.no - b.no).filter((i) => !i.provincialOnly || unit.provincialCommittee);
  const scores: ItemScore[] = items.map((i) => ({
    no: i.no,
    score: parseScore(draft[i.no]?.score ?? ''),
    comment: draft[i.no]?.comment ?? '',
    evidence: draft[i.no]?.evidence ?? '',
  }));
  const sheet = scoreSheet(rubric, unit, scores);
  const readOnly = !view.editable;
  const label = KIND_LABEL[kind];

  const set = (no: number, patch: Partial<DraftItem>) => setDraft((d) => ({ ...d, [no]: { ...(d[no] ?? { score: '', comment: '', evidence: '' }), ...patch } }));

  async function save(submit: boolean) {
    setBusy(true);
    setProblems([]);
    setMessage(null);
    try {
      const r = await saveAssessment(actor, { unitId: unit.id, term, kind, scores, submit });
      setMessage(submit ? `${label}表已提交，总分 ${r.sheet.total}` : `${label}表已保存（草稿），当前总分 ${r.sheet.total}`);
    } catch (err) {
      setProblems((err as Error).message.split('；'));
    } finally {
      setBusy(false);
    }
  }

  function refreshEvidence() {
    setDraft((d) => {
      const next = { ...d };
      for (const i of items) next[i.no] = { ...(next[i.no] ?? { score: '', comment: '', evidence: '' }), evidence: view.freshEvidence[i.no] ?? '' };
      return next;
    });
    setMessage('已按系统当前记录更新各项佐证（保存后生效）');
  }

  let lastArea = '';
  return (
    <form className="assess-sheet" onSubmit={(e) => e.preventDefault()} aria-label={`${unit.name}${label}表`} noValidate>
      <div className="assess-rubric-line" aria-label="使用的评分细则">
        评分细则：{rubric.name} · <strong>第 {rubric.version} 版</strong>
        {unit.provincialCommittee ? '（省级地方团委：考核全部 11 项）' : '（不考核第1项和第6项，常规项按规则折算）'}
        <div className="muted">{rubric.normalisation}</div>
      </div>
      {view.lockedReason && (
        <p className="alert alert-warn" role="note">
          {view.lockedReason}
        </p>
      )}
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      {items.map((item) => {
        const heading = item.area !== lastArea ? areaHeading(item.area) : null;
        lastArea = item.area;
        const issue = sheet.errors.find((e) => e.no === item.no);
        const d = draft[item.no] ?? { score: '', comment: '', evidence: '' };
        return (
          <div key={item.no}>
            {heading && <h3 className="assess-area">{heading}</h3>}
            <fieldset className="assess-item">
              <legend>
                {item.no}. {item.name}（{item.kind === 'regular' ? `${item.max} 分` : item.kind === 'bonus' ? `最多加 ${item.max} 分` : `最多减 ${item.max} 分`}）
              </legend>
              <p className="muted assess-guide">考察：{RUBRIC_ITEM_GUIDE[item.no]}</p>
              {item.kind === 'bonus' && (
                <ol className="muted assess-kinds">
                  {BONUS_KINDS.map((k) => (
                    <li key={k}>{k}</li>
                  ))}
                </ol>
              )}
              {item.kind === 'deduction' && (
                <ol className="muted assess-kinds">
                  {DEDUCTION_KINDS.map((k) => (
                    <li key={k}>{k}</li>
                  ))}
                </ol>
              )}
              <div className="assess-item-grid">
                <TextArea label={`第${item.no}项佐证（系统记录预填，可补充）`} rows={3} value={d.evidence} readOnly={readOnly} maxLength={3000} onChange={(e) => set(item.no, { evidence: e.target.value })} />
                <div className="assess-score">
                  <div className="field">
                    <label htmlFor={`${idBase}-score-${item.no}`}>{scoreLabel(item)}</label>
                    <input
                      id={`${idBase}-score-${item.no}`}
                      inputMode="decimal"
                      value={d.score}
                      readOnly={readOnly}
                      aria-invalid={issue ? true : undefined}
                      aria-describedby={issue ? `${idBase}-score-${item.no}-err` : undefined}
                      onChange={(e) => set(item.no, { score: e.target.value })}
                    />
                    {issue && (
                      <div id={`${idBase}-score-${item.no}-err`} className="field-error">
                        {issue.message}
                      </div>
                    )}
                  </div>
                  <TextArea label={`第${item.no}项评语`} rows={2} value={d.comment} readOnly={readOnly} maxLength={1000} onChange={(e) => set(item.no, { comment: e.target.value })} />
                </div>
              </div>
            </fieldset>
          </div>
        );
      })}
      <dl className="assess-total" aria-label="得分汇总">
        <div>
          <dt>常规项实得</dt>
          <dd>
            {sheet.rawRegular} / {sheet.maxRegular}
          </dd>
        </div>
        <div>
          <dt>折算后（满分 {sheet.fullRegular}）</dt>
          <dd>{sheet.normalisedRegular}</dd>
        </div>
        <div>
          <dt>加分</dt>
          <dd>{sheet.bonus}</dd>
        </div>
        <div>
          <dt>减分</dt>
          <dd>{sheet.deduction}</dd>
        </div>
        <div>
          <dt>总分</dt>
          <dd>{sheet.total}</dd>
        </div>
      </dl>
      {sheet.missingItems.length > 0 && <p className="muted">尚未评分：第 {sheet.missingItems.join('、')} 项（提交前须全部评分）</p>}
      {!readOnly && (
        <div className="actions">
          <button type="button" onClick={refreshEvidence} disabled={busy}>
            用系统记录更新佐证
          </button>
          <button type="button" onClick={() => void save(false)} disabled={busy}>
            保存草稿
          </button>
          <button type="button" className="primary" onClick={() => void save(true)} disabled={busy}>
            提交{label}表
          </button>
        </div>
      )}
    </form>
  );
}
