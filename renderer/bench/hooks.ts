/**
 * Test hooks for `npm run bench` (test/bench/run.ts): loaded only when the page URL has
 * `?bench=1` (renderer/main.tsx imports this module dynamically, so it is a separate chunk that
 * a normal start never loads).
 *
 * Policy: the hooks call the product's own functions and grant nothing the UI would not.
 * - Work on this laptop's database uses the signed-in session's actor (the bench signs in through
 *   the login screen); without a session those hooks refuse.
 * - `setUp` is the first-run wizard's step: it only works on an empty laptop.
 * - Repeated measurements that need a fresh laptop (roster import, package import) run on
 *   throwaway databases named `bench-*`, set up and signed in like a new laptop, and deleted
 *   afterwards; this laptop's database is switched back before the hook returns. They refuse to
 *   run while someone is signed in, so no open page reads a throwaway database.
 * - Baselines use SheetJS and raw IndexedDB directly: they are the yardstick, not product code.
 */
import Dexie from 'dexie';
import * as XLSX from 'xlsx';
import { demoBatches, demoProfile, demoRosterWorkbook, planDemo, type DemoScale } from '../../shared/demo';
import { buildLedger } from '../../shared/ledger/build';
import { bareLedger } from './bareLedger';
import { exportLedger } from '../../shared/ledger/export';
import { parseRosterWorkbook } from '../../shared/roster/parse';
import { base64ToBytes, bytesToBase64 } from '../../shared/security/base64';
import { closeDb, db, DEFAULT_DB_NAME, initDb } from '../db/db';
import { SCHEMA_VERSIONS } from '../db/schema';
import { login } from '../db/repos/auth';
import { demoInfo, loadDemoData } from '../db/repos/demo';
import { applyImport, exportPackage, previewImport, readPackageFile } from '../db/repos/exchange';
import { gatherLedgerSource } from '../db/repos/ledger';
import { trustSender } from '../db/repos/peers';
import { importRoster, previewRosterImport } from '../db/repos/roster';
import { runSetup } from '../db/repos/setup';
import { loadClock, resetClockForTests, type Actor } from '../db/write';
import { startLedgerJob } from '../features/ledger/ledgerClient';
import { READING_PHASE } from '../features/ledger/jobs';
import { useLogsUi } from '../features/logs/store';
import { useSession } from '../features/session/store';

const TERM = '2017-2018';
const SCRATCH_PASSWORD = 'Bench#2017-yca!';

function signedIn(): Actor {
  const actor = useSession.getState().session?.actor;
  if (!actor) throw new Error('请先登录（基准测试通过登录页登录）');
  return actor;
}

function signedOut(): void {
  if (useSession.getState().session) throw new Error('一次性数据库的测试须在未登录时运行');
}

/** Run `fn` on a throwaway laptop database set up for `unitCode`, then delete it and switch back. */
async function onScratch<T>(name: string, unitCode: string, fn: (actor: Actor) => Promise<T>): Promise<T> {
  signedOut();
  await closeDb();
  resetClockForTests();
  initDb(name);
  try {
    const { code } = await runSetup({ unitCode, adminName: '基准测试管理员', password: SCRATCH_PASSWORD, recoveryEmail: '' });
    const session = await login(code, SCRATCH_PASSWORD);
    return await fn(session.actor);
  } finally {
    await closeDb();
    resetClockForTests();
    await Dexie.delete(name);
    initDb(DEFAULT_DB_NAME);
    await loadClock();
  }
}

const now = (): number => performance.now();

// ---------------------------------------------------------------------------------------------
// Roster import vs SheetJS read + raw IndexedDB put

function rosterBytes(rows: number, seed: number): Uint8Array {
  const scale: DemoScale = rows > 2000 ? 'national' : 'province';
  const plan = planDemo({ scale, seed, counts: { collectives: rows, workUpdates: 0, evaluations: 0, pictures: 0 } });
  return demoRosterWorkbook(plan.collectives.map((c) => demoProfile(plan, c)));
}

async function rawPut(name: string, rows: unknown[]): Promise<void> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('rows', { autoIncrement: true });
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction('rows', 'readwrite');
    const store = tx.objectStore('rows');
    for (const r of rows) store.put(r);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  idb.close();
  await new Promise<void>((resolve) => {
    const del = indexedDB.deleteDatabase(name);
    del.onsuccess = del.onerror = del.onblocked = () => resolve();
  });
}

export interface RosterRun {
  parse: number;
  preview: number;
  importMs: number;
  /** of importMs: generating and hashing the one-time passwords (before the write transaction) */
  passwords: number;
  total: number;
  bare: number;
  created: number;
  /** the records the import wrote (collectives, accounts, audit) put into raw IndexedDB stores with the same keys and indexes */
  floor: number;
}

