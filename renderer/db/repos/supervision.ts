/**
 * Supervision (跟踪监督) figures for an administrator's subtree: the dashboard, and the facts the
 * assessment pre-fills for items 4 (跟踪监督) and 11 (减分项: 社会投诉) — computed here, from the
 * records, and nowhere else.
 *
 * For the assessment (shared/assessment/evidence.ts `EvidenceFacts.logs` / `.complaints`):
 *   supervisionFacts(unitPath, term, today?) → {
 *     logs:       { submitted, read, commented }  // submitted creation logs of the term in the
 *                                                  // subtree; read = read by ≥ 1 admin;
 *                                                  // commented = ≥ 1 admin comment
 *     complaints: { total, open, overdue, substantiated, rectified, byState }
 *                                                  // complaints among the term's 社会评价;
 *                                                  // definitions in shared/rules/complaints.ts
 *   }
 *   supervisionFactsFor(actor, unitId, term, today?) — the same after checking that the unit is
 *   in the actor's scope (use this from features; the unscoped one is for repos that checked).
 *
 * Policy:
 * - "Without a log for N days": the newest submitted log of the term is older than N days, or
 *   there is none. Only collectives of the term that still stand (not superseded, not
 *   disqualified) count. N defaults to the setting `staleLogDays` (60, settings.ts); the
 *   dashboard lets the admin change it for the view, and level-1 admins / the national office
 *   may save it as this laptop's setting (the same one the 设置 page edits).
 * - Logs per month count submissions by the month they were submitted (local calendar), over
 *   the last 12 months. Ratings are the term's evaluations, 1–5.
 */
