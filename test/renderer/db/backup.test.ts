import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import { runSetup } from '../../../renderer/db/repos/setup';
import {
  backupBeforeMigration,
  backupStatus,
  buildBackup,
  createBackup,
  listMigrationSnapshots,
  parseBackup,
  recordBackup,
  restoreBackup,
  setBackupKdfIterationsForTests,
} from '../../../renderer/db/repos/backup';
import { deviceInfo } from '../../../renderer/db/repos/peers';
import { loadClock, resetClockForTests, SYSTEM_ACTOR, writeTx } from '../../../renderer/db/write';
import { verifyAudit } from '../../../shared/security/audit';
import Dexie from 'dexie';
import { CURRENT_VERSION } from '../../../renderer/db/schema';
import type { WorkUpdate } from '../../../shared/model/entities';

/** Re-frame a backup with another header (the payload is unencrypted and unchanged). */
function withHeader(bytes: Uint8Array, change: Record<string, unknown>): Uint8Array {
  const p = parseBackup(bytes);
  const header = new TextEncoder().encode(JSON.stringify({ ...p.header, ...change }));
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, header.length);
  return new Uint8Array([...bytes.subarray(0, 11), ...len, ...header, ...p.payload]);
}

async function addLogs(specs: [id: string, collectiveId: string, state: WorkUpdate['state']][]): Promise<void> {
  await writeTx(SYSTEM_ACTOR, [db().workUpdates], async (w) => {
    await db().workUpdates.bulkPut(
      specs.map(([id, collectiveId, state]) =>
        w.create<WorkUpdate>({ id, collectiveId, unitPath: '/unit-R09/', term: TERM, title: '日志', date: '2017-05-01', text: '正文', attachmentHashes: [], state, submittedAt: null, authorId: 'x', hasMedia: false }),
      ),
    );
  });
}

const counts = async (): Promise<Record<string, number>> => Object.fromEntries((await db().logCounts.toArray()).map((r) => [r.collectiveId, r.submitted]));

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;
let admin: Session;

async function everything(): Promise<string> {
  const d = db();
  const out: Record<string, unknown> = {};
  for (const t of d.tables) {
    if (t.name === 'audit' || t.name === 'meta') continue;
    const rows = await t.toArray();
    out[t.name] = await Promise.all(
      rows.map(async (r) => {
        const o: Record<string, unknown> = { ...(r as object) };
        for (const [k, v] of Object.entries(o)) if (v instanceof Blob) o[k] = `blob:${v.type}:${new TextDecoder().decode(await v.arrayBuffer())}`;
        return o;
      }),
    );
  }
  return JSON.stringify(out);
}

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`backup-test-${n++}`);
  await loadClock();
  setHashOptionsForTests({ iterations: 1000 });
  setBackupKdfIterationsForTests(2000);
  const { code } = await runSetup({ unitCode: 'R09', adminName: '王晓明', password: PW, recoveryEmail: '' });
  admin = await login(code, PW);
  await issueAccount(admin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海市第一人民医院急诊科', recoveryEmail: '' }, TERM);
  // an attachment with real bytes, stored as a Blob the way the browser edition stores it
  await writeTx(SYSTEM_ACTOR, [db().attachments], async (w) => {
    await db().attachments.add(
      w.create({ hash: 'a'.repeat(64), mime: 'image/png', size: 4, name: '照片.png', data: new Blob(['PNG!'], { type: 'image/png' }), thumbnail: null }),
    );
  });
});