async function rosterBench(rows: number, runs: number, seed = 2017): Promise<{ bytes: number; runs: RosterRun[] }> {
  const bytes = rosterBytes(rows, seed);
  const out: RosterRun[] = [];
  for (let k = 0; k < runs; k++) {
    // baseline: bare SheetJS read of the same file, every row put into a raw IndexedDB store
    const b0 = now();
    const wb = XLSX.read(bytes, { type: 'array' });
    const list = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!, { range: 1 });
    await rawPut(`bench-raw-${k}`, list);
    const bare = now() - b0;
    if (list.length !== rows) throw new Error(`基线读取到 ${list.length} 行，应为 ${rows} 行`);

    const run = await onScratch(`bench-roster-${k}`, 'R10', async (actor) => {
      const t0 = now();
      const parsed = parseRosterWorkbook(bytes);
      const t1 = now();
      const preview = await previewRosterImport(actor, parsed, 'unit-R10');
      const t2 = now();
      let written = 0;
      const result = await importRoster(actor, parsed, 'unit-R10', TERM, {
        onProgress: (p) => {
          if (p.phase === 'writing' && !written) written = now();
        },
      });
      const t3 = now();
      if (preview.counts.error > 0 || result.created.length !== rows) throw new Error(`名单导入结果不符：新增 ${result.created.length} 个，错误 ${preview.counts.error} 行`);
      const d = db();
      const wrote = { collectives: await d.collectives.toArray(), accounts: (await d.accounts.toArray()).filter((a) => a.role === 'collective'), audit: (await d.audit.toArray()).slice(-rows) };
      const floor = await rawSchemaPut(`bench-roster-floor-${k}`, wrote);
      return { parse: t1 - t0, preview: t2 - t1, importMs: t3 - t2, passwords: (written || t3) - t2, total: t3 - t0, bare, created: result.created.length, floor };
    });
    out.push(run);
  }
  return { bytes: bytes.length, runs: out };
}

// ---------------------------------------------------------------------------------------------
// Ledger export vs bare SheetJS writing the same cells

export interface LedgerRun {
  gather: number;
  job: number;
  total: number;
  writeOnly: number;
  bare: number;
  collectives: number;
  workUpdates: number;
}

