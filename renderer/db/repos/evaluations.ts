/**
 * 社会评价 (social evaluations) and complaint handling (part 二.4; annex 2 二.3).
 *
 * Policy:
 * - Administrators record evaluations of collectives in their subtree (from the public, a
 *   supervision team, a professional body or a peer collective — 互评互查 is also entered by an
 *   admin); a collective reads its own evaluations, including complaints and rectification
 *   deadlines, but does not write them.
 * - A complaint runs through shared/rules/complaints.ts; each step is applied in one
 *   transaction with its audit entry, re-reading the record inside so two admins cannot both
 *   apply a step to the same state.
 * - Spreadsheet import: parse and validate (shared/evaluations) → `planImport` against the
 *   collectives the admin may see → preview → `commitImport` writes every planned row in one
 *   transaction or nothing; rows already stored are skipped (re-import changes nothing).
 */
import type { Collective, ComplaintState, Evaluation, EvaluationSource } from '../../../shared/model/entities';
import {
  evaluationKey,
  evaluationProblems,
  planEvaluationImport,
  type EvaluationImportPlan,
  type EvaluationInput,
  type EvaluationParseResult,
} from '../../../shared/evaluations';
import {
  applyComplaintStep,
  COMPLAINT_ACTIONS,
  COMPLAINT_STATE_LABEL,
  daysOverdue,
  isOverdue,
  localDay,
  newComplaint,
  type ComplaintAction,
} from '../../../shared/rules/complaints';
import { isAdmin } from '../../../shared/rules/roles';
import { assertCollective, OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import { BYTES_PER_RECORD, checkFreeSpace } from '../storage';
import { writeTx, type Actor } from '../write';

export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

function assertWriter(actor: Actor): void {
  if (!isAdmin(actor.role) && actor.role !== 'system') throw new ScopeError('只有管理员可以录入和办理社会评价');
}

async function collectiveInScope(actor: Actor, id: string): Promise<Collective> {
  const c = await db().collectives.get(id);
  if (!c || c.deleted) throw new ScopeError(OUT_OF_SCOPE);
  assertCollective(actor, c);
  return c;
}

/** Record one evaluation (with the complaint flag starting its handling at 已受理). */
export async function recordEvaluation(actor: Actor, input: EvaluationInput & { collectiveId: string }, term: string, now = new Date()): Promise<Evaluation> {
  assertWriter(actor);
  const c = await collectiveInScope(actor, input.collectiveId);
  const problems = evaluationProblems(input, localDay(now));
  if (problems.length) throw new EvaluationError(problems.map((p) => p.message).join('；'));
  const d = db();
  return writeTx(actor, [d.evaluations], async (w) => {
    const complaint = input.complaint ? newComplaint(actor.accountId, w.now) : { complaintState: null, rectifyBy: null, history: [] };
    const e = w.create<Evaluation>({
      collectiveId: c.id,
      unitPath: c.unitPath,
      term,
      source: input.source,
      rating: input.rating,
      content: input.content.trim(),
      date: input.date,
      complaint: input.complaint,
      ...complaint,
    });
    await d.evaluations.add(e);
    w.audit({
      action: input.complaint ? 'complaint.receive' : 'evaluation.create',
      entity: 'evaluation',
      entityId: e.id,
      summary: `${input.complaint ? '受理投诉' : '录入社会评价'}：${c.profile.name}，${input.rating} 分，${input.date}`,
    });
    return e;
  });
}

export interface ComplaintStepInput {
  action: ComplaintAction;
  note: string;
  deadline?: string | null;
}

/** Apply one handling step to a complaint. */
export async function handleComplaint(actor: Actor, evaluationId: string, step: ComplaintStepInput, now = new Date()): Promise<Evaluation> {
  assertWriter(actor);
  const d = db();
  const e = await d.evaluations.get(evaluationId);
  if (!e || e.deleted) throw new ScopeError(OUT_OF_SCOPE);
  assertCollective(actor, { id: e.collectiveId, unitPath: e.unitPath });
  const name = (await d.collectives.get(e.collectiveId))?.profile.name ?? '';
  return writeTx(actor, [d.evaluations], async (w) => {
    const fresh = (await d.evaluations.get(evaluationId))!;
    const next = applyComplaintStep(fresh, { ...step, actorId: actor.accountId, at: w.now, today: localDay(now) });
    const saved = w.touch(fresh, next);
    await d.evaluations.put(saved);
    w.audit({
      action: `complaint.${step.action}`,
      entity: 'evaluation',
      entityId: e.id,
      summary: `投诉办理（${name}）：${COMPLAINT_ACTIONS[step.action].label} → ${COMPLAINT_STATE_LABEL[next.complaintState!]}${next.rectifyBy && step.deadline ? `，整改期限 ${next.rectifyBy}` : ''}${step.note.trim() ? `：${step.note.trim().slice(0, 60)}` : ''}`,
    });
    return saved;
  });
}

export interface EvaluationFilter {
  collectiveId?: string;
  complaintsOnly?: boolean;
  state?: ComplaintState | '';
  overdueOnly?: boolean;
  source?: EvaluationSource | '';
}

export interface EvaluationView {
  evaluation: Evaluation;
  collectiveName: string;
  collectiveCode: string;
  overdue: boolean;
  daysOverdue: number;
}

/** Evaluations the actor may see (its subtree; a collective its own), newest first. */
export async function listEvaluations(actor: Actor, term: string, filter: EvaluationFilter = {}, today = localDay(new Date())): Promise<EvaluationView[]> {
  const d = db();
  let rows: Evaluation[];
  if (actor.role === 'collective') {
    if (!actor.collectiveId) return [];
    rows = await d.evaluations.where('collectiveId').equals(actor.collectiveId).toArray();
  } else if (filter.collectiveId) {
    await collectiveInScope(actor, filter.collectiveId);
    rows = await d.evaluations.where('collectiveId').equals(filter.collectiveId).toArray();
  } else {
    const prefix = actor.role === 'national' || actor.role === 'system' ? '/' : actor.unitPath;
    rows = await d.evaluations.where('unitPath').startsWith(prefix).toArray();
  }
  rows = rows.filter(
    (e) =>
      !e.deleted &&
      e.term === term &&
      (!filter.collectiveId || e.collectiveId === filter.collectiveId) &&
      (!filter.complaintsOnly || e.complaint) &&
      (!filter.state || e.complaintState === filter.state) &&
      (!filter.overdueOnly || isOverdue(e, today)) &&
      (!filter.source || e.source === filter.source),
  );
  const collectives = new Map(
    (await d.collectives.bulkGet([...new Set(rows.map((e) => e.collectiveId))])).filter((c) => !!c).map((c) => [c!.id, c!]),
  );
  return rows
    .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt))
    .map((e) => ({
      evaluation: e,
      collectiveName: collectives.get(e.collectiveId)?.profile.name ?? '（未知集体）',
      collectiveCode: collectives.get(e.collectiveId)?.code ?? '',
      overdue: isOverdue(e, today),
      daysOverdue: daysOverdue(e, today),
    }));
}