import type { Collective, Evaluation, WorkUpdate } from '../../../shared/model/entities';
import { complaintSummary, daysOverdue, isOverdue, localDay, type ComplaintSummary } from '../../../shared/rules/complaints';
import { isAdmin } from '../../../shared/rules/roles';
import { assertSubtree, OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import type { Actor } from '../write';
import { DEFAULT_SETTINGS, getSetting, setSettings, settingProblem } from './settings';

export interface LogFacts {
  submitted: number;
  read: number;
  commented: number;
}

export interface SupervisionFacts {
  logs: LogFacts;
  complaints: ComplaintSummary;
}

async function termLogs(unitPath: string, term: string): Promise<WorkUpdate[]> {
  return db()
    .workUpdates.where('unitPath')
    .startsWith(unitPath)
    .filter((u) => !u.deleted && u.state === 'submitted' && u.term === term)
    .toArray();
}

async function termEvaluations(unitPath: string, term: string): Promise<Evaluation[]> {
  return db()
    .evaluations.where('unitPath')
    .startsWith(unitPath)
    .filter((e) => !e.deleted && e.term === term)
    .toArray();
}

async function logFacts(logs: readonly WorkUpdate[]): Promise<LogFacts & { readIds: Set<string> }> {
  const ids = logs.map((u) => u.id);
  const d = db();
  const reads = ids.length ? await d.logReads.where('workUpdateId').anyOf(ids).filter((r) => !r.deleted).toArray() : [];
  const comments = ids.length ? await d.logComments.where('workUpdateId').anyOf(ids).filter((c) => !c.deleted).toArray() : [];
  const readIds = new Set(reads.map((r) => r.workUpdateId));
  return { submitted: logs.length, read: readIds.size, commented: new Set(comments.map((c) => c.workUpdateId)).size, readIds };
}

/** Facts for assessment items 4 and 11 over the subtree at `unitPath` (caller has checked scope). */
export async function supervisionFacts(unitPath: string, term: string, today = localDay(new Date())): Promise<SupervisionFacts> {
  const [logs, evaluations] = await Promise.all([termLogs(unitPath, term), termEvaluations(unitPath, term)]);
  const { readIds: _ignored, ...facts } = await logFacts(logs);
  return { logs: facts, complaints: complaintSummary(evaluations, today) };
}

/** `supervisionFacts` for a unit, after checking that the unit is in the actor's scope. */
export async function supervisionFactsFor(actor: Actor, unitId: string, term: string, today = localDay(new Date())): Promise<SupervisionFacts> {
  if (!isAdmin(actor.role) && actor.role !== 'system') throw new ScopeError(OUT_OF_SCOPE);
  const unit = await db().units.get(unitId);
  if (!unit || unit.deleted) throw new ScopeError(OUT_OF_SCOPE);
  assertSubtree(actor, unit.path);
  return supervisionFacts(unit.path, term, today);
}

export const MIN_STALE_DAYS = 1;
export const MAX_STALE_DAYS = 3650;

/** N: the laptop's setting `staleLogDays` (default 60). */
export async function staleLogDays(): Promise<number> {
  const v = await getSetting('staleLogDays');
  return settingProblem('staleLogDays', v) === null ? v : DEFAULT_SETTINGS.staleLogDays;
}

/** Chinese message when `days` cannot be N; null when it can (the settings rule). */
export function staleDaysProblem(days: number): string | null {
  return settingProblem('staleLogDays', days);
}

/** Save N as this laptop's setting (level-1 admins and the national office; see settings.ts). */
export async function saveStaleLogDays(actor: Actor, days: number): Promise<void> {
  await setSettings(actor, { staleLogDays: days });
}

export interface StaleCollective {
  id: string;
  name: string;
  code: string;
  unitName: string;
  /** newest submitted log of the term, ISO instant; null: none yet */
  lastLogAt: string | null;
  /** whole days since the last log; null: none yet */
  days: number | null;
}

export interface OverdueComplaint {
  evaluationId: string;
  collectiveName: string;
  rectifyBy: string;
  daysOverdue: number;
  content: string;
}

export interface SupervisionDashboard {
  staleDays: number;
  collectives: number;
  /** logged within N days / not for more than N days / never this term */
  freshness: { recent: number; stale: number; never: number };
  stale: StaleCollective[];
  logs: LogFacts & { unreadByMe: number; thisMonth: number };
  logsPerMonth: { month: string; count: number }[];
  ratings: { rating: number; count: number }[];
  evaluations: number;
  averageRating: number | null;
  complaints: ComplaintSummary;
  overdue: OverdueComplaint[];
}

function monthKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The dashboard of the actor's subtree (admins). */
export async function supervisionDashboard(actor: Actor, term: string, staleDays: number, now = new Date()): Promise<SupervisionDashboard> {
  if (!isAdmin(actor.role)) throw new ScopeError(OUT_OF_SCOPE);
  const problem = staleDaysProblem(staleDays);
  if (problem) throw new Error(problem);
  const d = db();
  const prefix = actor.role === 'national' ? '/' : actor.unitPath;
  const today = localDay(now);
  const [logs, evaluations, collectives] = await Promise.all([
    termLogs(prefix, term),
    termEvaluations(prefix, term),
    d.collectives
      .where('unitPath')
      .startsWith(prefix)
      .filter((c) => !c.deleted && c.term === term && c.status !== 'superseded' && c.status !== 'disqualified')
      .toArray(),
  ]);

  // newest log per collective
  const newest = new Map<string, string>();
  for (const u of logs) {
    const at = u.submittedAt ?? u.updatedAt;
    const prev = newest.get(u.collectiveId);
    if (!prev || at > prev) newest.set(u.collectiveId, at);
  }
  const units = new Map((await d.units.bulkGet([...new Set(collectives.map((c) => c.unitId))])).filter((u) => !!u).map((u) => [u!.id, u!.name]));
  const cutoff = now.getTime() - staleDays * 86_400_000;
  const freshness = { recent: 0, stale: 0, never: 0 };
  const stale: StaleCollective[] = [];
  const staleRow = (c: Collective, last: string | null): StaleCollective => ({
    id: c.id,
    name: c.profile.name,
    code: c.code,
    unitName: units.get(c.unitId) ?? '',
    lastLogAt: last,
    days: last ? Math.floor((now.getTime() - Date.parse(last)) / 86_400_000) : null,
  });
  for (const c of collectives) {
    const last = newest.get(c.id) ?? null;
    if (!last) {
      freshness.never++;
      stale.push(staleRow(c, null));
    } else if (Date.parse(last) < cutoff) {
      freshness.stale++;
      stale.push(staleRow(c, last));
    } else freshness.recent++;
  }
  stale.sort((a, b) => (a.days === null ? -1 : b.days === null ? 1 : b.days - a.days) || a.name.localeCompare(b.name, 'zh-CN'));

  const facts = await logFacts(logs);
  const myReads = new Set(
    (await d.logReads.where('accountId').equals(actor.accountId).filter((r) => !r.deleted).toArray()).map((r) => r.workUpdateId),
  );
  const months: { month: string; count: number }[] = [];
  for (let i = 11; i >= 0; i--) months.push({ month: monthKey(new Date(now.getFullYear(), now.getMonth() - i, 1)), count: 0 });
  const byMonth = new Map(months.map((m) => [m.month, m]));
  for (const u of logs) {
    const m = byMonth.get(monthKey(new Date(u.submittedAt ?? u.updatedAt)));
    if (m) m.count++;
  }

  const ratings = [1, 2, 3, 4, 5].map((rating) => ({ rating, count: 0 }));
  let sum = 0;
  for (const e of evaluations) {
    const r = ratings[e.rating - 1];
    if (r) {
      r.count++;
      sum += e.rating;
    }
  }
  const names = new Map(collectives.map((c) => [c.id, c.profile.name]));
  const missing = [...new Set(evaluations.map((e) => e.collectiveId))].filter((id) => !names.has(id));
  for (const c of await d.collectives.bulkGet(missing)) if (c) names.set(c.id, c.profile.name);
  const overdue = evaluations
    .filter((e) => e.complaint && isOverdue(e, today))
    .map((e) => ({ evaluationId: e.id, collectiveName: names.get(e.collectiveId) ?? '', rectifyBy: e.rectifyBy!, daysOverdue: daysOverdue(e, today), content: e.content }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue);

  return {
    staleDays,
    collectives: collectives.length,
    freshness,
    stale,
    logs: {
      submitted: facts.submitted,
      read: facts.read,
      commented: facts.commented,
      unreadByMe: logs.filter((u) => !myReads.has(u.id)).length,
      thisMonth: byMonth.get(monthKey(now))?.count ?? 0,
    },
    logsPerMonth: months,
    ratings,
    evaluations: evaluations.length,
    averageRating: evaluations.length ? Math.round((sum / evaluations.length) * 10) / 10 : null,
    complaints: complaintSummary(evaluations, today),
    overdue,
  };
}