async function ledgerBench(runs: number): Promise<LedgerRun[]> {
  const actor = signedIn();
  const out: LedgerRun[] = [];
  for (let k = 0; k < runs; k++) {
    // the product, as the page does it: one worker job reads the records (repo), builds and
    // writes the workbook; the phases' times come from its progress messages
    let readDone = 0;
    const t0 = now();
    const r = await startLedgerJob({ kind: 'exportFromDb', dbName: db().name, actor, unitId: actor.unitId, term: TERM, includeReport: false, appVersion: 'bench' }, (p) => {
      if (p.phase === READING_PHASE && p.done === p.total) readDone = now();
    }).result;
    const t2 = now();
    const t1 = readDone || t2;
    if (r.kind !== 'export' || r.bytes.length === 0) throw new Error('台账导出失败');
    // the same rows written by the product's writer and by bare SheetJS, on this thread
    const source = await gatherLedgerSource(actor, { unitId: actor.unitId, term: TERM, includeReport: false, appVersion: 'bench' });
    const data = buildLedger(source);
    const w0 = now();
    await exportLedger(data);
    const w1 = now();
    bareLedger(data);
    const w2 = now();
    out.push({ gather: t1 - t0, job: t2 - t1, total: t2 - t0, writeOnly: w1 - w0, bare: w2 - w1, collectives: data.collectives.length, workUpdates: source.workUpdates.reduce((n, w) => n + (w.count ?? 1), 0) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Exchange packages

async function packageExport(recipientUnitId: string, runs: number): Promise<{ ms: number[]; bytes: string; size: number; counts: Record<string, number> }> {
  const actor = signedIn();
  const ms: number[] = [];
  let last: Awaited<ReturnType<typeof exportPackage>> | null = null;
  for (let k = 0; k < runs; k++) {
    const t0 = now();
    last = await exportPackage(actor, { unitId: recipientUnitId }, { term: TERM, full: true });
    ms.push(now() - t0);
  }
  return { ms, bytes: bytesToBase64(last!.bytes), size: last!.bytes.length, counts: last!.counts };
}

/**
 * The floor under any import: the same records put into raw IndexedDB stores with the product's
 * primary keys and indexes (schema.ts), one transaction, no checks, no merge, no audit.
 */
async function rawSchemaPut(name: string, tables: Record<string, readonly object[]>): Promise<number> {
  // every table as the latest schema has it (each version declares only what it changes)
  const stores: Record<string, string | null> = Object.assign({}, ...SCHEMA_VERSIONS.map((v) => v.stores));
  const names = Object.keys(tables).filter((t) => typeof stores[t] === 'string' && tables[t]!.length > 0);
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    for (const t of names) {
      const [primary, ...indexes] = stores[t]!.split(',').map((x) => x.trim());
      const store = open.result.createObjectStore(t, { keyPath: primary!.replace(/^[&+]+/, '') });
      for (const spec of indexes) {
        const unique = spec.startsWith('&');
        const multiEntry = spec.startsWith('*');
        const path = spec.replace(/^[&*]/, '');
        const keyPath = path.startsWith('[') ? path.slice(1, -1).split('+') : path;
        store.createIndex(path, keyPath, { unique, multiEntry });
      }
    }
  };
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const t0 = now();
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction(names, 'readwrite');
    for (const t of names) {
      const store = tx.objectStore(t);
      for (const r of tables[t]!) store.put(r);
    }
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  const ms = now() - t0;
  idb.close();
  await Dexie.delete(name);
  return ms;
}

async function packageImport(b64: string, runs: number): Promise<{ ms: number[]; read: number[]; floor: number[]; written: number }> {
  const bytes = base64ToBytes(b64);
  if (!bytes) throw new Error('交换包数据无效');
  const ms: number[] = [];
  const read: number[] = [];
  const floor: number[] = [];
  let written = 0;
  for (let k = 0; k < runs; k++) {
    const pkg = await readPackageFile(bytes);
    if (!('manifest' in pkg)) throw new Error(pkg.message);
    floor.push(await rawSchemaPut(`bench-floor-${k}`, pkg.tables));
    await onScratch(`bench-import-${k}`, 'N00', async (actor) => {
      // trusting the sender is a one-time step (fingerprint read out by phone): not timed
      const first = await readPackageFile(bytes);
      if (!('manifest' in first)) throw new Error(`交换包无效：${first.message}`);
      await trustSender(actor, first.manifest, first.manifest.sender.fingerprint);
      const t0 = now();
      const pkg = await readPackageFile(bytes);
      if (!('manifest' in pkg)) throw new Error(pkg.message);
      const t1 = now();
      const preview = await previewImport(actor, pkg);
      if (!preview.trust.ok) throw new Error(preview.trust.message);
      const result = await applyImport(actor, pkg);
      ms.push(now() - t0);
      read.push(t1 - t0);
      written = result.counts.new + result.counts.update;
    });
  }
  return { ms, read, floor, written };
}

// ---------------------------------------------------------------------------------------------
// UI timing: arm a start event, resolve when the page shows the expected state (after a frame)

type Expect =
  | { kind: 'textChanged'; label: string }
  | { kind: 'rows'; table: string; min: number }
  | { kind: 'items'; list: string; count: number }
  | { kind: 'heading'; text: string };

function satisfied(e: Expect, before: string | null): boolean {
  switch (e.kind) {
    case 'textChanged': {
      const el = document.querySelector(`[aria-label="${e.label}"]`);
      return !!el && el.textContent !== before;
    }
    case 'rows':
      return (document.querySelector(`table[aria-label="${e.table}"]`)?.querySelectorAll('tbody tr').length ?? 0) >= e.min;
    case 'items':
      return (document.querySelector(`[aria-label="${e.list}"]`)?.querySelectorAll(':scope > li').length ?? 0) === e.count;
    case 'heading':
      return [...document.querySelectorAll('h1,h2,h3')].some((h) => h.textContent?.includes(e.text));
  }
}

let armed: Promise<number> | null = null;

/** Start timing at the next `event` (capture phase, before React sees it); resolve with the ms until `expect` holds and a frame was drawn. */
function arm(event: 'input' | 'click' | 'keydown' | 'now', expect: Expect): void {
  const before = expect.kind === 'textChanged' ? (document.querySelector(`[aria-label="${expect.label}"]`)?.textContent ?? null) : null;
  let start = event === 'now' ? now() : 0;
  armed = new Promise<number>((resolve) => {
    if (event !== 'now') document.addEventListener(event, () => void (start ||= now()), { capture: true, once: true });
    const check = (): boolean => {
      if (!start || !satisfied(expect, before)) return false;
      observer.disconnect();
      requestAnimationFrame(() => resolve(now() - start));
      return true;
    };
    const observer = new MutationObserver(() => void check());
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    if (event === 'now') queueMicrotask(() => void check());
  });
}

/** Open a collective's creation-log timeline, as the 监督看板 link does. */
function openLogs(collectiveId: string): void {
  useLogsUi.getState().showCollective(collectiveId);
  useSession.getState().go('logs');
}

const api = {
  version: 1,
  async setUp(unitCode: string, adminName: string, password: string) {
    return runSetup({ unitCode, adminName, password, recoveryEmail: '' });
  },
  async loadDemo(scale: DemoScale, unitCode?: string, seed?: number) {
    return loadDemoData(signedIn(), { scale, ...(unitCode ? { unitCode } : {}), ...(seed !== undefined ? { seed } : {}) });
  },
  demoInfo,
  /** generate (not write) a dataset, to time the generator alone */
  generateOnly(scale: DemoScale) {
    const t0 = now();
    let n = 0;
    for (const b of demoBatches(planDemo({ scale }))) n += b.size;
    return { ms: now() - t0, records: n };
  },
  rosterBench,
  ledgerBench,
  packageExport,
  packageImport,
  arm,
  measured: () => armed,
  openLogs,
};

declare global {
  interface Window {
    __ycaBench?: typeof api;
  }
}

window.__ycaBench = api;
