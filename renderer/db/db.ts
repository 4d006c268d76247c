/**
 * The one Dexie instance. Only `renderer/db/repos/*` (and write.ts, which they use) touch it.
 */
import Dexie, { type Table } from 'dexie';
import type {
  Account,
  Assessment,
  Attachment,
  AuditEntry,
  ChangeRequest,
  Collective,
  Conflict,
  Evaluation,
  ExchangePeer,
  LogComment,
  LogRead,
  Quota,
  ReviewEvent,
  Rubric,
  SelfReport,
  Setting,
  Term,
  Unit,
  WorkEntry,
  WorkUpdate,
} from '../../shared/model/entities';
import { derivedTablesMiddleware, type LogCount } from './derived';
import { SCHEMA_VERSIONS, type SchemaVersion } from './schema';

export interface MetaRow {
  key: string;
  value: unknown;
}

export interface PackageRecord {
  id: string;
  packageId: string;
  senderDeviceId: string;
  importedAt: string;
  summary: string;
}

export class YcaDb extends Dexie {
  meta!: Table<MetaRow, string>;
  settings!: Table<Setting, string>;
  terms!: Table<Term, string>;
  units!: Table<Unit, string>;
  quotas!: Table<Quota, string>;
  accounts!: Table<Account, string>;
  collectives!: Table<Collective, string>;
  reviewEvents!: Table<ReviewEvent, string>;
  workUpdates!: Table<WorkUpdate, string>;
  logReads!: Table<LogRead, string>;
  logComments!: Table<LogComment, string>;
  attachments!: Table<Attachment, string>;
  evaluations!: Table<Evaluation, string>;
  changes!: Table<ChangeRequest, string>;
  workEntries!: Table<WorkEntry, string>;
  rubrics!: Table<Rubric, string>;
  assessments!: Table<Assessment, string>;
  selfReports!: Table<SelfReport, string>;
  audit!: Table<AuditEntry, number>;
  peers!: Table<ExchangePeer, string>;
  conflicts!: Table<Conflict, string>;
  packages!: Table<PackageRecord, string>;
  /** derived from workUpdates by the storage layer (derived.ts); never written by a repo */
  logCounts!: Table<LogCount, string>;

  constructor(name: string, versions: readonly SchemaVersion[] = SCHEMA_VERSIONS) {
    super(name);
    for (const v of versions) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
    this.use(derivedTablesMiddleware);
  }
}

export const DEFAULT_DB_NAME = 'yca-desk';

let instance: YcaDb | null = null;

/** Open (or switch to) the database. Tests pass a unique name per test file. */
export function initDb(name = DEFAULT_DB_NAME): YcaDb {
  if (instance && instance.name === name) return instance;
  instance?.close();
  instance = new YcaDb(name);
  // Another window upgraded the schema: this one must reload rather than write with an old model.
  instance.on('versionchange', () => {
    instance?.close();
    if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent('yca:versionchange'));
    return false;
  });
  return instance;
}

export function db(): YcaDb {
  return instance ?? initDb();
}

export async function closeDb(): Promise<void> {
  instance?.close();
  instance = null;
}
