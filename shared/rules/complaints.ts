/**
 * Complaint handling (社会评价中的投诉 → 核实 → 整改 → 办结; part 二.4 “及时实施整改提升”,
 * annex 3 item 4 “落实督促整改” and item 11 “社会投诉”).
 *
 * Policy — the only transitions:
 *   received ──verify──▶ verified ──requestRectification (deadline)──▶ rectificationRequested
 *   verified ──closeUnfounded (reason)──▶ closed                     (核实不属实，直接办结)
 *   rectificationRequested ──markRectified (what was done)──▶ rectified ──close──▶ closed
 *   rectified ──requestRectification (new deadline)──▶ rectificationRequested (整改不到位，重新整改)
 * - A rectification request needs a deadline (yyyy-mm-dd), not before the day it is made.
 * - Closing as unfounded, requesting rectification and reporting rectification need a note;
 *   verifying and the final close may add one.
 * - Every step appends {state, at, actorId, note} to the history; nothing is ever removed. A
 *   rectification request's note ends with its deadline, so earlier deadlines stay on record.
 * - Open = received, verified or rectificationRequested (not yet rectified or closed).
 * - Overdue = rectificationRequested and today is after the deadline (the deadline day itself
 *   is still in time). Dates are the user's local calendar days.
 * - Substantiated (经核实属实) = rectification was requested at least once; a complaint closed
 *   straight from verified was unfounded.
 * Pure: the repo (renderer/db/repos/evaluations.ts) applies the result in one transaction.
 */
import type { ComplaintState, Evaluation } from '../model/entities';

export const COMPLAINT_STATES: readonly ComplaintState[] = ['received', 'verified', 'rectificationRequested', 'rectified', 'closed'];

export const COMPLAINT_STATE_LABEL: Record<ComplaintState, string> = {
  received: '已受理',
  verified: '已核实',
  rectificationRequested: '整改中',
  rectified: '已整改',
  closed: '已办结',
};

/** What the step that reached a state is called, for the handling history. */
export const COMPLAINT_STEP_LABEL: Record<ComplaintState, string> = {
  received: '受理',
  verified: '核实',
  rectificationRequested: '要求整改',
  rectified: '整改完成',
  closed: '办结',
};

export type ComplaintAction = 'verify' | 'requestRectification' | 'markRectified' | 'close' | 'closeUnfounded';

export interface ComplaintActionSpec {
  /** button text */
  label: string;
  from: readonly ComplaintState[];
  to: ComplaintState;
  noteRequired: boolean;
  /** label of the note field */
  noteLabel: string;
  deadlineRequired: boolean;
}

export const COMPLAINT_ACTIONS: Record<ComplaintAction, ComplaintActionSpec> = {
  verify: { label: '完成核实', from: ['received'], to: 'verified', noteRequired: false, noteLabel: '核实情况', deadlineRequired: false },
  requestRectification: {
    label: '要求整改',
    from: ['verified', 'rectified'],
    to: 'rectificationRequested',
    noteRequired: true,
    noteLabel: '整改要求',
    deadlineRequired: true,
  },
  markRectified: { label: '确认已整改', from: ['rectificationRequested'], to: 'rectified', noteRequired: true, noteLabel: '整改情况', deadlineRequired: false },
  close: { label: '办结', from: ['rectified'], to: 'closed', noteRequired: false, noteLabel: '办结意见', deadlineRequired: false },
  closeUnfounded: { label: '核实不属实，办结', from: ['verified'], to: 'closed', noteRequired: true, noteLabel: '不属实的理由', deadlineRequired: false },
};

export type ComplaintHistoryEntry = Evaluation['history'][number];

export interface ComplaintFields {
  complaintState: ComplaintState | null;
  rectifyBy: string | null;
  history: ComplaintHistoryEntry[];
}

export class ComplaintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComplaintError';
  }
}

export const MAX_NOTE_LENGTH = 1000;

/** A real calendar date written yyyy-mm-dd. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d && y >= 1900;
}

/** The local calendar day of an instant, yyyy-mm-dd. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Actions allowed from a state, in the order they are offered. */
export function allowedActions(state: ComplaintState | null): ComplaintAction[] {
  if (state === null) return [];
  return (Object.keys(COMPLAINT_ACTIONS) as ComplaintAction[]).filter((a) => COMPLAINT_ACTIONS[a].from.includes(state));
}

