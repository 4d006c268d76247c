/**
 * Database schema, every released version.
 *
 * Policy: a released version is never edited. A change adds a new entry to SCHEMA_VERSIONS with
 * its stores and, if data must move, an upgrade in `migrations/vN-<slug>.ts` with a dated comment
 * on why and a test that seeds version N−1 and opens N (test/renderer/db/migrations.test.ts).
 * An automatic backup is taken before a migration runs (App.tsx mounts nothing that opens the
 * database until backupBeforeMigration has saved it).
 *
 * Tables marked synced travel in exchange packages and carry `rev` (hybrid logical clock);
 * `meta` is device-local (device id, clock state) and never leaves the machine.
 */
import type { Transaction } from 'dexie';
import { fillLogCounts } from './derived';

export interface SchemaVersion {
  version: number;
  released: string;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
  /**
   * A backup of the previous version restores into this one unchanged: the version only adds
   * derived tables (derived.ts), which a restore rebuilds as it writes. A version that changes
   * the shape of stored records must leave this unset, and backups of older versions are then
   * refused with a message saying which version to restore them with.
   */
  restoresPrevious?: boolean;
}

/** v1 (2026-11-26): the whole domain. */
const V1: Record<string, string> = {
  meta: 'key',
  settings: 'id, &key, rev',
  terms: 'id, &code, rev',
  units: 'id, &code, parentId, path, channel, rev',
  quotas: 'id, &[unitId+term], term, rev',
  accounts: 'id, &code, unitId, unitPath, collectiveId, role, status, recoveryEmail, rev',
  collectives:
    'id, &code, unitId, unitPath, status, term, nameKey, nameInitials, *formerNames, updatedAt, lastLogAt, rev',
  reviewEvents: 'id, collectiveId, at, rev',
  workUpdates: 'id, collectiveId, [collectiveId+date], unitPath, submittedAt, state, rev',
  logReads: 'id, &[workUpdateId+accountId], accountId, rev',
  logComments: 'id, workUpdateId, rev',
  attachments: 'id, &hash, rev',
  evaluations: 'id, collectiveId, unitPath, complaintState, date, rev',
  changes: 'id, collectiveId, unitPath, state, kind, rev',
  workEntries: 'id, [unitId+term], unitPath, type, rev',
  rubrics: 'id, ownerUnitId, version, rev',
  assessments: 'id, [unitId+term], scorerId, kind, rev',
  selfReports: 'id, &[unitId+term], rev',
  audit: 'seq, at, actorId, entity, entityId, action',
  peers: 'id, &deviceId, rev',
  conflicts: 'id, recordId, resolved',
  packages: 'id, &packageId, senderDeviceId',
};

/**
 * v2 (2026-12-02): `logCounts`, the submitted creation logs per collective, derived from
 * `workUpdates` by the storage layer (derived.ts) so the ledger never counts 400,000 logs. The
 * upgrade fills it from the logs already stored. No stored record changes shape.
 */
const V2: Record<string, string> = {
  logCounts: 'collectiveId',
};

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  { version: 1, released: '2026-11-26', stores: V1 },
  { version: 2, released: '2026-12-02', stores: V2, upgrade: fillLogCounts, restoresPrevious: true },
];

/** Whether a backup made at schema `version` can be restored into the current schema. */
export function restorableSchema(version: number): boolean {
  if (!Number.isInteger(version) || version < 1 || version > CURRENT_VERSION) return false;
  return SCHEMA_VERSIONS.filter((v) => v.version > version).every((v) => v.restoresPrevious === true);
}

export const CURRENT_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

/** Tables whose records travel between laptops (StoredRecord with rev). */
export const SYNCED_TABLES = [
  'settings',
  'terms',
  'units',
  'quotas',
  'accounts',
  'collectives',
  'reviewEvents',
  'workUpdates',
  'logReads',
  'logComments',
  'attachments',
  'evaluations',
  'changes',
  'workEntries',
  'rubrics',
  'assessments',
  'selfReports',
  'peers',
] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];
