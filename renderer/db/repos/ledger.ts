/**
 * The standard ledger's records: everything one scope holds for one term, read in one
 * transaction so the workbook is a consistent snapshot.
 *
 * Scope policy (shared/rules/scope.ts): an administrator exports its own unit or any unit below
 * it (that unit's whole subtree); the national office exports any unit, or everything (the
 * national office's own unit); a collective exports nothing. A refused request throws ScopeError
 * and reads nothing.
 *
 * The tables of other features (reviewEvents, workUpdates, evaluations, changes, workEntries,
 * assessments, rubrics, selfReports) are read here directly through the fixed entity types, so
 * the ledger depends on their data, not on their code.
 */
import type { Table } from 'dexie';
import type { LedgerLog, LedgerSource } from '../../../shared/ledger/build';
import type { Account, SelfReport, Unit } from '../../../shared/model/entities';
import { assertSubtree, ScopeError } from '../../../shared/rules/scope';
import { reportExportCheck } from '../../../shared/text/charCount';
import { db } from '../db';
import { writeTx, type Actor } from '../write';

export class LedgerError extends Error {}

/** The database a ledger job in the worker opens: the one this page uses. */
export function ledgerDbName(): string {
  return db().name;
}

/** Units whose ledger the actor may export, in tree order (the actor's own unit first). */
export async function ledgerScopes(actor: Actor): Promise<Unit[]> {
  if (actor.role === 'collective' || actor.role === 'system') return [];
  const scope = actor.role === 'national' ? '/' : actor.unitPath;
  const units = await db().units.where('path').startsWith(scope).filter((u) => !u.deleted).toArray();
  const byId = new Map(units.map((u) => [u.id, u]));
  // order: depth-first, siblings by sortOrder then code, so a unit is followed by its subunits
  const key = (u: Unit): string =>
    u.path
      .split('/')
      .filter(Boolean)
      .map((id) => {
        const x = byId.get(id);
        return x ? `${String(x.sortOrder).padStart(6, '0')}:${x.code}` : '';
      })
      .join('/');
  return units.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function scopedUnit(actor: Actor, unitId: string): Promise<Unit> {
  if (actor.role === 'collective') throw new ScopeError('集体账号不能导出工作台账');
  const unit = await db().units.get(unitId);
  if (!unit || unit.deleted) throw new LedgerError('所选单位不存在');
  assertSubtree(actor, unit.path);
  return unit;
}

/** The unit's 情况报告 of the term, if it has one (for the "embed the report" option). */
export async function selfReportOf(actor: Actor, unitId: string, term: string): Promise<SelfReport | null> {
  const unit = await scopedUnit(actor, unitId);
  const r = await db().selfReports.where('[unitId+term]').equals([unit.id, term]).first();
  return r && !r.deleted ? r : null;
}

export interface GatherOptions {
  unitId: string;
  term: string;
  /** embed the unit's 情况报告 as a sheet */
  includeReport: boolean;
  appVersion: string;
  /** defaults to now */
  exportedAt?: string;
  /** steps of the read done so far, of `total` */
  onProgress?: (done: number, total: number) => void;
  /** checked between steps: true stops the read (LedgerCancelled) */
  cancelled?: () => boolean;
}

export class LedgerCancelled extends Error {
  constructor() {
    super('已取消');
  }
}

/** Every record the ledger of `unitId`'s subtree needs for `term`. */
export async function gatherLedgerSource(actor: Actor, options: GatherOptions): Promise<LedgerSource> {
  const root = await scopedUnit(actor, options.unitId);
  const d = db();
  return d.transaction(
    'r',
    [d.terms, d.units, d.quotas, d.collectives, d.reviewEvents, d.accounts, d.logCounts, d.evaluations, d.changes, d.workEntries, d.assessments, d.rubrics, d.selfReports],
    async () => {
      const term = await d.terms.where('code').equals(options.term).first();
      if (!term || term.deleted) throw new LedgerError(`届次 ${options.term} 不存在`);
      const path = root.path;
      const inTerm = <T extends { deleted?: boolean; term: string }>(x: T): boolean => !x.deleted && x.term === options.term;
      // Every read is a key range or a whole table read in one request (IndexedDB getAll), then
      // filtered here: a Dexie .filter() or .anyOf() walks a cursor, one round trip per record,
      // which at national scale (20,000 collectives, 400,000 logs) took most of a minute.
      const units = (await d.units.where('path').startsWith(path).toArray()).filter((u) => !u.deleted);
      const unitIds = new Set(units.map((u) => u.id));
      if (options.cancelled?.()) throw new LedgerCancelled();
      const steps = 3;
      options.onProgress?.(0, steps);
      // the top unit's ledger (the national office's) reads whole tables — the same records as
      // its unit-path range, without walking the index — and checks the path here
      const top = root.parentId === null;
      const scoped = <T extends { unitPath: string }>(table: Table<T, string>): Promise<T[]> =>
        top ? table.toArray().then((all) => all.filter((x) => x.unitPath.startsWith(path))) : table.where('unitPath').startsWith(path).toArray();
      const collectivesRead = scoped(d.collectives).then((all) => all.filter(inTerm));
      const [quotas, collectives, evaluations, changes, workEntries, assessments, rubrics, logCounts, reviewEvents, staff] = await Promise.all([
        d.quotas.where('term').equals(options.term).toArray().then((all) => all.filter((q) => !q.deleted && unitIds.has(q.unitId))),
        collectivesRead,
        scoped(d.evaluations).then((all) => all.filter(inTerm)),
        scoped(d.changes).then((all) => all.filter((c) => !c.deleted)),
        scoped(d.workEntries).then((all) => all.filter(inTerm)),
        d.assessments.toArray().then((all) => all.filter((a) => inTerm(a) && unitIds.has(a.unitId))),
        d.rubrics.toArray().then((all) => all.filter((r) => !r.deleted)),
        // Logs are only counted, per collective, and the storage layer keeps those counts
        // (derived.ts): one read of a small row per collective, never the logs themselves.
        // Counting the logs here instead took 15–22 s at 400,000 logs (docs/performance.md).
        d.logCounts.toArray(),
        // review events of the collectives in scope: the whole table for a large scope (one
        // request), by collective for a small one
        collectivesRead.then(async (cs) => {
          const ids = new Set(cs.map((c) => c.id));
          if (!ids.size) return [];
          const all = ids.size > 200 ? await d.reviewEvents.toArray() : await d.reviewEvents.where('collectiveId').anyOf([...ids]).toArray();
          return all.filter((e) => inTerm(e) && ids.has(e.collectiveId));
        }),
        // the people a ledger names are administrators, but for the collectives that reported a
        // change: every administrator account in one request per role
        Promise.all((['national', 'admin1', 'admin2', 'admin3'] as const).map((role) => d.accounts.where('role').equals(role).toArray())).then((lists) => lists.flat()),
      ]);
      options.onProgress?.(1, steps);
      if (options.cancelled?.()) throw new LedgerCancelled();
      const ids = new Set(collectives.map((c) => c.id));
      const workUpdates: LedgerLog[] = [];
      for (const n of logCounts) {
        if (n.submitted > 0 && ids.has(n.collectiveId)) workUpdates.push({ collectiveId: n.collectiveId, state: 'submitted', term: options.term, count: n.submitted });
      }
      const accountIds = new Set<string>([actor.accountId]);
      for (const e of reviewEvents) accountIds.add(e.actorId);
      for (const c of changes) {
        accountIds.add(c.reportedBy);
        if (c.decidedBy) accountIds.add(c.decidedBy);
      }
      for (const a of assessments) accountIds.add(a.scorerId);
      options.onProgress?.(2, steps);
      if (options.cancelled?.()) throw new LedgerCancelled();
      const byId = new Map<string, Account>();
      for (const a of staff) if (accountIds.has(a.id)) byId.set(a.id, a);
      const rest = [...accountIds].filter((id) => !byId.has(id));
      const restIds = new Set(rest);
      const others = rest.length > 200 ? (await d.accounts.where('role').equals('collective').toArray()).filter((a) => restIds.has(a.id)) : await d.accounts.bulkGet(rest);
      for (const a of others) if (a && accountIds.has(a.id)) byId.set(a.id, a);
      const found = [...accountIds].map((id) => byId.get(id)).filter((a): a is Account => a !== undefined);
      // only what the ledger prints: never password hashes or recovery e-mails
      const accounts = found.map((a) => ({ id: a.id, code: a.code, displayName: a.displayName, role: a.role }));
      let selfReport: SelfReport | null = null;
      if (options.includeReport) {
        const r = await d.selfReports.where('[unitId+term]').equals([root.id, options.term]).first();
        if (!r || r.deleted) throw new LedgerError(`${root.name}尚未填写${term.label}的情况报告，无法附在台账中`);
        const check = reportExportCheck(r.text);
        if (!check.ok) throw new LedgerError(check.message);
        selfReport = r;
      }
      const me = found.find((a) => a.id === actor.accountId);
      options.onProgress?.(steps, steps);
      return {
        root,
        term: { code: term.code, label: term.label },
        units,
        quotas,
        collectives,
        reviewEvents,
        accounts,
        workUpdates,
        evaluations,
        changes,
        workEntries,
        assessments,
        rubrics,
        selfReport,
        exportedAt: options.exportedAt ?? new Date().toISOString(),
        appVersion: options.appVersion,
        exportedBy: me ? `${me.displayName}（${me.code}）` : actor.displayName,
      };
    },
  );
}

/**
 * Record in the audit trail that a ledger left the machine, with its checksum, so a unit can
 * later show which ledger it submitted. Not a data change: only the audit entry is written.
 */
export async function recordLedgerExport(actor: Actor, unitId: string, summary: string): Promise<void> {
  const unit = await scopedUnit(actor, unitId);
  await writeTx(actor, [], async (w) => {
    w.audit({ action: 'ledger.export', entity: 'unit', entityId: unit.id, summary });
  });
}
