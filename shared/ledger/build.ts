/**
 * The ledger's rows from stored records (pure: the repo gathers the records of one scope and
 * term, this turns them into the rows of format v1).
 *
 * Policy:
 * - Scope is the caller's: every record passed in is written. The repo only passes what the
 *   account may see (renderer/db/repos/ledger.ts).
 * - Counting follows the dashboards: 已报备 = countsAsFiled, 创建集体 = countsAsApproved
 *   (shared/rules/status.ts). A unit row counts its whole subtree; its base and required
 *   include its published quota sub-rows (交通运输 = 交通运输 + 快递), as the unit's dashboard does.
 * - Structure counts are of creation collectives (approved): 往届全国青年文明号 = holds a
 *   national-level honour; 非公经济组织 and 社会组织 by the profile's 单位性质.
 * - Reviews: 初审 = the latest 'preApprove' event; 终审 = the latest 'approve', or a 'return' /
 *   'override' by a level-1 administrator or the national office; 审核意见 = the comment of the
 *   latest review event. People are written as 姓名（编码）; an account this laptop does not hold
 *   is written as its role and the first 8 characters of its id.
 * - Order is stable: units depth-first by sortOrder then code; collectives by unit order then
 *   code; other rows by unit, date and title — the same data always gives the same workbook.
 */
import { canonicalJson } from '../exchange/canonicalJson';
import type {
  Account,
  Assessment,
  ChangeRequest,
  Collective,
  Evaluation,
  Quota,
  ReviewEvent,
  Rubric,
  RubricItem,
  SelfReport,
  Term,
  Unit,
  WorkEntry,
  WorkUpdate,
} from '../model/entities';
import { DEFAULT_RUBRIC, isApplicable } from '../assessment/rubric';
import { completionRate, deviatesFromRule } from '../reference/quota';
import { ROLE_LABEL } from '../rules/roles';
import { countsAsApproved, countsAsFiled } from '../rules/status';
import {
  CURRENT_LEDGER_VERSION,
  LEDGER_FORMAT,
  ledgerDate,
  type AssessmentLedgerRow,
  type ChangeLedgerRow,
  type CollectiveLedgerRow,
  type EvaluationLedgerRow,
  type LedgerData,
  type ReportLedgerRow,
  type UnitLedgerRow,
  type WorkEntryLedgerRow,
} from './format';

/**
 * A creation log as the ledger needs it: whose it is and whether it was submitted. The repo reads
 * only these keys (an index walk), never the logs' text, so a national ledger over 400,000 logs
 * stays cheap to gather and to hand to the worker.
 */
export type LedgerLog = Pick<WorkUpdate, 'collectiveId' | 'state' | 'term'> & {
  deleted?: boolean;
  /** how many logs this entry stands for (default 1): the repo sends one counted entry per collective */
  count?: number;
};

export interface LedgerSource {
  /** the unit whose ledger this is (the national office for a national ledger) */
  root: Unit;
  term: Pick<Term, 'code' | 'label'>;
  /** the root and every unit below it */
  units: Unit[];
  quotas: Quota[];
  collectives: Collective[];
  reviewEvents: ReviewEvent[];
  /** accounts named in reviews, changes and assessments (others are written by role) */
  accounts: Pick<Account, 'id' | 'code' | 'displayName' | 'role'>[];
  /** creation logs, as far as counting needs them (full WorkUpdate records also fit) */
  workUpdates: readonly LedgerLog[];
  evaluations: Evaluation[];
  changes: ChangeRequest[];
  workEntries: WorkEntry[];
  assessments: Assessment[];
  rubrics: Rubric[];
  /** embed the root's 情况报告; null: not embedded */
  selfReport: SelfReport | null;
  exportedAt: string;
  appVersion: string;
  exportedBy: string;
}