/** Change the data after the backup so a restore has something to undo. */
async function scribble() {
  await issueAccount(admin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海地铁一号线徐家汇站', recoveryEmail: '' }, TERM);
  await db().attachments.clear();
}

describe('backup and restore', () => {
  it('round-trips the whole database with attachments (no passphrase), all or nothing', async () => {
    const before = await everything();
    const file = await createBackup(admin.actor);
    expect(file.header).toMatchObject({ format: 'YCA-BACKUP', formatVersion: 1, schemaVersion: CURRENT_VERSION, encrypted: false });
    expect(file.fileName).toMatch(/\.ycabak$/);
    await scribble();
    expect(await everything()).not.toBe(before);
    const keyBefore = await deviceInfo();
    await restoreBackup(admin.actor, file.bytes, null);
    expect(await everything()).toBe(before);
    const att = await db().attachments.toArray();
    expect(att[0]!.data).toBeInstanceOf(Blob);
    // the laptop keeps its own identity; the audit chain stays intact with the restore appended
    expect((await deviceInfo()).fingerprint).toBe(keyBefore.fingerprint);
    const audit = await db().audit.orderBy('seq').toArray();
    expect(verifyAudit(audit)).toMatchObject({ ok: true });
    expect(audit[audit.length - 1]!.action).toBe('backup.restore');
  });

  it('leaves the derived log counts out of a backup and rebuilds them on restore', async () => {
    await addLogs([['l1', 'c1', 'submitted'], ['l2', 'c1', 'submitted'], ['l3', 'c2', 'draft']]);
    expect(await counts()).toEqual({ c1: 2 });
    const file = await createBackup(admin.actor);
    expect(file.header.tables.workUpdates).toBe(3);
    expect(file.header.tables).not.toHaveProperty('logCounts');
    await addLogs([['l4', 'c2', 'submitted'], ['l3', 'c2', 'submitted']]);
    expect(await counts()).toEqual({ c1: 2, c2: 2 });
    await restoreBackup(admin.actor, file.bytes, null);
    expect(await counts()).toEqual({ c1: 2 });
  });

  it('restores a backup of schema version 1 (the later versions only add derived tables)', async () => {
    await addLogs([['l1', 'c1', 'submitted'], ['l2', 'c3', 'submitted']]);
    const before = await everything();
    const v1 = withHeader((await createBackup(admin.actor)).bytes, { schemaVersion: 1 });
    await scribble();
    await addLogs([['l9', 'c9', 'submitted']]);
    await restoreBackup(admin.actor, v1, null);
    expect(await everything()).toBe(before);
    expect(await counts()).toEqual({ c1: 1, c3: 1 });
  });

  it('never puts the device private key in a backup', async () => {
    await deviceInfo(); // makes the key pair
    const key = (await db().meta.get('exchange.deviceKey'))!.value as { privateKey: string };
    const file = await createBackup(admin.actor);
    const text = new TextDecoder('latin1').decode(file.bytes);
    expect(text).not.toContain(key.privateKey);
    expect(text).not.toContain('exchange.deviceKey');
  });

  it('round-trips with a passphrase, and a wrong passphrase is refused with a clear message and no change', async () => {
    const before = await everything();
    const file = await createBackup(admin.actor, { passphrase: '青年文明号备份2017!' });
    expect(file.header.encrypted).toBe(true);
    expect(new TextDecoder('latin1').decode(file.bytes)).not.toContain('急诊科');
    await scribble();
    const scribbled = await everything();
    await expect(restoreBackup(admin.actor, file.bytes, '错误的密码错误的密码')).rejects.toThrow('备份密码不正确');
    await expect(restoreBackup(admin.actor, file.bytes, null)).rejects.toThrow('此备份已加密');
    expect(await everything()).toBe(scribbled);
    await restoreBackup(admin.actor, file.bytes, '青年文明号备份2017!');
    expect(await everything()).toBe(before);
  });

  it('refuses a short passphrase', async () => {
    await expect(createBackup(admin.actor, { passphrase: 'short' })).rejects.toThrow('至少需要 10 个字符');
  });

  it('refuses a backup made by a newer app, with advice to upgrade', async () => {
    const file = await createBackup(admin.actor);
    const p = parseBackup(file.bytes);
    const header = new TextEncoder().encode(JSON.stringify({ ...p.header, schemaVersion: CURRENT_VERSION + 1, appVersion: '9.0.0' }));
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, header.length);
    const magic = file.bytes.subarray(0, 11);
    const newer = new Uint8Array([...magic, ...len, ...header, ...p.payload]);
    const before = await everything();
    await expect(restoreBackup(admin.actor, newer, null)).rejects.toThrow('请先升级本软件');
    expect(await everything()).toBe(before);
  });

  it('refuses a truncated backup and one with a flipped byte, changing nothing', async () => {
    const file = await createBackup(admin.actor);
    await scribble();
    const before = await everything();
    await expect(restoreBackup(admin.actor, file.bytes.subarray(0, file.bytes.length - 100), null)).rejects.toThrow('备份文件不完整');
    await expect(restoreBackup(admin.actor, file.bytes.subarray(0, 30), null)).rejects.toThrow('不完整');
    const flipped = new Uint8Array(file.bytes);
    flipped[flipped.length - 10]! ^= 0x01;
    await expect(restoreBackup(admin.actor, flipped, null)).rejects.toThrow('已损坏');
    await expect(restoreBackup(admin.actor, new TextEncoder().encode('hello'), null)).rejects.toThrow('不是 YCA Desk 备份文件');
    expect(await everything()).toBe(before);
  });

  it('only the level-1 administrator (or the laptop owner) may back up or restore', async () => {
    const c = await db().accounts.where('role').equals('collective').first();
    const actor = { ...admin.actor, accountId: c!.id, role: 'collective' as const, collectiveId: c!.collectiveId };
    await expect(createBackup(actor)).rejects.toThrow('只有本机的一级管理员');
  });

  it('reminds when no backup was made within the interval', async () => {
    expect((await backupStatus()).due).toBe(true);
    await createBackup(admin.actor);
    expect((await backupStatus()).due).toBe(false);
    expect((await backupStatus(new Date(Date.now() + 8 * 86_400_000))).due).toBe(true);
  });

  it('a backup built but not saved (save dialog cancelled) is not recorded; recording it is', async () => {
    const file = await buildBackup(admin.actor);
    expect(await backupStatus()).toMatchObject({ lastAt: null, due: true });
    expect((await db().audit.toArray()).some((a) => a.action === 'backup.create')).toBe(false);
    await recordBackup(admin.actor, file);
    expect((await backupStatus()).due).toBe(false);
    expect((await db().audit.toArray()).filter((a) => a.action === 'backup.create')).toHaveLength(1);
  });
});

describe('before a schema migration', () => {
  it('snapshots an older database into a separate store, and does nothing for a current one', async () => {
    const name = `premig-${n}`;
    const old = new Dexie(name);
    old.version(1).stores({ meta: 'key', units: 'id' });
    await old.table('units').add({ id: 'unit-R09', name: '上海' });
    old.close();
    expect(await backupBeforeMigration(name, 2)).toBe(true);
    const snaps = await listMigrationSnapshots(name);
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({ fromVersion: 1, toVersion: 2 });
    expect(await backupBeforeMigration(name, 1)).toBe(false);
    expect(await backupBeforeMigration('no-such-db', 2)).toBe(false);
  });
});
