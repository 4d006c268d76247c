/**
 * The 五个一 checklist (part 二.3 of the notice): in each term every provincial-and-above
 * management unit organises at least one special meeting, one concentrated training, one
 * inspection or survey with coverage, one themed creation activity, and keeps one regular
 * contact platform.
 *
 * Policy: a kind is met when the unit has at least one work entry of that kind in the term
 * (deleted entries do not count). An entry without evidence files still counts — the notice asks
 * for the measure, not for a file — but it is listed in `withoutEvidence` so the scorer and the
 * ledger can ask for the proof.
 */
import type { TermId, WorkEntry, WorkEntryType } from '../model/entities';

export const FIVE_ONES_KINDS = ['专题会议', '集中培训', '检查调研', '主题创建活动', '常态化联系平台'] as const satisfies readonly WorkEntryType[];
export type FiveOnesKind = (typeof FIVE_ONES_KINDS)[number];

/** The notice's own wording of each requirement, shown on the checklist. */
export const FIVE_ONES_REQUIREMENT: Readonly<Record<FiveOnesKind, string>> = {
  专题会议: '组织至少一次专题会议，进行活动研究部署',
  集中培训: '组织至少一次集中培训，加强创建工作面上指导',
  检查调研: '开展至少一次有覆盖面的检查或调研，深入基层推进工作',
  主题创建活动: '实施至少一项主题创建活动，提高基层创建活跃度',
  常态化联系平台: '构建一个常态化联系平台，畅通与集体和集体成员的联系渠道',
};

export type FiveOnesEntry = Pick<WorkEntry, 'id' | 'unitId' | 'term' | 'type' | 'date' | 'evidenceHashes'> & {
  deleted?: boolean;
};

export interface FiveOnesItem {
  kind: FiveOnesKind;
  requirement: string;
  met: boolean;
  /** ids of the entries proving it, by date */
  entryIds: string[];
  /** of those, the entries without any evidence file */
  withoutEvidence: string[];
}

export interface FiveOnesChecklist {
  unitId: string;
  term: TermId;
  items: FiveOnesItem[];
  metCount: number;
  missing: FiveOnesKind[];
  complete: boolean;
}

export function fiveOnesChecklist(
  entries: readonly FiveOnesEntry[],
  unitId: string,
  term: TermId,
): FiveOnesChecklist {
  const own = entries
    .filter((e) => !e.deleted && e.unitId === unitId && e.term === term)
    // Date then id, so the same data always lists the same proof first.
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const items = FIVE_ONES_KINDS.map((kind): FiveOnesItem => {
    const proof = own.filter((e) => e.type === kind);
    return {
      kind,
      requirement: FIVE_ONES_REQUIREMENT[kind],
      met: proof.length > 0,
      entryIds: proof.map((e) => e.id),
      withoutEvidence: proof.filter((e) => e.evidenceHashes.length === 0).map((e) => e.id),
    };
  });
  const missing = items.filter((i) => !i.met).map((i) => i.kind);
  return { unitId, term, items, metCount: items.length - missing.length, missing, complete: missing.length === 0 };
}

export function fiveOnesComplete(checklist: Pick<FiveOnesChecklist, 'items'>): boolean {
  return checklist.items.length === FIVE_ONES_KINDS.length && checklist.items.every((i) => i.met);
}

/** "五个一：已落实 4/5，尚缺：常态化联系平台" */
export function fiveOnesSummary(checklist: Pick<FiveOnesChecklist, 'metCount' | 'missing'>): string {
  const head = `五个一：已落实 ${checklist.metCount}/${FIVE_ONES_KINDS.length}`;
  return checklist.missing.length ? `${head}，尚缺：${checklist.missing.join('、')}` : `${head}，已全部落实`;
}
