/**
 * The audit trail of this laptop: read, filter, verify, export. Entries are only ever appended by
 * writeTx; nothing in the app edits or deletes them. Administrators of level 1 and the national
 * office read the trail of their laptop (a laptop serves one unit); others cannot.
 */
import type { AuditEntry } from '../../../shared/model/entities';
import { ScopeError } from '../../../shared/rules/scope';
import { verifyAudit } from '../../../shared/security/audit';
import { db } from '../db';
import type { Actor } from '../write';

export interface AuditFilter {
  actorId?: string;
  entity?: string;
  action?: string;
  /** yyyy-mm-dd inclusive */
  from?: string;
  to?: string;
  text?: string;
}

function assertAuditReader(actor: Actor): void {
  if (actor.role !== 'national' && actor.role !== 'admin1' && actor.role !== 'system') {
    throw new ScopeError('只有一级管理员和全国组委会办公室可以查看审计日志');
  }
}

export async function listAudit(actor: Actor, filter: AuditFilter = {}, limit = 500): Promise<{ rows: AuditEntry[]; total: number }> {
  assertAuditReader(actor);
  const from = filter.from ? `${filter.from}T00:00:00.000Z` : '';
  const to = filter.to ? `${filter.to}T23:59:59.999Z` : '\uffff';
  const text = filter.text?.trim() ?? '';
  const match = (e: AuditEntry) =>
    (!filter.actorId || e.actorId === filter.actorId) &&
    (!filter.entity || e.entity === filter.entity) &&
    (!filter.action || e.action === filter.action || e.action.startsWith(`${filter.action}.`)) &&
    (!text || e.summary.includes(text));
  const coll = db().audit.where('at').between(from, to, true, true).filter(match);
  const total = await coll.count();
  const rows = await db().audit.where('at').between(from, to, true, true).filter(match).reverse().limit(limit).toArray();
  return { rows, total };
}

export async function verifyAuditTrail(actor: Actor): Promise<ReturnType<typeof verifyAudit>> {
  assertAuditReader(actor);
  return verifyAudit(await db().audit.orderBy('seq').toArray());
}

export async function auditActors(actor: Actor): Promise<{ id: string; label: string }[]> {
  assertAuditReader(actor);
  const ids = new Set((await db().audit.orderBy('actorId').uniqueKeys()) as string[]);
  const accounts = await db().accounts.bulkGet([...ids]);
  return [...ids].map((id, i) => ({ id, label: id === 'system' ? '系统' : accounts[i] ? `${accounts[i]!.displayName}（${accounts[i]!.code}）` : id }));
}

/** All entries in chain order, for export. */
export async function allAudit(actor: Actor, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const { rows } = await listAudit(actor, filter, Number.MAX_SAFE_INTEGER);
  return rows.reverse();
}
