/**
 * Hostile backup files (备份文件) through the real restore path: readBackup (what the page shows
 * before asking for confirmation) and restoreBackup, on 上海's level-1 laptop. Each file: refused
 * with a Chinese message, no crash, no hang, the database unchanged. The committed corpus files
 * are handmade; the same attacks are also applied to a genuine backup of this laptop.
 * Corpus: test/fixtures/hostile/backups/. (test/renderer/db/backup.test.ts covers the format's
 * round trip, passphrases and a flipped byte.)
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../renderer/db/repos/auth';
import { BackupError, createBackup, readBackup, restoreBackup, setBackupKdfIterationsForTests } from '../../renderer/db/repos/backup';
import { CURRENT_VERSION } from '../../renderer/db/schema';
import { rewriteBackupHeader, truncate } from '../fixtures/hostile/corpus';
import { bounded, dbSnapshot, expectChinese, expectNoPollution, fixture, rejection, shanghaiLaptop } from './harness';

let admin: Session;
let genuine: Uint8Array;

beforeEach(async () => {
  admin = await shanghaiLaptop('hostile-backup', ['上海市第一人民医院急诊科']);
  setBackupKdfIterationsForTests(2000);
  genuine = (await createBackup(admin.actor)).bytes;
});

/** Both steps of the restore page must refuse the file with the same message, changing nothing. */
async function refused(label: string, bytes: Uint8Array): Promise<string> {
  const before = await dbSnapshot();
  const [read, restore] = await bounded(label, async () => [await rejection(readBackup(bytes, null)), await rejection(restoreBackup(admin.actor, bytes, null))]);
  expect(read).toBeInstanceOf(BackupError);
  expect(restore).toBeInstanceOf(BackupError);
  expect(restore.message).toBe(read.message);
  expectChinese(read.message);
  expectNoPollution();
  expect(await dbSnapshot()).toBe(before);
  return read.message;
}

const NEWER = new RegExp(`^此备份由较新版本的 YCA Desk（9\\.9\\.9，数据库版本 99）生成，本软件只支持到数据库版本 ${CURRENT_VERSION}。请先升级本软件，再恢复此备份。$`);

describe('a backup from a newer app version', () => {
  it('newer-version.ycabak: refused with advice to upgrade first', async () => {
    expect(await refused('newer-version', fixture('backups/newer-version.ycabak'))).toMatch(NEWER);
  });

  it('a genuine backup whose header says database version 99: the same', async () => {
    const newer = rewriteBackupHeader(genuine, (h) => ({ ...h, schemaVersion: 99, appVersion: '9.9.9' }));
    expect(await refused('genuine, newer', newer)).toMatch(NEWER);
  });

  it('a newer format version of the file itself: the same advice', async () => {
    const newer = rewriteBackupHeader(genuine, (h) => ({ ...h, formatVersion: 2, appVersion: '9.9.9', schemaVersion: 99 }));
    expect(await refused('genuine, newer format', newer)).toMatch(NEWER);
  });
});

describe('a wrong format name', () => {
  it('wrong-format.ycabak: a header naming another format is not a backup', async () => {
    expect(await refused('wrong-format', fixture('backups/wrong-format.ycabak'))).toBe('所选文件不是 YCA Desk 备份文件');
  });

  it('wrong-magic.ycabak: a first line other than YCA-BACKUP is not a backup', async () => {
    expect(await refused('wrong-magic', fixture('backups/wrong-magic.ycabak'))).toBe('所选文件不是 YCA Desk 备份文件');
  });

  it('a genuine backup renamed to another format in its header, and an exchange package picked by mistake', async () => {
    expect(await refused('genuine, renamed format', rewriteBackupHeader(genuine, (h) => ({ ...h, format: 'YCA-BACKUP2' })))).toBe('所选文件不是 YCA Desk 备份文件');
    expect(await refused('a package, not a backup', fixture('packages/unknown-key.ycapkg'))).toBe('所选文件不是 YCA Desk 备份文件');
  });
});

describe('truncated', () => {
  it('truncated.ycabak: says the file is incomplete', async () => {
    expect(await refused('truncated', fixture('backups/truncated.ycabak'))).toBe('备份文件不完整（可能在复制或下载时被截断），不能恢复');
  });

  it('a genuine backup cut at half, a few bytes short, or inside its header', async () => {
    expect(await refused('genuine, half', truncate(genuine))).toBe('备份文件不完整（可能在复制或下载时被截断），不能恢复');
    expect(await refused('genuine, 3 bytes short', genuine.subarray(0, genuine.length - 3))).toBe('备份文件不完整（可能在复制或下载时被截断），不能恢复');
    expect(await refused('genuine, inside header', genuine.subarray(0, 40))).toBe('备份文件不完整（可能在复制或下载时被截断），不能恢复');
    expect(await refused('genuine, 0 bytes', new Uint8Array(0))).toBe('所选文件不是 YCA Desk 备份文件');
  });

  it('the genuine backup itself restores (the attacks above are what was refused)', async () => {
    await restoreBackup(admin.actor, genuine, null);
  });
});
