/**
 * Crash consistency (issue 10, item 2), through the real repos on fake-indexeddb:
 * - an error thrown by the storage in the middle of a roster import or a package import leaves
 *   no partial rows (the failure is injected at the DBCore level — where IndexedDB requests are
 *   made — so it hits whatever write comes next, single or bulk);
 * - a QuotaExceededError during a write aborts the whole write with one Chinese message
 *   (renderer/db/errors.ts, applied in writeTx);
 * - a failed migration leaves the old version and its data, and the pre-migration snapshot;
 * - a second connection upgrading the database makes this one close and tell the app to reload;
 * - free space is checked before large imports (renderer/db/storage.ts);
 * - persistent storage is asked for (the platform bridges; the app calls it after sign-in:
 *   test/e2e/resilience.e2e.ts).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTable } from 'dexie';
import { closeDb, db, initDb, YcaDb } from '../../../renderer/db/db';
import { isQuotaError, STORAGE_FULL_MESSAGE, StorageFullError, translateStorageError } from '../../../renderer/db/errors';
import { issueAccount } from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import { backupBeforeMigration, BackupError, createBackup, listMigrationSnapshots, migrationSnapshotBytes, readBackup, restoreBackup, setBackupKdfIterationsForTests } from '../../../renderer/db/repos/backup';
import { commitImport, EvaluationError, planImport } from '../../../renderer/db/repos/evaluations';
import { applyImport, exportPackage, ExchangeError, readPackageFile, type ReadPackage } from '../../../renderer/db/repos/exchange';
import { trustSender } from '../../../renderer/db/repos/peers';
import { importRoster, RosterImportError, type RosterImportProgress } from '../../../renderer/db/repos/roster';
import { runSetup } from '../../../renderer/db/repos/setup';
import { CURRENT_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from '../../../renderer/db/schema';
import { checkFreeSpace } from '../../../renderer/db/storage';
import { SYSTEM_ACTOR, writeTx } from '../../../renderer/db/write';
import { electronPlatform } from '../../../renderer/platform/platform.electron';
import { webPlatform } from '../../../renderer/platform/platform.web';
import type { YcaBridge } from '../../../shared/ipc/contract';
import { parseEvaluationWorkbook } from '../../../shared/evaluations/parse';
import { parseRosterWorkbook } from '../../../shared/roster/parse';
import { book, EVALUATED, EVALUATION_HEADER, ROSTER_HEADER, rosterRow } from '../../fixtures/hostile/corpus';
import { dbSnapshot, freshLaptop, PW, rejection, shanghaiLaptop, TERM, useLaptop } from '../../hostile/harness';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** As the migration harness (migrations.test.ts) does: a database declared up to `version`, seeded. */
async function seedAtVersion(name: string, version: number, seed: (d: YcaDb) => Promise<void>): Promise<void> {
  const older = new YcaDb(name, SCHEMA_VERSIONS.filter((v) => v.version <= version));
  await older.open();
  await seed(older);
  older.close();
}

// ---------------------------------------------------------------------------------------------
// Failure injection: the Nth IndexedDB write request of the database fails

interface Injection {
  armed: boolean;
  /** write requests that went through before the failure, and the records they carried */
  requestsBefore: number;
  recordsBefore: number;
  failed: boolean;
  /** write requests seen while disarmed (a clean run) */
  requestsSeen: number;
}

/** Install (once per database) a DBCore middleware that fails the `n`th write request while armed. */
async function injectFailure(n: number, makeError: () => unknown): Promise<Injection> {
  const state: Injection = { armed: true, requestsBefore: 0, recordsBefore: 0, failed: false, requestsSeen: 0 };
  const d = db();
  d.use({
    stack: 'dbcore',
    name: 'crash-test',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (tableName: string): DBCoreTable => {
        const t = down.table(tableName);
        return {
          ...t,
          mutate: (req: DBCoreMutateRequest) => {
            if (!state.armed) {
              state.requestsSeen++;
              return t.mutate(req);
            }
            if (state.requestsBefore + 1 === n) {
              state.armed = false;
              state.failed = true;
              return Promise.reject(makeError());
            }
            state.requestsBefore++;
            state.recordsBefore += 'values' in req && req.values ? req.values.length : 'keys' in req && req.keys ? req.keys.length : 1;
            return t.mutate(req);
          },
        };
      },
    }),
  });
  // middleware stacks are built when the database opens
  d.close({ disableAutoOpen: false });
  await d.open();
  return state;
}

const crash = () => new Error('模拟写入中途出错（测试）');
const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

