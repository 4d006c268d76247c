/**
 * Every state change goes through `writeTx`: one IndexedDB transaction that stamps records with
 * the device's hybrid logical clock and appends the audit entries of the action, so a change and
 * its audit trail commit together or not at all.
 *
 * Only Dexie calls may run inside (no fetch, no timers, no WebCrypto awaits): anything else lets
 * IndexedDB commit the transaction early (Dexie's PrematureCommitError). Hashing for the audit
 * chain is therefore synchronous (shared/security/audit.ts).
 */
import type { Table } from 'dexie';
import { HybridClock, type HlcState } from '../../shared/model/hlc';
import type { AuditEntry, Role, StoredRecord } from '../../shared/model/entities';
import { sealAuditEntry } from '../../shared/security/audit';
import { deviceId as newDeviceId } from '../../shared/security/codes';
import { db } from './db';
import { translateStorageError } from './errors';

/** Who is acting: repos check scope against this before writing. */
export interface Actor {
  accountId: string;
  role: Role | 'system';
  unitId: string;
  /** unit path of the actor's unit, '/…/' — its subtree is everything whose path starts with it */
  unitPath: string;
  collectiveId: string | null;
  displayName: string;
}

export const SYSTEM_ACTOR: Actor = {
  accountId: 'system',
  role: 'system',
  unitId: '',
  unitPath: '/',
  collectiveId: null,
  displayName: '系统',
};

let clock: HybridClock | null = null;

/** Load (or create) the device id and clock state. Called once when the app opens the database. */
export async function loadClock(): Promise<HybridClock> {
  const d = db();
  const [idRow, stateRow] = await Promise.all([d.meta.get('deviceId'), d.meta.get('hlc')]);
  let id = idRow?.value as string | undefined;
  if (!id) {
    const fresh = newDeviceId();
    await d.meta.put({ key: 'deviceId', value: fresh });
    id = fresh;
  }
  clock = new HybridClock(id, (stateRow?.value as HlcState | undefined) ?? { wall: 0, counter: 0 });
  return clock;
}

export function currentClock(): HybridClock {
  if (!clock) throw new Error('时钟尚未初始化');
  return clock;
}

export function resetClockForTests(): void {
  clock = null;
}

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string;
  summary: string;
}

export class Writer {
  private readonly audits: AuditInput[] = [];
  constructor(
    readonly actor: Actor,
    readonly now: string,
    private readonly c: HybridClock,
  ) {}

  /** A new record with id, timestamps and revision. */
  create<T extends StoredRecord>(fields: Omit<T, keyof StoredRecord> & { id?: string }): T {
    return {
      ...fields,
      id: fields.id ?? crypto.randomUUID(),
      createdAt: this.now,
      updatedAt: this.now,
      rev: this.c.next(),
    } as T;
  }

  /** The same record after a change: new updatedAt and revision. */
  touch<T extends StoredRecord>(record: T, changes: Partial<Omit<T, keyof StoredRecord>> = {}): T {
    return { ...record, ...changes, updatedAt: this.now, rev: this.c.next() };
  }

  audit(entry: AuditInput): void {
    this.audits.push(entry);
  }

  /** @internal */
  drainAudits(): AuditInput[] {
    return this.audits.splice(0);
  }
}

/**
 * Run `fn` in one read-write transaction over `tables` plus meta and audit.
 * Throws (and writes nothing) if `fn` throws; a full disk becomes StorageFullError (errors.ts).
 */
export async function writeTx<T>(actor: Actor, tables: Table[], fn: (w: Writer) => Promise<T>): Promise<T> {
  const d = db();
  const c = clock ?? (await loadClock());
  // A rolled-back transaction leaves the in-memory clock ahead of what is stored: harmless, since
  // revisions only need to increase, and rolling it back could re-issue a stamp a concurrent write used.
  try {
    return await d.transaction('rw', [d.meta, d.audit, ...tables], async () => {
      const w = new Writer(actor, new Date().toISOString(), c);
      const result = await fn(w);
      const audits = w.drainAudits();
      if (audits.length) {
        let prev = (await d.audit.orderBy('seq').last()) ?? null;
        const entries: AuditEntry[] = [];
        for (const a of audits) {
          const entry: AuditEntry = sealAuditEntry(prev, {
            at: w.now,
            actorId: actor.accountId,
            actorRole: actor.role,
            action: a.action,
            entity: a.entity,
            entityId: a.entityId,
            summary: a.summary,
          });
          entries.push(entry);
          prev = entry;
        }
        // one request for all of them: a 20,000-row roster import audits 20,001 entries
        await d.audit.bulkAdd(entries);
      }
      await d.meta.put({ key: 'hlc', value: c.snapshot() });
      return result;
    });
  } catch (e) {
    throw translateStorageError(e);
  }
}
