/**
 * A laptop that holds a database of schema v1 opens today's app, in real Chromium IndexedDB:
 * the app first saves the pre-migration snapshot (nothing opens the database before it — a live
 * query used to start the upgrade first, so no snapshot was ever taken), then upgrades to v2 and
 * fills the derived log counts from the logs already stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSIONS } from '../../renderer/db/schema';
import { newLaptop, snap, type Laptop } from './browser';

const PASSWORD = 'Shanghai#2017yca';

/** 40 logs of 4 collectives: a draft every 4th, a deleted one every 7th. */
const LOGS = Array.from({ length: 40 }, (_, i) => ({
  id: `log-${String(i).padStart(3, '0')}`,
  collectiveId: `col-${i % 4}`,
  unitPath: '/unit-N00/unit-R09/',
  term: '2017-2018',
  title: '日志',
  date: '2017-05-01',
  text: '正文',
  attachmentHashes: [],
  state: i % 4 === 3 ? 'draft' : 'submitted',
  submittedAt: null,
  authorId: 'a',
  hasMedia: false,
  createdAt: '',
  updatedAt: '',
  rev: '',
  ...(i % 7 === 0 ? { deleted: true } : {}),
}));

function expectedCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of LOGS) if (w.state === 'submitted' && !w.deleted) out[w.collectiveId] = (out[w.collectiveId] ?? 0) + 1;
  return out;
}

describe('opening a schema v1 database with today’s app', () => {
  let laptop: Laptop;
  beforeAll(async () => {
    laptop = await newLaptop();
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('snapshots it first, then upgrades it and fills the log counts', async () => {
    const { page, baseUrl } = laptop;
    await page.getByRole('heading', { name: '欢迎使用青年文明号创建管理系统' }).waitFor();
    // leave the app for a page of the same origin that runs nothing, and put a v1 database there
    // as the released v1 app made it (Dexie stores version × 10 and names indexes by their spec)
    await page.route(`${baseUrl}blank`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
    await page.goto(`${baseUrl}blank`);
    await page.evaluate(
      async ({ stores, logs }) => {
        const req = <T,>(r: IDBRequest<T>): Promise<T> =>
          new Promise((res, rej) => {
            r.onsuccess = () => res(r.result);
            r.onerror = () => rej(r.error);
          });
        await req(indexedDB.deleteDatabase('yca-desk') as unknown as IDBRequest<unknown>);
        const open = indexedDB.open('yca-desk', 10);
        open.onupgradeneeded = () => {
          const db = open.result;
          for (const [name, spec] of Object.entries(stores)) {
            const [primary, ...indexes] = spec.split(',').map((s) => s.trim());
            const path = (s: string): string | string[] => (s.startsWith('[') ? s.slice(1, -1).split('+') : s);
            const auto = primary!.startsWith('++');
            const store = db.createObjectStore(name, { keyPath: path(primary!.replace(/^\+\+|^&/, '')), autoIncrement: auto });
            for (const ix of indexes) {
              const unique = ix.startsWith('&');
              const multiEntry = ix.startsWith('*');
              const bare = ix.replace(/^[&*]/, '');
              store.createIndex(bare, path(bare), { unique, multiEntry });
            }
          }
        };
        const db = await req(open);
        const tx = db.transaction('workUpdates', 'readwrite');
        for (const w of logs) tx.objectStore('workUpdates').put(w);
        await new Promise((res) => (tx.oncomplete = res));
        db.close();
      },
      { stores: SCHEMA_VERSIONS[0]!.stores as Record<string, string>, logs: LOGS },
    );

    await page.goto(baseUrl);
    await page.getByRole('heading', { name: '欢迎使用青年文明号创建管理系统' }).waitFor();
    const state = await page.evaluate(async () => {
      const req = <T,>(r: IDBRequest<T>): Promise<T> =>
        new Promise((res, rej) => {
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
      const open = (name: string) => req(indexedDB.open(name));
      const db = await open('yca-desk');
      const counts = (await req(db.transaction('logCounts').objectStore('logCounts').getAll())) as { collectiveId: string; submitted: number }[];
      const logs = await req(db.transaction('workUpdates').objectStore('workUpdates').count());
      const version = db.version;
      db.close();
      const snaps = await open('yca-desk-premigration');
      const rows = (await req(snaps.transaction('snapshots').objectStore('snapshots').getAll())) as { fromVersion: number; toVersion: number; size: number }[];
      snaps.close();
      return { version, logs, counts: Object.fromEntries(counts.map((c) => [c.collectiveId, c.submitted])), snapshots: rows.map((r) => [r.fromVersion, r.toVersion, r.size > 0]) };
    });
    expect(state.version).toBe(20);
    expect(state.logs).toBe(LOGS.length);
    expect(state.counts).toEqual(expectedCounts());
    expect(state.snapshots).toEqual([[1, 2, true]]);

    // the administrator sees it on 备份与恢复 once the laptop is set up
    await page.getByLabel('本机服务的单位').selectOption({ label: '上海' });
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('管理员姓名').fill('王晓明');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认密码').fill(PASSWORD);
    await page.getByRole('button', { name: '完成设置' }).click();
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByRole('navigation', { name: '功能导航' }).getByRole('button', { name: '备份与恢复', exact: true }).click();
    const table = page.getByRole('table', { name: '升级前的自动备份' });
    await expect.poll(() => table.locator('tbody tr td').nth(1).textContent()).toBe('1 → 2');
    await snap(page, 'migration-snapshot');
  });
});