function rosterBytes(count: number): Uint8Array {
  return book([{ name: '集体名单', aoa: [ROSTER_HEADER, ...Array.from({ length: count }, (_, i) => rosterRow(i + 1, `崩溃测试集体${i + 1}`))] }]);
}

describe('an error in the middle of an import leaves no partial rows', () => {
  it('roster import: the second write request fails after the first wrote rows; nothing stays, and a retry works', async () => {
    const admin = await shanghaiLaptop('crash-roster');
    const parsed = parseRosterWorkbook(rosterBytes(6));
    const before = await dbSnapshot();
    const inj = await injectFailure(2, crash);
    const err = await rejection(importRoster(admin.actor, parsed, 'unit-R09', TERM));
    expect(err.message).toBe('模拟写入中途出错（测试）');
    expect(inj.failed).toBe(true);
    expect(inj.recordsBefore).toBeGreaterThan(0); // rows had been written inside the transaction
    expect(await dbSnapshot()).toBe(before);
    expect(await db().collectives.count()).toBe(0);
    // the same import, nothing injected, writes more requests than the failure point
    const ok = await importRoster(admin.actor, parsed, 'unit-R09', TERM);
    expect(ok.created).toHaveLength(6);
    expect(inj.requestsSeen).toBeGreaterThan(2);
    expect(ok.created[0]!.code.startsWith('R09J00001')).toBe(true); // no code was used up by the failed attempt
  });

  describe('package import', () => {
    let laptopN = '';
    let national: Session;
    let pkg: ReadPackage;
    beforeAll(async () => {
      const shAdmin = await shanghaiLaptop('crash-pkg-A', ['上海市第一人民医院急诊科', '上海地铁一号线徐家汇站', '上海某社区服务中心']);
      const bytes = (await exportPackage(shAdmin.actor, { unitId: 'unit-N00' }, { term: TERM, full: true })).bytes;
      laptopN = await freshLaptop('crash-pkg-N');
      const n = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
      national = await login(n.code, PW);
      const read = await readPackageFile(bytes);
      if (!read.ok) throw new Error(read.message);
      pkg = read;
      await trustSender(national.actor, pkg.manifest, pkg.manifest.sender.fingerprint);
    });

    it('the second write request fails: no record, watermark, package log or audit entry stays; a retry applies it', async () => {
      await useLaptop(laptopN);
      const before = await dbSnapshot();
      const inj = await injectFailure(2, crash);
      const err = await rejection(applyImport(national.actor, pkg));
      expect(err.message).toBe('模拟写入中途出错（测试）');
      expect(inj.recordsBefore).toBeGreaterThan(0);
      expect(await dbSnapshot()).toBe(before);
      const ok = await applyImport(national.actor, pkg);
      expect(ok.counts.new).toBeGreaterThan(3);
      expect(inj.requestsSeen).toBeGreaterThan(2);
    });
  });
});

describe('a full disk (QuotaExceededError) aborts the whole write with one Chinese message', () => {
  it('recognises the quota error however Dexie hands it on', () => {
    const dom = quota();
    expect(isQuotaError(dom)).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('quota'))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', dom))).toBe(true);
    expect(isQuotaError(new Dexie.BulkError('bulkAdd failed', { 3: dom } as unknown as Error[]))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', new Error('other')))).toBe(false);
    expect(isQuotaError(new Dexie.ConstraintError('Key already exists'))).toBe(false);
    const other = new Error('other');
    expect(translateStorageError(other)).toBe(other);
    expect(translateStorageError(dom)).toBeInstanceOf(StorageFullError);
    expect(STORAGE_FULL_MESSAGE).toMatch(/^存储空间不足：.*未写入任何数据/);
  });

  it('in any writeTx: StorageFullError, nothing written', async () => {
    await shanghaiLaptop('quota-tx');
    const before = await dbSnapshot();
    await injectFailure(1, quota);
    const err = await rejection(
      writeTx(SYSTEM_ACTOR, [db().settings], async (w) => {
        await db().settings.add(w.create({ key: 'quota-test', value: 1 } as never));
        w.audit({ action: 'test', entity: 'setting', entityId: 'x', summary: '测试' });
      }),
    );
    expect(err).toBeInstanceOf(StorageFullError);
    expect(err.message).toBe(STORAGE_FULL_MESSAGE);
    expect(await dbSnapshot()).toBe(before);
  });

  it('in the middle of a roster import: the administrator is told the disk is full, and no collective was created', async () => {
    const admin = await shanghaiLaptop('quota-roster');
    const parsed = parseRosterWorkbook(rosterBytes(4));
    const before = await dbSnapshot();
    const inj = await injectFailure(2, quota);
    const err = await rejection(importRoster(admin.actor, parsed, 'unit-R09', TERM));
    expect(err).toBeInstanceOf(StorageFullError);
    expect(err.message).toMatch(/^存储空间不足/);
    expect(inj.recordsBefore).toBeGreaterThan(0);
    expect(await dbSnapshot()).toBe(before);
  });

  it('while restoring a backup: the old data stays complete', async () => {
    const admin = await shanghaiLaptop('quota-restore', ['上海市第一人民医院急诊科']);
    setBackupKdfIterationsForTests(2000);
    const file = await createBackup(admin.actor);
    await issueAccount(admin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '备份之后的集体', recoveryEmail: '' }, TERM);
    const before = await dbSnapshot();
    // the restore clears every table first: fail a few requests in, after the clearing began
    await injectFailure(5, quota);
    const err = await rejection(restoreBackup(admin.actor, file.bytes, null));
    expect(err).toBeInstanceOf(StorageFullError);
    expect(await dbSnapshot()).toBe(before);
    expect((await db().collectives.toArray()).map((c) => c.profile.name)).toContain('备份之后的集体');
  });
});