export interface ComplaintStep {
  action: ComplaintAction;
  note: string;
  /** yyyy-mm-dd, for requestRectification */
  deadline?: string | null;
  actorId: string;
  /** ISO instant of the step */
  at: string;
  /** the actor's local day (yyyy-mm-dd), for the deadline check */
  today: string;
}

/** The complaint after `step`, or ComplaintError (Chinese) when the step is not allowed. */
export function applyComplaintStep(c: ComplaintFields, step: ComplaintStep): ComplaintFields {
  if (c.complaintState === null) throw new ComplaintError('该评价不是投诉，没有办理流程');
  const spec = COMPLAINT_ACTIONS[step.action];
  if (!spec) throw new ComplaintError('未知的办理步骤');
  if (!spec.from.includes(c.complaintState)) {
    throw new ComplaintError(
      `投诉当前为“${COMPLAINT_STATE_LABEL[c.complaintState]}”，不能“${spec.label}”` +
        `（只能从“${spec.from.map((s) => COMPLAINT_STATE_LABEL[s]).join('”或“')}”办理）`,
    );
  }
  const note = step.note.trim();
  if (spec.noteRequired && !note) throw new ComplaintError(`请填写${spec.noteLabel}`);
  if ([...note].length > MAX_NOTE_LENGTH) throw new ComplaintError(`${spec.noteLabel}不能超过 ${MAX_NOTE_LENGTH} 个字`);
  let rectifyBy = c.rectifyBy;
  let recorded = note;
  if (spec.deadlineRequired) {
    const deadline = (step.deadline ?? '').trim();
    if (!deadline) throw new ComplaintError('要求整改必须规定整改期限');
    if (!isIsoDate(deadline)) throw new ComplaintError(`整改期限“${deadline}”不是有效日期（格式：年-月-日）`);
    if (deadline < step.today) throw new ComplaintError(`整改期限（${deadline}）不能早于今天（${step.today}）`);
    rectifyBy = deadline;
    // each request's deadline stays in the history, even after a later request replaces it
    recorded = `${note}（整改期限 ${deadline}）`;
  }
  return {
    complaintState: spec.to,
    rectifyBy,
    history: [...c.history, { state: spec.to, at: step.at, actorId: step.actorId, note: recorded }],
  };
}

/** The fields of a newly recorded complaint. */
export function newComplaint(actorId: string, at: string, note = ''): ComplaintFields {
  return { complaintState: 'received', rectifyBy: null, history: [{ state: 'received', at, actorId, note: note.trim() }] };
}

export function isOpenComplaint(state: ComplaintState | null): boolean {
  return state === 'received' || state === 'verified' || state === 'rectificationRequested';
}

export function isOverdue(c: Pick<ComplaintFields, 'complaintState' | 'rectifyBy'>, today: string): boolean {
  return c.complaintState === 'rectificationRequested' && c.rectifyBy !== null && today > c.rectifyBy;
}

/** Days past the deadline (0 when not overdue). */
export function daysOverdue(c: Pick<ComplaintFields, 'complaintState' | 'rectifyBy'>, today: string): number {
  if (!isOverdue(c, today) || !isIsoDate(today)) return 0;
  const ms = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${c.rectifyBy}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

export function isSubstantiated(c: Pick<ComplaintFields, 'history'>): boolean {
  return c.history.some((h) => h.state === 'rectificationRequested');
}

export interface ComplaintSummary {
  total: number;
  /** received, verified or rectificationRequested */
  open: number;
  overdue: number;
  /** rectification was requested at least once (经核实属实) */
  substantiated: number;
  /** rectified or closed (= total − open) */
  rectified: number;
  byState: Record<ComplaintState, number>;
}

/** Counts over evaluations; non-complaints and tombstones are ignored. */
export function complaintSummary(evaluations: Iterable<Pick<Evaluation, 'complaint' | 'deleted'> & ComplaintFields>, today: string): ComplaintSummary {
  const byState: Record<ComplaintState, number> = { received: 0, verified: 0, rectificationRequested: 0, rectified: 0, closed: 0 };
  const s: ComplaintSummary = { total: 0, open: 0, overdue: 0, substantiated: 0, rectified: 0, byState };
  for (const e of evaluations) {
    if (e.deleted || !e.complaint || e.complaintState === null) continue;
    s.total++;
    byState[e.complaintState]++;
    if (isOpenComplaint(e.complaintState)) s.open++;
    else s.rectified++;
    if (isOverdue(e, today)) s.overdue++;
    if (isSubstantiated(e)) s.substantiated++;
  }
  return s;
}
