/**
 * Evidence pre-filled for the scorer from what the system's records already prove (annex 3 一.4:
 * “全国青年文明号协同办公系统的在线工作记录”). Pure: the caller gathers the facts.
 *
 * Policy:
 * - Evidence is text beside the score field, never a score: the annex judges quality, which
 *   counts cannot show. Items without facts in the records say so, so an empty line is never
 *   mistaken for "nothing was done".
 * - Item 7 compares creation collectives (创建集体, approved) with the required count
 *   (10 × 基数 unless the published row deviates, which is shown). Structure shares are of the
 *   creation collectives.
 * - Structure thresholds are open in the notice (“一定比例”, and only for provincial local
 *   committees). Defaults, shown and editable (DEFAULT_STRUCTURE_THRESHOLDS): 非公经济组织 ≥ 10 %,
 *   社会组织 ≥ 5 % — a modest floor for sectors the notice wants drawn in, the second lower because
 *   social organisations are far fewer than non-public firms; 往届全国青年文明号 has no threshold
 *   (“是否注重纳入”): count and share only. For units other than provincial committees the
 *   shares are shown without a verdict.
 */
import type { ItemScore, WorkEntry, WorkEntryType } from '../model/entities';
import { completionRate, quotaDeviationMessage } from '../reference/quota';
import { fiveOnesSummary, type FiveOnesChecklist } from './fiveOnes';
import { isApplicable, type RubricFields } from './rubric';

export interface StructureThresholds {
  /** minimum share of 往届全国青年文明号 among creation collectives; null: no threshold */
  formerNational: number | null;
  /** minimum share of 非公经济组织 collectives (provincial committees) */
  nonPublic: number | null;
  /** minimum share of 社会组织 collectives (provincial committees) */
  socialOrg: number | null;
}

export const DEFAULT_STRUCTURE_THRESHOLDS: Readonly<StructureThresholds> = Object.freeze({
  formerNational: null,
  nonPublic: 0.1,
  socialOrg: 0.05,
});

export interface QuotaFacts {
  base: number;
  required: number;
  /** collectives with a standing filing (报备集体, including the approved) */
  filed: number;
  /** 创建集体 */
  approved: number;
  source?: 'published' | 'edited';
  /** counts among the creation collectives */
  structure?: { formerNational: number; nonPublic: number; socialOrg: number };
}

export type EvidenceWorkEntry = Pick<WorkEntry, 'type' | 'title' | 'date'> & { deleted?: boolean };

export interface EvidenceFacts {
  provincialCommittee: boolean;
  quota?: QuotaFacts;
  thresholds?: Partial<StructureThresholds>;
  /** the unit's own work entries of the term */
  workEntries?: readonly EvidenceWorkEntry[];
  fiveOnes?: Pick<FiveOnesChecklist, 'metCount' | 'missing'>;
  /** creation logs of the unit's collectives: submitted, read by an admin at least once, commented */
  logs?: { submitted: number; read: number; commented: number };
  /** creation collectives whose profile shows all of 三亮 (identity, image, commitment + complaint channel) */
  sanLiang?: { collectives: number; complete: number };
  /** complaints among 社会评价: open = not yet rectified/closed, overdue = past rectifyBy and open */
  complaints?: { total: number; open: number; overdue: number; substantiated: number; rectified?: number };
}

/** Evidence lines per item number (only the items the unit is assessed on). */
export type EvidenceByItem = Record<number, string[]>;

const NO_RECORD = '系统记录中暂无本项数据，请依据情况报告和工作台账评分';

