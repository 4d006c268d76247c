/**
 * Assessment of management units (考评, annex 3): rubrics, score sheets, several scorers, ranking
 * and the allocation worksheet. The rules are in shared/assessment/* (docs/assessment.md); this
 * repo stores, scopes and gathers the facts.
 *
 * Policy:
 * - Rubrics live in `rubrics`. The default national rubric (DEFAULT_RUBRIC) is seeded lazily with
 *   its deterministic id `rubric-national-v1` by the first write that needs it; reads show it
 *   without writing (live queries must not write). The national office edits the rubric by
 *   publishing a new version; old versions stay, and every sheet keeps the version it started
 *   with. A provincial-level local committee's level-1 administrator may derive its own rubric for
 *   its subunits (annex 3 三.2): all 11 items kept, only points change. A unit's sheet uses the
 *   newest rubric derived by the nearest unit above it, else the newest national rubric.
 * - Sheets (`assessments`): one self-assessment per unit and term, written by that unit's own
 *   administrators; one national assessment per national-office scorer, unit and term, for the
 *   published top-level units (a quota sub-row such as 快递 is assessed with its parent line).
 *   Ids are deterministic (`assessment-self-<unit>-<term>`, `assessment-national-<unit>-<term>-
 *   <scorer>`) so sheets from two laptops of one unit meet as one record when packages merge.
 * - All national scorers of a unit and term use one rubric version: a later scorer starts from the
 *   version the first used, so their sheets can be compared item by item.
 * - Drafts may be incomplete; out-of-range scores are refused. Submitting needs every applicable
 *   regular item scored, and a submitted sheet can no longer be changed.
 * - Evidence is pre-filled from the records (shared/assessment/evidence.ts): quota and structure
 *   (item 7), work entries and 五个一, creation logs read/commented and complaints (items 4, 5, 11;
 *   from supervision.ts through an injectable `SupervisionSource`), 三亮 (item 9).
 * - Ranking and allocation use submitted national sheets only: the mean total of a unit's scorers.
 */