describe('a failed migration', () => {
  it('leaves the old version and its data, and the automatic pre-migration snapshot holds them', async () => {
    const name = `crash-migr-${Date.now()}`;
    await seedAtVersion(name, 1, async (old) => {
      await old.settings.put({ id: 's1', key: 'idleLockMinutes', value: 15, createdAt: '', updatedAt: '', rev: '' });
      await old.units.put({ id: 'unit-R09', code: 'R09', name: '上海', path: '/unit-N00/unit-R09/' } as never);
    });
    // what App.tsx does before opening a newer schema
    expect(await backupBeforeMigration(name, 2)).toBe(true);
    const v2: SchemaVersion = {
      version: 2,
      released: '2099-01-01',
      stores: { units: 'id, &code, parentId, path, channel, rev, name' },
      upgrade: async (tx) => {
        await tx.table('units').toCollection().modify((u: { name: string }) => {
          u.name = '迁移中改了一半';
        });
        throw new Error('迁移失败（测试）');
      },
    };
    const newer = new YcaDb(name, [SCHEMA_VERSIONS[0]!, v2]);
    await expect(newer.open()).rejects.toThrow('迁移失败（测试）');
    newer.close();

    const after = new Dexie(name);
    await after.open();
    expect(after.verno).toBe(1);
    expect(await after.table('units').toArray()).toEqual([{ id: 'unit-R09', code: 'R09', name: '上海', path: '/unit-N00/unit-R09/' }]);
    expect(after.table('units').schema.indexes.map((i) => i.name)).not.toContain('name');
    after.close();

    const snaps = await listMigrationSnapshots(name);
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({ fromVersion: 1, toVersion: 2 });
    // the snapshot is an ordinary backup: the 备份与恢复 page can read (and restore) it
    const admin = await shanghaiLaptop('crash-migr-reader');
    const preview = await readBackup(await migrationSnapshotBytes(admin.actor, snaps[0]!.id, name), null);
    expect(preview.tables.units).toEqual([{ id: 'unit-R09', code: 'R09', name: '上海', path: '/unit-N00/unit-R09/' }]);
    expect(preview.tables.settings).toHaveLength(1);
  });
});

describe('a second window upgrading the database', () => {
  it('closes this connection and tells the app (yca:versionchange), so the upgrade is not blocked', async () => {
    const target = new EventTarget();
    const heard = vi.fn();
    target.addEventListener('yca:versionchange', heard);
    vi.stubGlobal('window', target);
    await closeDb();
    const name = `crash-vc-${Date.now()}`;
    initDb(name);
    await db().open();
    const other = new Dexie(name);
    // a newer app: every store of today's schema, one version up
    other.version(CURRENT_VERSION + 1).stores(Object.assign({}, ...SCHEMA_VERSIONS.map((v) => v.stores)));
    await other.open(); // would wait forever if this window kept its connection open
    expect(other.verno).toBe(CURRENT_VERSION + 1);
    expect(heard).toHaveBeenCalledTimes(1);
    expect(db().isOpen()).toBe(false);
    other.close();
    await closeDb();
  });
});