/** Round to 4 decimals (shares and rates), half away from zero. */
export function round4(x: number): number {
  return Math.round((x + Math.sign(x) * 1e-12) * 10_000) / 10_000;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Units depth-first from the root, children by sortOrder then code. */
export function unitTreeOrder(root: Unit, units: readonly Unit[]): Unit[] {
  const children = new Map<string, Unit[]>();
  for (const u of units) {
    if (u.deleted || u.id === root.id || u.parentId === null) continue;
    const list = children.get(u.parentId);
    if (list) list.push(u);
    else children.set(u.parentId, [u]);
  }
  for (const list of children.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || byString(a.code, b.code));
  const out: Unit[] = [];
  const seen = new Set<string>();
  const visit = (u: Unit): void => {
    if (seen.has(u.id)) return;
    seen.add(u.id);
    out.push(u);
    for (const c of children.get(u.id) ?? []) visit(c);
  };
  visit(root);
  return out;
}

export function buildLedger(src: LedgerSource): LedgerData {
  const term = src.term.code;
  const units = unitTreeOrder(src.root, src.units);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const unitIndex = new Map(units.map((u, i) => [u.id, i]));
  const people = new Map(src.accounts.map((a) => [a.id, a]));
  const person = (id: string | null, role?: string): string => {
    if (!id) return '';
    const a = people.get(id);
    if (a) return `${a.displayName}（${a.code}）`;
    // an account this laptop does not hold: its role and the start of its id, so two unknown
    // scorers never read as one
    const label = role && role in ROLE_LABEL ? ROLE_LABEL[role as keyof typeof ROLE_LABEL] : '账号';
    return `${label}（${id.slice(0, 8)}）`;
  };

  const collectives = src.collectives
    .filter((c) => !c.deleted && c.term === term && unitById.has(c.unitId))
    .sort((a, b) => unitIndex.get(a.unitId)! - unitIndex.get(b.unitId)! || byString(a.code, b.code));
  const collectiveById = new Map(collectives.map((c) => [c.id, c]));

  // --- per-collective facts
  const events = new Map<string, ReviewEvent[]>();
  for (const e of src.reviewEvents) {
    if (e.deleted || e.term !== term || !collectiveById.has(e.collectiveId)) continue;
    const list = events.get(e.collectiveId);
    if (list) list.push(e);
    else events.set(e.collectiveId, [e]);
  }
  const logCount = new Map<string, number>();
  for (const w of src.workUpdates) {
    if (w.deleted || w.term !== term || w.state !== 'submitted') continue;
    logCount.set(w.collectiveId, (logCount.get(w.collectiveId) ?? 0) + (w.count ?? 1));
  }
  const evaluations = src.evaluations.filter((e) => !e.deleted && e.term === term && collectiveById.has(e.collectiveId));
  const evalCount = new Map<string, { all: number; complaints: number }>();
  for (const e of evaluations) {
    const n = evalCount.get(e.collectiveId) ?? { all: 0, complaints: 0 };
    n.all++;
    if (e.complaint) n.complaints++;
    evalCount.set(e.collectiveId, n);
  }

  const collectiveRows: CollectiveLedgerRow[] = collectives.map((c, i) => {
    const evs = (events.get(c.id) ?? []).sort((a, b) => byString(a.at, b.at) || byString(a.id, b.id));
    const pre = lastOf(evs, (e) => e.action === 'preApprove');
    const final = lastOf(
      evs,
      (e) => e.action === 'approve' || ((e.action === 'return' || e.action === 'override') && (e.actorRole === 'admin1' || e.actorRole === 'national')),
    );
    const lastReview = lastOf(evs, (e) => e.action === 'preApprove' || e.action === 'approve' || e.action === 'return' || e.action === 'override');
    const unit = unitById.get(c.unitId)!;
    const members = c.profile.memberCount;
    const youth = c.profile.youthCount;
    const ev = evalCount.get(c.id) ?? { all: 0, complaints: 0 };
    return {
      seq: i + 1,
      code: c.code,
      name: c.profile.name,
      formerNames: [...c.formerNames],
      channel: c.channel,
      unitCode: unit.code,
      unitName: unit.name,
      type: c.profile.type,
      memberCount: members,
      youthCount: youth,
      youthShare: members > 0 ? round4(youth / members) : null,
      honours: c.profile.honours.map((h) => ({ title: h.title, year: h.year, level: h.level, kind: h.kind })),
      filedOn: ledgerDate(c.filedAt),
      status: c.status,
      preReviewedOn: ledgerDate(pre?.at),
      preReviewer: pre ? person(pre.actorId, pre.actorRole) : '',
      finalReviewedOn: ledgerDate(final?.at),
      finalReviewer: final ? person(final.actorId, final.actorRole) : '',
      reviewComment: lastReview?.comment ?? '',
      logCount: logCount.get(c.id) ?? 0,
      evaluationCount: ev.all,
      complaintCount: ev.complaints,
    };
  });

  // --- units: quota (own + published sub-rows) and subtree counts
  const quotaByUnit = new Map(src.quotas.filter((q) => !q.deleted && q.term === term).map((q) => [q.unitId, q]));
  const subRows = new Map<string, Unit[]>();
  for (const u of units) {
    if (!u.quotaSubRow || !u.parentId) continue;
    const list = subRows.get(u.parentId);
    if (list) list.push(u);
    else subRows.set(u.parentId, [u]);
  }
  // Each collective adds to its unit and every ancestor inside the ledger: O(collectives × depth).
  const tally = new Map(units.map((u) => [u.id, { filed: 0, approved: 0, formerNational: 0, nonPublic: 0, socialOrg: 0 }]));
  for (const c of collectives) {
    const filed = countsAsFiled(c.status);
    const approved = countsAsApproved(c.status);
    if (!filed && !approved) continue;
    const former = approved && c.profile.honours.some((h) => h.level === 'national');
    let u: Unit | undefined = unitById.get(c.unitId);
    const seen = new Set<string>();
    while (u && !seen.has(u.id)) {
      seen.add(u.id);
      const t = tally.get(u.id)!;
      if (filed) t.filed++;
      if (approved) {
        t.approved++;
        if (former) t.formerNational++;
        if (c.profile.type === '非公经济组织') t.nonPublic++;
        if (c.profile.type === '社会组织') t.socialOrg++;
      }
      u = u.parentId ? unitById.get(u.parentId) : undefined;
    }
  }
  const unitRows: UnitLedgerRow[] = units.map((u, i) => {
    const own = quotaByUnit.get(u.id);
    const parts = own
      ? [own, ...(subRows.get(u.id) ?? []).map((x) => quotaByUnit.get(x.id)).filter((q): q is Quota => q !== undefined)]
      : [];
    const base = own ? parts.reduce((s, q) => s + q.base, 0) : null;
    const required = own ? parts.reduce((s, q) => s + q.required, 0) : null;
    const t = tally.get(u.id)!;
    const parent = u.parentId ? unitById.get(u.parentId) : undefined;
    return {
      unitCode: u.code,
      unitName: u.name,
      parentCode: i === 0 || !parent ? '' : parent.code,
      channel: u.channel,
      provincialCommittee: u.provincialCommittee,
      base,
      required,
      // a total deviates when any part does (公安 keeps its flag inside a total)
      deviatesFromRule: own ? parts.some((q) => q.deviatesFromRule || deviatesFromRule(q)) : null,
      filed: t.filed,
      approved: t.approved,
      completionRate: required === null ? null : round4(completionRate(t.approved, required)),
      formerNational: t.formerNational,
      nonPublic: t.nonPublic,
      socialOrg: t.socialOrg,
    };
  });

  // --- units' own work
  const workRows: WorkEntryLedgerRow[] = src.workEntries
    .filter((e) => !e.deleted && e.term === term && unitById.has(e.unitId))
    .sort((a, b) => unitIndex.get(a.unitId)! - unitIndex.get(b.unitId)! || byString(a.date, b.date) || byString(a.title, b.title) || byString(a.id, b.id))
    .map((e, i) => {
      const unit = unitById.get(e.unitId)!;
      return {
        seq: i + 1,
        unitCode: unit.code,
        unitName: unit.name,
        type: e.type,
        date: ledgerDate(e.date) ?? '',
        title: e.title,
        participants: e.participants,
        description: e.description,
        evidenceCount: e.evidenceHashes.length,
      };
    });

  // --- assessments: every self assessment, submitted national ones; 11 rows each
  const rubricById = new Map(src.rubrics.filter((r) => !r.deleted).map((r) => [r.id, r]));
  const assessments = src.assessments
    .filter((a) => !a.deleted && a.term === term && unitById.has(a.unitId) && (a.kind === 'self' || a.submittedAt !== null))
    .map((a) => ({ a, scorer: person(a.scorerId, a.kind === 'national' ? 'national' : undefined) }))
    .sort(
      (x, y) =>
        unitIndex.get(x.a.unitId)! - unitIndex.get(y.a.unitId)! ||
        (x.a.kind === y.a.kind ? 0 : x.a.kind === 'self' ? -1 : 1) ||
        byString(x.scorer, y.scorer) ||
        byString(x.a.id, y.a.id),
    );
  const assessmentRows: AssessmentLedgerRow[] = [];
  for (const { a, scorer } of assessments) {
    const unit = unitById.get(a.unitId)!;
    const items: RubricItem[] = [...(rubricById.get(a.rubricId)?.items ?? DEFAULT_RUBRIC.items)].sort((x, y) => x.no - y.no);
    const scores = new Map(a.scores.map((s) => [s.no, s]));
    for (const item of items) {
      const s = scores.get(item.no);
      assessmentRows.push({
        unitCode: unit.code,
        unitName: unit.name,
        kind: a.kind,
        scorer,
        rubricVersion: a.rubricVersion,
        itemNo: item.no,
        area: item.area,
        itemName: item.name,
        max: item.max,
        assessed: isApplicable(item, unit),
        score: s && s.score !== null && Number.isFinite(s.score) ? s.score : null,
        comment: s?.comment ?? '',
        evidence: s?.evidence ?? '',
        submittedOn: ledgerDate(a.submittedAt),
      });
    }
  }

  // --- changes of this term's collectives
  const changeRows: ChangeLedgerRow[] = src.changes
    .filter((c) => !c.deleted && collectiveById.has(c.collectiveId))
    .sort(
      (a, b) =>
        collectiveOrder(collectiveById, unitIndex, a.collectiveId, b.collectiveId) || byString(a.createdAt, b.createdAt) || byString(a.id, b.id),
    )
    .map((c, i) => {
      const col = collectiveById.get(c.collectiveId)!;
      return {
        seq: i + 1,
        collectiveCode: col.code,
        collectiveName: col.profile.name,
        unitCode: unitById.get(col.unitId)!.code,
        kind: c.kind,
        state: c.state,
        endsQualification: c.endsQualification,
        reason: c.reason,
        reportedOn: ledgerDate(c.createdAt) ?? '',
        reporter: person(c.reportedBy),
        decidedOn: ledgerDate(c.decidedAt),
        decider: person(c.decidedBy),
        details: Object.keys(c.details).length ? canonicalJson(c.details) : '',
      };
    });

  const evaluationRows: EvaluationLedgerRow[] = evaluations
    .sort(
      (a, b) =>
        collectiveOrder(collectiveById, unitIndex, a.collectiveId, b.collectiveId) || byString(a.date, b.date) || byString(a.id, b.id),
    )
    .map((e, i) => {
      const col = collectiveById.get(e.collectiveId)!;
      const closed = lastOf(
        [...e.history].sort((x, y) => byString(x.at, y.at)),
        (h) => h.state === 'rectified' || h.state === 'closed',
      );
      return {
        seq: i + 1,
        collectiveCode: col.code,
        collectiveName: col.profile.name,
        unitCode: unitById.get(col.unitId)!.code,
        date: ledgerDate(e.date) ?? '',
        source: e.source,
        rating: Number.isFinite(e.rating) ? e.rating : null,
        content: e.content,
        complaint: e.complaint,
        complaintState: e.complaint ? (e.complaintState ?? 'received') : null,
        rectifyBy: e.complaint ? ledgerDate(e.rectifyBy) : null,
        closedOn: e.complaint ? ledgerDate(closed?.at) : null,
      };
    });

  const report: ReportLedgerRow[] | null = src.selfReport ? reportRows(src.selfReport.text) : null;

  return {
    meta: {
      format: LEDGER_FORMAT,
      version: CURRENT_LEDGER_VERSION,
      unitCode: src.root.code,
      unitName: src.root.name,
      scope: src.root.channel === 'national' ? 'national' : 'unit',
      term,
      termLabel: src.term.label,
      exportedAt: src.exportedAt,
      appVersion: src.appVersion,
      exportedBy: src.exportedBy,
    },
    collectives: collectiveRows,
    units: unitRows,
    workEntries: workRows,
    assessments: assessmentRows,
    changes: changeRows,
    evaluations: evaluationRows,
    report,
  };
}

/** The report by paragraph (line); line endings normalised to \n. */
export function reportRows(text: string): ReportLedgerRow[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((t, i) => ({ paragraph: i + 1, text: t }));
}

export function reportText(rows: readonly ReportLedgerRow[]): string {
  return rows.map((r) => r.text).join('\n');
}

function lastOf<T>(list: readonly T[], pick: (x: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (pick(list[i]!)) return list[i];
  return undefined;
}

function collectiveOrder(byId: Map<string, Collective>, unitIndex: Map<string, number>, a: string, b: string): number {
  const ca = byId.get(a)!;
  const cb = byId.get(b)!;
  return unitIndex.get(ca.unitId)! - unitIndex.get(cb.unitId)! || byString(ca.code, cb.code);
}