/** The evaluation import plan against the actor's visible collectives and stored evaluations. */
export async function planImport(actor: Actor, parsed: EvaluationParseResult): Promise<EvaluationImportPlan> {
  assertWriter(actor);
  const d = db();
  const prefix = actor.role === 'national' || actor.role === 'system' ? '/' : actor.unitPath;
  const collectives = await d.collectives
    .where('unitPath')
    .startsWith(prefix)
    .filter((c) => !c.deleted && c.status !== 'superseded')
    .toArray();
  const existing = await d.evaluations.where('unitPath').startsWith(prefix).filter((e) => !e.deleted).toArray();
  return planEvaluationImport(
    parsed,
    collectives.map((c) => ({ id: c.id, code: c.code, name: c.profile.name, formerNames: c.formerNames })),
    new Set(existing.map((e) => evaluationKey(e.collectiveId, e))),
  );
}

/**
 * Write a valid plan: every row or none. Rows that became identical to a stored evaluation since
 * the preview are skipped. Returns how many were written and skipped.
 */
export async function commitImport(actor: Actor, plan: EvaluationImportPlan, term: string, fileName: string): Promise<{ written: number; skipped: number }> {
  assertWriter(actor);
  if (!plan.valid) throw new EvaluationError('导入文件中仍有错误，未导入任何数据。请修改文件后重新导入。');
  const noSpace = await checkFreeSpace(plan.create.reduce((n, p) => n + BYTES_PER_RECORD + 2 * p.input.content.length, 0));
  if (noSpace) throw new EvaluationError(noSpace);
  const d = db();
  const collectives = new Map<string, Collective>();
  for (const id of new Set(plan.create.map((p) => p.collectiveId))) collectives.set(id, await collectiveInScope(actor, id));
  return writeTx(actor, [d.evaluations], async (w) => {
    let written = 0;
    let skipped = plan.skipped.length;
    for (const p of plan.create) {
      const c = collectives.get(p.collectiveId)!;
      const same = await d.evaluations
        .where('collectiveId')
        .equals(c.id)
        .filter((e) => !e.deleted && evaluationKey(e.collectiveId, e) === p.key)
        .count();
      if (same > 0) {
        skipped++;
        continue;
      }
      const complaint = p.input.complaint ? newComplaint(actor.accountId, w.now, `由文件“${fileName}”第 ${p.rowNumber} 行导入`) : { complaintState: null, rectifyBy: null, history: [] };
      await d.evaluations.add(w.create<Evaluation>({ collectiveId: c.id, unitPath: c.unitPath, term, ...p.input, ...complaint }));
      written++;
    }
    w.audit({ action: 'evaluation.import', entity: 'evaluation', entityId: '', summary: `从“${fileName}”导入社会评价 ${written} 条，跳过已有 ${skipped} 条` });
    return { written, skipped };
  });
}