function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function entriesOf(facts: EvidenceFacts, type: WorkEntryType): EvidenceWorkEntry[] {
  return (facts.workEntries ?? [])
    .filter((e) => !e.deleted && e.type === type)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** "集中培训 2 次：2017-05-10《…》、2017-09-01《…》" — at most three titles, then 等. */
function entryLine(facts: EvidenceFacts, type: WorkEntryType, unit: string): string {
  const list = entriesOf(facts, type);
  if (list.length === 0) return `${type}：系统中无记录`;
  const shown = list.slice(0, 3).map((e) => `${e.date}《${e.title}》`).join('、');
  return `${type} ${list.length} ${unit}：${shown}${list.length > 3 ? ' 等' : ''}`;
}

function thresholdVerdict(value: number, min: number | null, provincial: boolean): string {
  if (!provincial) return '（附件3仅对省级地方团委提出比例要求）';
  if (min === null) return '';
  return value >= min ? `（参考比例 ≥ ${pct(min)}，已达到）` : `（参考比例 ≥ ${pct(min)}，未达到）`;
}

function item7(facts: EvidenceFacts): string[] {
  const q = facts.quota;
  if (!q) return [NO_RECORD];
  const lines: string[] = [];
  const rate = completionRate(q.approved, q.required);
  const gap = Math.max(0, q.required - q.approved);
  lines.push(
    `创建集体 ${q.approved} 个（已报备 ${q.filed} 个）；基数 ${q.base}，应完成网络创建数 ${q.required} 个；` +
      `完成率 ${pct(rate)}，${gap === 0 ? '已达标' : `未达标，尚差 ${gap} 个`}`,
  );
  const deviation = quotaDeviationMessage(q);
  if (deviation) lines.push(deviation);
  if (q.structure) {
    const t = { ...DEFAULT_STRUCTURE_THRESHOLDS, ...facts.thresholds };
    const s = q.structure;
    const former = share(s.formerNational, q.approved);
    lines.push(
      `其中往届全国青年文明号 ${s.formerNational} 个，占 ${pct(former)}` +
        (t.formerNational === null ? '' : thresholdVerdict(former, t.formerNational, true)),
    );
    const nonPublic = share(s.nonPublic, q.approved);
    lines.push(
      `非公经济组织 ${s.nonPublic} 个，占 ${pct(nonPublic)}${thresholdVerdict(nonPublic, t.nonPublic, facts.provincialCommittee)}`,
    );
    const social = share(s.socialOrg, q.approved);
    lines.push(
      `社会组织 ${s.socialOrg} 个，占 ${pct(social)}${thresholdVerdict(social, t.socialOrg, facts.provincialCommittee)}`,
    );
  }
  return lines;
}

export type StructureKey = 'formerNational' | 'nonPublic' | 'socialOrg';

export interface StructureShare {
  count: number;
  /** share of the creation collectives, 0 … 1 (0 when there are none) */
  share: number;
  /** the reference share applied, or null when none applies */
  threshold: number | null;
  /** reached the threshold? null: no verdict (no threshold, or not a provincial committee) */
  met: boolean | null;
}

/**
 * Structure shares with the same verdict rule as item 7's evidence, for dashboards: 往届全国青年文明号
 * is judged whenever a threshold is set; 非公经济组织 and 社会组织 only for provincial committees
 * (annex 3 item 7 asks the proportion of 各省地方团委 only).
 */
export function structureShares(
  approved: number,
  structure: { formerNational: number; nonPublic: number; socialOrg: number },
  thresholds: Partial<StructureThresholds>,
  provincialCommittee: boolean,
): Record<StructureKey, StructureShare> {
  const t = { ...DEFAULT_STRUCTURE_THRESHOLDS, ...thresholds };
  const one = (key: StructureKey, judged: boolean): StructureShare => {
    const s = share(structure[key], approved);
    const threshold = judged ? t[key] : null;
    return { count: structure[key], share: s, threshold, met: threshold === null ? null : s >= threshold };
  };
  return {
    formerNational: one('formerNational', true),
    nonPublic: one('nonPublic', provincialCommittee),
    socialOrg: one('socialOrg', provincialCommittee),
  };
}

/** Evidence lines for every item the unit is assessed on (1–11; 1 and 6 only for provincial committees). */
export function prefillEvidence(facts: EvidenceFacts): EvidenceByItem {
  const ev: EvidenceByItem = {};
  const logs = facts.logs;
  const c = facts.complaints;

  if (facts.provincialCommittee) ev[1] = [entryLine(facts, '专题会议', '次'), NO_RECORD];
  ev[2] = [entryLine(facts, '专题会议', '次')];
  if (facts.fiveOnes) ev[2].push(fiveOnesSummary(facts.fiveOnes));
  ev[2].push('资格审查、遴选推荐等工作规范请依据工作台账评分');

  ev[3] = [entryLine(facts, '集中培训', '次')];

  ev[4] = [entryLine(facts, '检查调研', '次')];
  if (logs) {
    ev[4].push(`创建日志 ${logs.submitted} 篇，管理员已阅 ${logs.read} 篇（${pct(share(logs.read, logs.submitted))}）`);
  }
  if (c) {
    ev[4].push(
      c.total === 0
        ? '社会评价中无投诉'
        : `社会评价投诉 ${c.total} 件，已整改或办结 ${c.rectified ?? c.total - c.open} 件，未办结 ${c.open} 件`,
    );
  }

  ev[5] = [entryLine(facts, '常态化联系平台', '个')];
  if (logs) {
    ev[5].push(`管理员点评创建日志 ${logs.commented} 篇（占已提交 ${pct(share(logs.commented, logs.submitted))}）`);
  }

  if (facts.provincialCommittee) ev[6] = [NO_RECORD];
  ev[7] = item7(facts);

  ev[8] = [entryLine(facts, '主题创建活动', '项')];

  ev[9] = [];
  if (facts.sanLiang) {
    const s = facts.sanLiang;
    ev[9].push(`落实“三亮”的创建集体 ${s.complete}/${s.collectives} 个（${pct(share(s.complete, s.collectives))}）`);
  }
  ev[9].push(entryLine(facts, '媒体宣传', '次'));

  const leaders = entriesOf(facts, '领导出席').length;
  const policies = entriesOf(facts, '政策文件').length;
  ev[10] =
    leaders + policies === 0
      ? ['系统中无领导出席、政策文件记录；其他加分情形请依据台账认定']
      : [
          entryLine(facts, '领导出席', '次'),
          entryLine(facts, '政策文件', '件'),
          '对应加分情形（2），是否加分及分值由评分人认定',
        ];

  if (!c) ev[11] = [NO_RECORD];
  else if (c.total === 0) ev[11] = ['社会评价中无投诉记录'];
  else {
    ev[11] = [
      `社会评价投诉 ${c.total} 件，其中经核实 ${c.substantiated} 件，未办结 ${c.open} 件，逾期未整改 ${c.overdue} 件`,
      '是否扣分及分值根据问题性质和社会影响由评分人认定',
    ];
  }
  return ev;
}

/** The text stored in ItemScore.evidence. */
export function evidenceText(lines: readonly string[]): string {
  return lines.join('；');
}

/** An empty score form with the evidence filled in, one line per applicable item. */
export function prefillItemScores(rubric: RubricFields, facts: EvidenceFacts): ItemScore[] {
  const ev = prefillEvidence(facts);
  return [...rubric.items]
    .sort((a, b) => a.no - b.no)
    .filter((i) => isApplicable(i, facts))
    .map((i) => ({ no: i.no, score: null, comment: '', evidence: evidenceText(ev[i.no] ?? [NO_RECORD]) }));
}