describe('free space is checked before large imports', () => {
  const estimate = (quota: number, usage: number) => vi.stubGlobal('navigator', { storage: { estimate: vi.fn(async () => ({ quota, usage })) } });
  const MB = 1024 * 1024;

  it('refuses when less than twice the need is left, in Chinese with the figures', async () => {
    estimate(100 * MB, 90 * MB);
    const refusal = await checkFreeSpace(6 * MB);
    expect(refusal).toMatch(/^存储空间不足：此次导入约需 6(\.0)? MiB，本软件可用的剩余空间只有约 10(\.0)? MiB（为安全起见需要至少 12(\.0)? MiB）。未写入任何数据。/);
    expect(await checkFreeSpace(5 * MB)).toBeNull();
  });

  it('lets the import go ahead when the browser cannot tell', async () => {
    vi.stubGlobal('navigator', {});
    expect(await checkFreeSpace(10 * MB)).toBeNull();
    vi.stubGlobal('navigator', { storage: { estimate: async () => Promise.reject(new Error('no')) } });
    expect(await checkFreeSpace(10 * MB)).toBeNull();
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({}) } });
    expect(await checkFreeSpace(10 * MB)).toBeNull();
  });

  it('roster import: refused before the passwords are prepared, nothing written', async () => {
    const admin = await shanghaiLaptop('space-roster');
    const before = await dbSnapshot();
    estimate(1 * MB, 1 * MB - 1000);
    const phases: RosterImportProgress['phase'][] = [];
    const err = await rejection(importRoster(admin.actor, parseRosterWorkbook(rosterBytes(3)), 'unit-R09', TERM, { onProgress: (p) => phases.push(p.phase) }));
    expect(err).toBeInstanceOf(RosterImportError);
    expect(err.message).toMatch(/^存储空间不足/);
    expect(phases).toEqual([]);
    expect(await dbSnapshot()).toBe(before);
  });

  it('evaluation import, package import and backup restore: refused before writing', async () => {
    const admin = await shanghaiLaptop('space-others', EVALUATED);
    setBackupKdfIterationsForTests(2000);
    const file = await createBackup(admin.actor);
    const evalBytes = book([{ name: '社会评价', aoa: [EVALUATION_HEADER, [EVALUATED[0], '', '社会公众', 5, '服务热情', '2017-05-04', '否']] }]);
    const plan = await planImport(admin.actor, parseEvaluationWorkbook(evalBytes, { today: '2018-01-01' }));
    expect(plan.valid).toBe(true);
    const pkgBytes = (await exportPackage(admin.actor, { unitId: 'unit-N00' }, { term: TERM, full: true })).bytes;
    const pkg = await readPackageFile(pkgBytes);
    if (!pkg.ok) throw new Error(pkg.message);

    const before = await dbSnapshot();
    estimate(1000, 999);
    const e1 = await rejection(commitImport(admin.actor, plan, TERM, '社会评价.xlsx'));
    expect(e1).toBeInstanceOf(EvaluationError);
    expect(e1.message).toMatch(/^存储空间不足/);
    const e2 = await rejection(applyImport(admin.actor, pkg));
    expect(e2).toBeInstanceOf(ExchangeError);
    expect(e2.message).toMatch(/^存储空间不足/);
    const e3 = await rejection(restoreBackup(admin.actor, file.bytes, null));
    expect(e3).toBeInstanceOf(BackupError);
    expect(e3.message).toMatch(/^存储空间不足/);
    expect(await dbSnapshot()).toBe(before);
    // with room, the evaluation import goes through
    estimate(1024 * MB, 0);
    expect((await commitImport(admin.actor, plan, TERM, '社会评价.xlsx')).written).toBe(1);
  });
});

describe('persistent storage is requested', () => {
  function storage(persisted: boolean, grant: boolean) {
    const s = { persisted: vi.fn(async () => persisted), persist: vi.fn(async () => grant) };
    vi.stubGlobal('navigator', { storage: s });
    return s;
  }

  it('web edition: asks the browser to persist unless it already does, and reports the answer', async () => {
    let s = storage(false, true);
    expect(await webPlatform.requestPersistentStorage()).toBe(true);
    expect(s.persist).toHaveBeenCalledTimes(1);
    s = storage(false, false);
    expect(await webPlatform.requestPersistentStorage()).toBe(false);
    s = storage(true, false);
    expect(await webPlatform.requestPersistentStorage()).toBe(true);
    expect(s.persist).not.toHaveBeenCalled();
    vi.stubGlobal('navigator', {});
    expect(await webPlatform.requestPersistentStorage()).toBe(false);
  });

  it('desktop edition: asks as well; without the API the profile is not evicted anyway', async () => {
    const p = electronPlatform({} as YcaBridge);
    const s = storage(false, true);
    expect(await p.requestPersistentStorage()).toBe(true);
    expect(s.persist).toHaveBeenCalledTimes(1);
    vi.stubGlobal('navigator', {});
    expect(await p.requestPersistentStorage()).toBe(true);
  });
});
