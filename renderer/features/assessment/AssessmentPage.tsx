import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_ALLOCATION_K } from '../../../shared/assessment/allocation';
import { useSession } from '../session/store';
import { ErrorList } from '../../ui/Field';
import { AllocationView, ComparisonView, RankingView, UnitPicker } from './NationalViews';
import { ownUnitQuery, unitsQuery } from './queries';
import { RubricView } from './RubricView';
import { ScoreSheetForm } from './ScoreSheetForm';
import { useAssessmentView, type AssessmentTab } from './store';

const TAB_LABEL: Record<AssessmentTab, string> = {
  self: '本单位自评',
  score: '考评评分',
  compare: '多人评分对比',
  ranking: '排名',
  allocation: '名额分配测算',
  selfView: '各单位自评',
  rubric: '评分细则',
};

/** 考评 (annex 3): self-assessment of a unit; for the national office scoring, comparison, ranking and allocation. */
export function AssessmentPage() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const actor = session.actor;
  const national = actor.role === 'national';
  const tabs: AssessmentTab[] = national ? ['score', 'compare', 'ranking', 'allocation', 'selfView', 'rubric'] : ['self', 'rubric'];
  const view = useAssessmentView();
  const mine = view.chosenBy === actor.accountId;
  const update = (patch: Parameters<typeof view.set>[1]) => view.set(actor.accountId, patch);
  const tab = mine && view.tab && tabs.includes(view.tab) ? view.tab : tabs[0]!;
  const units = useLiveQuery(async () => unitsQuery(actor), [actor]);
  const ownUnit = useLiveQuery(async () => ownUnitQuery(actor), [actor]);
  const unitList = units instanceof Error || !units ? [] : units;
  const unitId = (mine && view.unitId) || unitList[0]?.id || '';

  return (
    <section aria-labelledby="assess-title">
      <h1 id="assess-title">考评</h1>
      <p className="muted">
        依据附件3《青年文明号活动管理工作考评办法》：五个方面、11 项内容。附件3未规定分值，系统采用文档化的默认评分细则，每张评分表注明所用版本。
      </p>
      <div role="tablist" aria-label="考评功能" className="assess-tabs">
        {tabs.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={t === tab} onClick={() => update({ tab: t })}>
            {TAB_LABEL[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={TAB_LABEL[tab]} className="assess-panel">
        {units instanceof Error && <ErrorList problems={[units.message]} />}
        {tab === 'self' && <ScoreSheetForm actor={actor} unitId={actor.unitId} term={term} kind="self" />}
        {(tab === 'score' || tab === 'compare' || tab === 'selfView') && unitList.length > 0 && (
          <>
            <UnitPicker units={unitList} value={unitId} onChange={(id) => update({ unitId: id })} />
            {tab === 'score' && <ScoreSheetForm key={unitId} actor={actor} unitId={unitId} term={term} kind="national" />}
            {tab === 'selfView' && <ScoreSheetForm key={unitId} actor={actor} unitId={unitId} term={term} kind="self" />}
            {tab === 'compare' && <ComparisonView actor={actor} unitId={unitId} term={term} />}
          </>
        )}
        {tab === 'ranking' && <RankingView actor={actor} term={term} basis={mine ? view.basis : 'national'} onBasis={(basis) => update({ basis })} />}
        {tab === 'allocation' && (
          <AllocationView actor={actor} term={term} kText={mine ? view.kText : String(DEFAULT_ALLOCATION_K)} onK={(kText) => update({ kText })} />
        )}
        {tab === 'rubric' && <RubricView actor={actor} ownUnit={ownUnit instanceof Error ? null : (ownUnit ?? null)} />}
      </div>
    </section>
  );
}