import type { Assessment, Collective, ItemScore, Rubric, Unit } from '../../../shared/model/entities';
import { allocateBases, type AllocationInputRow, type AllocationResult } from '../../../shared/assessment/allocation';
import { prefillEvidence, evidenceText, type EvidenceFacts } from '../../../shared/assessment/evidence';
import { fiveOnesChecklist } from '../../../shared/assessment/fiveOnes';
import { compareScorers, type MultiScorerResult } from '../../../shared/assessment/multiScorer';
import {
  DEFAULT_RUBRIC,
  DEFAULT_RUBRIC_ID,
  deriveRubric,
  isApplicable,
  round1,
  scoreSheet,
  validateScores,
  type RubricChange,
  type RubricFields,
  type ScoreSheet,
} from '../../../shared/assessment/rubric';
import { countsAsApproved } from '../../../shared/rules/status';
import { OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import { writeTx, type Actor, type Writer } from '../write';
import { unitBoard } from './quotaBoard';
import { supervisionFacts } from './supervision';
import { entriesOfUnit, unitForRead } from './workEntries';

export class AssessmentError extends Error {}

export type SheetKind = Assessment['kind'];
export const KIND_LABEL: Record<SheetKind, string> = { self: '自评', national: '考评' };

const COMMENT_MAX = 1000;
const EVIDENCE_MAX = 3000;

// ---------------------------------------------------------------------------------------------
// Supervision facts (items 4, 5, 11)

export interface SupervisionFacts {
  logs: NonNullable<EvidenceFacts['logs']>;
  complaints: NonNullable<EvidenceFacts['complaints']>;
}

/**
 * Where the assessment gets creation-log and complaint figures of a subtree and term. The default
 * is supervision.ts `supervisionFacts` (issue 5), so the counts are computed in one place; tests
 * and callers may inject another source.
 */
export type SupervisionSource = (unitPath: string, term: string, today: string) => Promise<SupervisionFacts>;

export const defaultSupervision: SupervisionSource = (unitPath, term, today) => supervisionFacts(unitPath, term, today);

function today(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function sanLiangComplete(c: Collective): boolean {
  const p = c.profile;
  return p.identityShown && p.imageShown && p.publicCommitment.trim() !== '' && p.complaintChannel.trim() !== '';
}

/** Everything the records prove about a unit in a term, for evidence and the report template. */
export async function assessmentFacts(
  actor: Actor,
  unitId: string,
  term: string,
  supervision: SupervisionSource = defaultSupervision,
): Promise<{ unit: Unit; facts: EvidenceFacts }> {
  const unit = await unitForRead(actor, unitId);
  const board = await unitBoard(actor, unitId, term);
  const own = board.unit;
  const entries = await entriesOfUnit(unitId, term);
  const approved = (await db().collectives.where('unitPath').startsWith(unit.path).toArray()).filter(
    (c) => !c.deleted && c.term === term && countsAsApproved(c.status),
  );
  const sup = await supervision(unit.path, term, today());
  const facts: EvidenceFacts = {
    provincialCommittee: unit.provincialCommittee,
    quota:
      own.base === null || own.required === null
        ? undefined
        : {
            base: own.base,
            required: own.required,
            filed: own.filed,
            approved: own.approved,
            source: own.quotaSource ?? 'published',
            structure: {
              formerNational: own.structure.formerNational.count,
              nonPublic: own.structure.nonPublic.count,
              socialOrg: own.structure.socialOrg.count,
            },
          },
    thresholds: board.thresholds,
    workEntries: entries,
    fiveOnes: fiveOnesChecklist(entries, unitId, term),
    logs: sup.logs,
    sanLiang: { collectives: approved.length, complete: approved.filter(sanLiangComplete).length },
    complaints: sup.complaints,
  };
  return { unit, facts };
}

// ---------------------------------------------------------------------------------------------
// Rubrics

/** The default rubric as a record, before (or without) it being stored. */
function defaultRubricRecord(): Rubric {
  return {
    ...DEFAULT_RUBRIC,
    items: DEFAULT_RUBRIC.items.map((i) => ({ ...i })),
    id: DEFAULT_RUBRIC_ID,
    createdAt: '',
    updatedAt: '',
    rev: '',
  };
}

async function storedRubrics(): Promise<Rubric[]> {
  return (await db().rubrics.toArray()).filter((r) => !r.deleted);
}

/** National rubric versions, oldest first; the default is included even before it is stored. */
export async function nationalRubrics(): Promise<Rubric[]> {
  const national = (await storedRubrics()).filter((r) => r.ownerUnitId === null);
  if (!national.some((r) => r.id === DEFAULT_RUBRIC_ID)) national.push(defaultRubricRecord());
  return national.sort((a, b) => a.version - b.version);
}

export async function currentNationalRubric(): Promise<Rubric> {
  const all = await nationalRubrics();
  return all[all.length - 1]!;
}

export async function rubricById(id: string): Promise<Rubric | undefined> {
  const r = await db().rubrics.get(id);
  if (r && !r.deleted) return r;
  return id === DEFAULT_RUBRIC_ID ? defaultRubricRecord() : undefined;
}

/** Rubrics a unit derived for its subunits, oldest first. */
export async function unitRubrics(ownerUnitId: string): Promise<Rubric[]> {
  return (await storedRubrics()).filter((r) => r.ownerUnitId === ownerUnitId).sort((a, b) => a.version - b.version);
}

/** The rubric a new sheet of `unit` starts from: the nearest unit above that derived one, else national. */
export async function rubricForUnit(unit: Unit): Promise<Rubric> {
  const ancestors = unit.path.split('/').filter(Boolean).slice(0, -1).reverse();
  const derived = (await storedRubrics()).filter((r) => r.ownerUnitId !== null);
  for (const id of ancestors) {
    const own = derived.filter((r) => r.ownerUnitId === id).sort((a, b) => b.version - a.version);
    if (own[0]) return own[0];
  }
  return currentNationalRubric();
}

/** Rubrics shown to the actor: the national versions and those derived by its unit or the units above it. */
export async function visibleRubrics(actor: Actor): Promise<Rubric[]> {
  const national = await nationalRubrics();
  const derived = (await storedRubrics()).filter((r) => r.ownerUnitId !== null);
  const ancestors = new Set(actor.unitPath.split('/').filter(Boolean));
  const mine = actor.role === 'national' ? derived : derived.filter((r) => ancestors.has(r.ownerUnitId!));
  return [...national, ...mine.sort((a, b) => a.version - b.version)];
}

async function seedDefaultRubric(w: Writer): Promise<void> {
  const d = db();
  if (await d.rubrics.get(DEFAULT_RUBRIC_ID)) return;
  await d.rubrics.add(w.create<Rubric>({ ...defaultRubricRecord(), id: DEFAULT_RUBRIC_ID }));
  w.audit({
    action: 'rubric.seed',
    entity: 'rubric',
    entityId: DEFAULT_RUBRIC_ID,
    summary: `启用默认评分细则“${DEFAULT_RUBRIC.name}”第${DEFAULT_RUBRIC.version}版`,
  });
}

export interface RubricEdit {
  /** points (cap for items 10 and 11) by item number; items left out keep the parent's points */
  points: Record<number, number>;
  name?: string;
  note?: string;
}

function changesFrom(parent: Rubric, points: Record<number, number>): RubricChange[] {
  return Object.entries(points)
    .map(([no, max]) => ({ no: Number(no), max }))
    .filter((c) => parent.items.find((i) => i.no === c.no)?.max !== c.max);
}

function derive(parent: Rubric, edit: RubricEdit, ownerUnitId: string | null, existing: Rubric[]): ReturnType<typeof deriveRubric> {
  try {
    return deriveRubric(parent, {
      ownerUnitId,
      changes: changesFrom(parent, edit.points),
      name: edit.name,
      note: edit.note,
      existingVersions: existing.map((r) => r.version),
      parentRubricId: parent.id,
    });
  } catch (e) {
    throw new AssessmentError((e as Error).message);
  }
}

/** The national office publishes a new version of the national rubric; earlier versions stay. */
export async function publishNationalRubric(actor: Actor, edit: RubricEdit): Promise<Rubric> {
  if (actor.role !== 'national') throw new ScopeError('只有全国组委会办公室可以修改全国评分细则');
  const national = await nationalRubrics();
  const parent = national[national.length - 1]!;
  if (changesFrom(parent, edit.points).length === 0 && !(edit.name?.trim() && edit.name.trim() !== parent.name)) {
    throw new AssessmentError('评分细则没有改动，无需发布新版本');
  }
  // A new version is no longer the shipped default: drop that word unless a name is given.
  const fields = derive(parent, { ...edit, name: edit.name?.trim() || parent.name.replace(/（默认）$/, '') }, null, national);
  const d = db();
  return writeTx(actor, [d.rubrics], async (w) => {
    await seedDefaultRubric(w);
    const taken = (await d.rubrics.toArray()).some((r) => !r.deleted && r.ownerUnitId === null && r.version === fields.version);
    if (taken) throw new AssessmentError(`全国评分细则第${fields.version}版已存在，请刷新后重试`);
    const rubric = w.create<Rubric>({ ...fields, id: `rubric-national-v${fields.version}` });
    await d.rubrics.add(rubric);
    w.audit({
      action: 'rubric.publish',
      entity: 'rubric',
      entityId: rubric.id,
      summary: `发布全国评分细则第${rubric.version}版（依据第${parent.version}版）：${rubricPointsSummary(rubric)}`,
    });
    return rubric;
  });
}

/** A provincial committee's level-1 administrator derives the rubric for its subunits (annex 3 三.2). */
export async function deriveUnitRubric(actor: Actor, edit: RubricEdit): Promise<Rubric> {
  if (actor.role !== 'admin1') throw new ScopeError('只有省级团委的一级管理员可以制定对下级单位的考评细则');
  const unit = await unitForRead(actor, actor.unitId);
  if (!unit.provincialCommittee) {
    throw new ScopeError('按附件3第三条第2款，只有省级活动组委会（省级团委）可以制定对下级活动管理单位的考评办法');
  }
  const parent = await currentNationalRubric();
  const existing = await unitRubrics(unit.id);
  const fields = derive(parent, { ...edit, name: edit.name?.trim() || `${unit.name}对下级活动管理单位考评评分细则` }, unit.id, existing);
  const d = db();
  return writeTx(actor, [d.rubrics], async (w) => {
    await seedDefaultRubric(w);
    const rubric = w.create<Rubric>({ ...fields, id: `rubric-${unit.id}-v${fields.version}` });
    if (await d.rubrics.get(rubric.id)) throw new AssessmentError(`本单位评分细则第${fields.version}版已存在，请刷新后重试`);
    await d.rubrics.add(rubric);
    w.audit({
      action: 'rubric.derive',
      entity: 'rubric',
      entityId: rubric.id,
      summary: `${unit.name}制定对下级单位的评分细则第${rubric.version}版（依据全国第${parent.version}版）：${rubricPointsSummary(rubric)}`,
    });
    return rubric;
  });
}

export function rubricPointsSummary(r: Pick<Rubric, 'items'>): string {
  return [...r.items]
    .sort((a, b) => a.no - b.no)
    .map((i) => `${i.no}.${i.name}${i.kind === 'deduction' ? '−' : i.kind === 'bonus' ? '+' : ''}${i.max}`)
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// Score sheets

export const sheetIdOf = (kind: SheetKind, unitId: string, term: string, scorerId: string): string =>
  kind === 'self' ? `assessment-self-${unitId}-${term}` : `assessment-national-${unitId}-${term}-${scorerId}`;

function isOwnUnitAdmin(actor: Actor, unitId: string): boolean {
  return (actor.role === 'admin1' || actor.role === 'admin2' || actor.role === 'admin3') && actor.unitId === unitId;
}

/** Why the actor may not write this sheet, or null. */
function writeRefusal(actor: Actor, unit: Unit, kind: SheetKind): string | null {
  if (kind === 'self') return isOwnUnitAdmin(actor, unit.id) ? null : '自评由本单位的管理员填写';
  if (actor.role !== 'national') return '考评评分只能由全国组委会办公室填写';
  if (unit.quotaSubRow) return '分项名额单位（如快递、物储、个私协）随所属行业一并考评';
  if (unit.channel === 'national' || unit.depth !== 1) return '全国考评的对象是各行业、各地方活动管理单位';
  return null;
}

async function sheetsOf(unitId: string, term: string): Promise<Assessment[]> {
  return (await db().assessments.where('[unitId+term]').equals([unitId, term]).toArray()).filter((a) => !a.deleted);
}

/** The rubric a new sheet starts from (see policy: national scorers share one version). */
async function rubricForNewSheet(unit: Unit, term: string, kind: SheetKind): Promise<Rubric> {
  if (kind === 'national') {
    const first = (await sheetsOf(unit.id, term))
      .filter((a) => a.kind === 'national')
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))[0];
    const r = first ? await rubricById(first.rubricId) : undefined;
    if (r) return r;
    return currentNationalRubric();
  }
  return rubricForUnit(unit);
}

export interface SheetView {
  unit: Unit;
  kind: SheetKind;
  assessment: Assessment | null;
  rubric: Rubric;
  /** stored scores, or an empty form with evidence pre-filled */
  scores: ItemScore[];
  /** evidence from the records now, per item (for refreshing a stored sheet) */
  freshEvidence: Record<number, string>;
  sheet: ScoreSheet;
  editable: boolean;
  /** why not editable */
  lockedReason: string | null;
}

export async function openSheet(
  actor: Actor,
  unitId: string,
  term: string,
  kind: SheetKind,
  supervision: SupervisionSource = defaultSupervision,
): Promise<SheetView> {
  if (kind === 'national' && actor.role !== 'national') throw new ScopeError('考评评分表只对全国组委会办公室开放');
  const { unit, facts } = await assessmentFacts(actor, unitId, term, supervision);
  const stored = await db().assessments.get(sheetIdOf(kind, unitId, term, actor.accountId));
  const assessment = stored && !stored.deleted ? stored : null;
  const rubric = (assessment && (await rubricById(assessment.rubricId))) || (await rubricForNewSheet(unit, term, kind));
  const evidence = prefillEvidence(facts);
  const freshEvidence: Record<number, string> = {};
  for (const item of rubric.items) {
    if (isApplicable(item, unit)) freshEvidence[item.no] = evidenceText(evidence[item.no] ?? ['系统记录中暂无本项数据']);
  }
  const scores: ItemScore[] = assessment
    ? assessment.scores
    : [...rubric.items]
        .sort((a, b) => a.no - b.no)
        .filter((i) => isApplicable(i, unit))
        .map((i) => ({ no: i.no, score: null, comment: '', evidence: freshEvidence[i.no] ?? '' }));
  const refusal = writeRefusal(actor, unit, kind);
  const lockedReason = refusal ?? (assessment?.submittedAt ? `已于 ${assessment.submittedAt.slice(0, 10)} 提交，不能再修改` : null);
  return { unit, kind, assessment, rubric, scores, freshEvidence, sheet: scoreSheet(rubric, unit, scores), editable: lockedReason === null, lockedReason };
}

export interface SaveSheetInput {
  unitId: string;
  term: string;
  kind: SheetKind;
  scores: readonly ItemScore[];
  submit?: boolean;
}

export async function saveAssessment(actor: Actor, input: SaveSheetInput): Promise<{ assessment: Assessment; sheet: ScoreSheet }> {
  const unit = await unitForRead(actor, input.unitId);
  const refusal = writeRefusal(actor, unit, input.kind);
  if (refusal) throw new ScopeError(refusal);
  const id = sheetIdOf(input.kind, unit.id, input.term, actor.accountId);
  const existing = await db().assessments.get(id);
  if (existing?.submittedAt && !existing.deleted) throw new AssessmentError('该评分表已提交，不能再修改');
  const rubric =
    (existing && !existing.deleted && (await rubricById(existing.rubricId))) || (await rubricForNewSheet(unit, input.term, input.kind));

  const problems: string[] = [];
  const byNo = new Map(input.scores.map((s) => [s.no, s]));
  const scores: ItemScore[] = [...rubric.items]
    .sort((a, b) => a.no - b.no)
    .filter((i) => isApplicable(i, unit))
    .map((item) => {
      const s = byNo.get(item.no);
      const comment = (s?.comment ?? '').trim();
      const evidence = (s?.evidence ?? '').trim();
      if ([...comment].length > COMMENT_MAX) problems.push(`第${item.no}项（${item.name}）的评语不能超过 ${COMMENT_MAX} 字`);
      if ([...evidence].length > EVIDENCE_MAX) problems.push(`第${item.no}项（${item.name}）的佐证不能超过 ${EVIDENCE_MAX} 字`);
      return { no: item.no, score: s?.score ?? null, comment, evidence };
    });
  problems.push(...validateScores(rubric, scores).map((i) => i.message));
  if (problems.length) throw new AssessmentError(problems.join('；'));
  const sheet = scoreSheet(rubric, unit, scores);
  if (input.submit && sheet.missingItems.length) {
    const names = sheet.missingItems.map((no) => `第${no}项（${rubric.items.find((i) => i.no === no)!.name}）`);
    throw new AssessmentError(`以下项目尚未评分，不能提交：${names.join('、')}`);
  }

  const d = db();
  return writeTx(actor, [d.assessments, d.rubrics], async (w) => {
    if (rubric.id === DEFAULT_RUBRIC_ID) await seedDefaultRubric(w);
    const fresh = await d.assessments.get(id);
    if (fresh?.submittedAt && !fresh.deleted) throw new AssessmentError('该评分表已提交，不能再修改');
    const fields = {
      unitId: unit.id,
      term: input.term,
      kind: input.kind,
      scorerId: actor.accountId,
      rubricId: rubric.id,
      rubricVersion: rubric.version,
      scores,
      submittedAt: input.submit ? w.now : null,
    };
    const assessment = fresh ? w.touch({ ...fresh, deleted: false }, fields) : w.create<Assessment>({ ...fields, id });
    await d.assessments.put(assessment);
    w.audit({
      action: input.submit ? 'assessment.submit' : 'assessment.save',
      entity: 'assessment',
      entityId: id,
      summary: `${input.submit ? '提交' : '保存'}${unit.name}${KIND_LABEL[input.kind]}表（评分细则第${rubric.version}版）：总分 ${sheet.total}${sheet.missingItems.length ? `，尚有 ${sheet.missingItems.length} 项未评分` : ''}`,
    });
    return { assessment, sheet };
  });
}

// ---------------------------------------------------------------------------------------------
// Several scorers, ranking, allocation (national office)

function assertNational(actor: Actor): void {
  if (actor.role !== 'national' && actor.role !== 'system') throw new ScopeError('考评结果只对全国组委会办公室开放');
}

export interface ScorerComparison {
  unit: Unit;
  rubric: Rubric | null;
  result: MultiScorerResult | null;
  scorers: { scorerId: string; name: string; submitted: boolean }[];
  /** sheets left out because they used another rubric version */
  otherVersions: { scorerId: string; name: string; version: number }[];
}

async function accountName(id: string): Promise<string> {
  const a = await db().accounts.get(id);
  return a ? `${a.displayName}（${a.code}）` : id;
}

/** Every national scorer's sheet of a unit side by side: item scores, means, spreads and flags. */
export async function compareNationalScorers(actor: Actor, unitId: string, term: string): Promise<ScorerComparison> {
  assertNational(actor);
  const unit = await unitForRead(actor, unitId);
  const sheets = (await sheetsOf(unitId, term)).filter((a) => a.kind === 'national').sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  if (sheets.length === 0) return { unit, rubric: null, result: null, scorers: [], otherVersions: [] };
  const rubric = (await rubricById(sheets[0]!.rubricId)) ?? null;
  if (!rubric) throw new AssessmentError(`评分表使用的评分细则（${sheets[0]!.rubricId}）不在本机`);
  const same = sheets.filter((s) => s.rubricId === rubric.id);
  const other = sheets.filter((s) => s.rubricId !== rubric.id);
  return {
    unit,
    rubric,
    result: compareScorers(rubric, unit, same.map((s) => ({ scorerId: s.scorerId, scores: s.scores }))),
    scorers: await Promise.all(same.map(async (s) => ({ scorerId: s.scorerId, name: await accountName(s.scorerId), submitted: !!s.submittedAt }))),
    otherVersions: await Promise.all(other.map(async (s) => ({ scorerId: s.scorerId, name: await accountName(s.scorerId), version: s.rubricVersion }))),
  };
}

export interface RankingRow {
  unit: Unit;
  /** total of the submitted self-assessment */
  selfTotal: number | null;
  selfRubricVersion: number | null;
  /** mean total of the submitted national sheets */
  nationalMean: number | null;
  scorers: number;
  /** competition rank (1, 2, 2, 4 …) by the chosen basis; null when not scored */
  rank: number | null;
}

export type RankingBasis = 'national' | 'self';

async function sheetTotal(a: Assessment, unit: Unit, cache: Map<string, Rubric | undefined>): Promise<number | null> {
  if (!cache.has(a.rubricId)) cache.set(a.rubricId, await rubricById(a.rubricId));
  const r = cache.get(a.rubricId);
  return r ? scoreSheet(r, unit, a.scores).total : null;
}

/** Units assessed by the national office (the published top-level rows, sub-rows excluded), ranked by total. */
export async function ranking(actor: Actor, term: string, basis: RankingBasis = 'national'): Promise<RankingRow[]> {
  assertNational(actor);
  const d = db();
  const units = (await d.units.toArray())
    .filter((u) => !u.deleted && u.depth === 1 && u.channel !== 'national' && !u.quotaSubRow)
    .sort((a, b) => a.sortOrder - b.sortOrder);
  const submitted = (await d.assessments.where('kind').anyOf(['self', 'national']).toArray()).filter(
    (a) => !a.deleted && a.term === term && a.submittedAt,
  );
  const cache = new Map<string, Rubric | undefined>();
  const rows: RankingRow[] = [];
  for (const unit of units) {
    const mine = submitted.filter((a) => a.unitId === unit.id);
    const self = mine.find((a) => a.kind === 'self');
    const national: number[] = [];
    for (const a of mine.filter((x) => x.kind === 'national')) {
      const t = await sheetTotal(a, unit, cache);
      if (t !== null) national.push(t);
    }
    rows.push({
      unit,
      selfTotal: self ? await sheetTotal(self, unit, cache) : null,
      selfRubricVersion: self?.rubricVersion ?? null,
      nationalMean: national.length ? round1(national.reduce((s, x) => s + x, 0) / national.length) : null,
      scorers: national.length,
      rank: null,
    });
  }
  const score = (r: RankingRow) => (basis === 'national' ? r.nationalMean : r.selfTotal);
  const scored = rows.filter((r) => score(r) !== null).sort((a, b) => score(b)! - score(a)! || a.unit.sortOrder - b.unit.sortOrder);
  scored.forEach((r, i) => {
    const prev = scored[i - 1];
    r.rank = prev && score(prev) === score(r) ? prev.rank : i + 1;
  });
  return [...scored, ...rows.filter((r) => score(r) === null)];
}

export interface AllocationWorksheet extends AllocationResult {
  /** this term's published numbers per unit code, so the sheet can show 公安-style deviations and sub-rows */
  published: Record<string, { required: number; deviates: boolean; subRow: boolean }>;
}

/** Next term's bases weighed by the national assessment (shared/assessment/allocation.ts); each channel's total kept. */
export async function allocationWorksheet(actor: Actor, term: string, k?: number): Promise<AllocationWorksheet> {
  assertNational(actor);
  const d = db();
  const [units, quotas, ranks] = await Promise.all([d.units.toArray(), d.quotas.where('term').equals(term).toArray(), ranking(actor, term, 'national')]);
  const byId = new Map(units.map((u) => [u.id, u]));
  const mean = new Map(ranks.map((r) => [r.unit.id, r.nationalMean]));
  const rows: AllocationInputRow[] = quotas
    .filter((q) => !q.deleted && byId.get(q.unitId) && !byId.get(q.unitId)!.deleted)
    .map((q) => ({ q, u: byId.get(q.unitId)! }))
    .filter(({ u }) => u.channel !== 'national')
    .sort((a, b) => a.u.sortOrder - b.u.sortOrder)
    .map(({ q, u }) => ({
      code: u.code,
      name: u.name,
      channel: u.channel,
      base: q.base,
      score: mean.get(u.id) ?? null,
      parentCode: u.quotaSubRow && u.parentId ? (byId.get(u.parentId)?.code ?? null) : null,
    }));
  if (rows.length === 0) throw new AssessmentError('该届次没有名额数据');
  const published: AllocationWorksheet['published'] = {};
  for (const q of quotas) {
    const u = byId.get(q.unitId);
    if (u && !q.deleted) published[u.code] = { required: q.required, deviates: q.deviatesFromRule, subRow: u.quotaSubRow };
  }
  try {
    return { ...allocateBases(rows, { k }), published };
  } catch (e) {
    throw new AssessmentError((e as Error).message);
  }
}

/** Units whose sheets the actor may open: its own unit (self) or, for the national office, every assessed unit. */
export async function assessableUnits(actor: Actor): Promise<Unit[]> {
  if (actor.role === 'national') {
    return (await db().units.toArray())
      .filter((u) => !u.deleted && u.depth === 1 && u.channel !== 'national' && !u.quotaSubRow)
      .sort((a, b) => a.sortOrder - b.sortOrder);
  }
  if (actor.role === 'collective') throw new ScopeError(OUT_OF_SCOPE);
  return [await unitForRead(actor, actor.unitId)];
}
