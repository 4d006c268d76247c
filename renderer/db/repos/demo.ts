/**
 * 演示数据: load the seeded demo dataset (shared/demo) into this laptop's database, for a first
 * look at the product with realistic volumes, and for `npm run bench`.
 *
 * Policy:
 * - Who: the national office (any published unit at province scale, or the national scale) and a
 *   level-1 administrator of a published unit (its own unit at province scale: nothing outside its
 *   subtree). Everyone else is refused (ScopeError).
 * - Where: only a laptop that holds no collectives, logs, evaluations, subunits, issued accounts or
 *   units' own work yet. Demo records mixed with real ones would clash on codes and could not be
 *   told apart; the refusal says so.
 * - How: batched transactions through `writeTx` (each batch stamped with this laptop's clock and
 *   audited), so memory stays bounded and the page can show progress and a cancel button between
 *   batches. Revisions are re-stamped here — the records arrived on this laptop now — while
 *   createdAt/updatedAt keep the dataset's history. Pictures are stored as Blobs.
 * - All or nothing: cancelling, or any failure, deletes every record the load wrote (the key sets
 *   of the demo tables are taken before the first batch) and audits that; the laptop is as before.
 *   These are hard deletes, not tombstones: the records never left this laptop.
 * - The dataset's description (scale, seed, counts, the showcase collective) is kept in `meta`
 *   under `demo.info`, so the page shows that this laptop holds demo data.
 * - The generator is loaded only when demo data is made (a dynamic import): it stays out of the
 *   start-up bundle.
 */
import type { Table } from 'dexie';
import type { Attachment, StoredRecord } from '../../../shared/model/entities';
import type { DemoPlan, DemoRecords, DemoTable } from '../../../shared/demo/generate';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_UNIT, DEMO_SCALE_LABEL, type DemoCounts, type DemoScale } from '../../../shared/demo/sizes';
import { REFERENCE_UNITS, NATIONAL_OFFICE } from '../../../shared/reference/term2017';
import { OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import { writeTx, type Actor, type Writer } from '../write';

export class DemoError extends Error {}
export class DemoCancelled extends Error {
  constructor() {
    super('已取消载入，已写入的演示数据已全部删除，本机数据恢复原状。');
  }
}

export const DEMO_INFO_KEY = 'demo.info';

export interface DemoInfo {
  scale: DemoScale;
  seed: number;
  /** the published unit at province scale; 'N00' at national scale */
  unitCode: string;
  /** its name; '全部 60 个公布单位' at national scale */
  unitName: string;
  loadedAt: string;
  loadedBy: string;
  counts: Record<DemoTable, number>;
  showcase: { id: string; code: string; name: string; logs: number };
  /** milliseconds the load took (shown, and read by the benchmark) */
  elapsedMs: number;
}

export interface DemoLoadProgress {
  phase: 'planning' | 'writing' | 'rollback' | 'done';
  /** collectives written so far */
  done: number;
  total: number;
  /** records written so far / in all */
  records: number;
  recordsTotal: number;
}

export interface DemoLoadOptions {
  scale: DemoScale;
  /** province scale: the published unit (national office only; a level-1 admin loads its own) */
  unitCode?: string;
  seed?: number;
  /** records per transaction (default 4000) */
  batchSize?: number;
  /** smaller sizes than the scale's (tests, a quick look) */
  counts?: Partial<DemoCounts>;
  onProgress?: (p: DemoLoadProgress) => void;
  signal?: { cancelled: boolean };
}

/** The tables demo data goes into (shared/demo/generate.ts DEMO_TABLES; kept here so the generator loads lazily). */
const DEMO_TABLES: readonly DemoTable[] = ['units', 'accounts', 'collectives', 'reviewEvents', 'changes', 'workUpdates', 'attachments', 'logComments', 'evaluations', 'workEntries', 'selfReports', 'assessments'];

const generator = () => import('../../../shared/demo/generate');

const TOP_CODES: ReadonlySet<string> = new Set(REFERENCE_UNITS.filter((u) => u.parentCode === null).map((u) => u.code));

function unitCodeOfActor(actor: Actor): string {
  return actor.unitId.startsWith('unit-') ? actor.unitId.slice('unit-'.length) : '';
}

/** Which dataset the actor may load, or why not (Chinese). */
export function demoScopeRefusal(actor: Actor, scale: DemoScale, unitCode: string | undefined): string | null {
  if (actor.role === 'national') {
    if (scale === 'province' && unitCode !== undefined && !TOP_CODES.has(unitCode)) return '请选择一个公布的行业或地方单位';
    return null;
  }
  if (actor.role !== 'admin1') return '只有全国组委会办公室或一级管理员可以载入演示数据';
  const own = unitCodeOfActor(actor);
  if (!TOP_CODES.has(own)) return '只有公布名额的行业或地方单位的一级管理员可以载入演示数据';
  if (scale !== 'province') return '一级管理员只能载入本单位的省级规模演示数据';
  if (unitCode !== undefined && unitCode !== own) return OUT_OF_SCOPE;
  return null;
}

/** Why this laptop cannot take demo data now (it already holds real or demo records), or null. */
export async function demoLaptopRefusal(): Promise<string | null> {
  const d = db();
  if (await d.meta.get(DEMO_INFO_KEY)) return '本机已载入演示数据，不能重复载入。';
  const [collectives, updates, evaluations, entries, reports, assessments] = await Promise.all([
    d.collectives.count(),
    d.workUpdates.count(),
    d.evaluations.count(),
    d.workEntries.count(),
    d.selfReports.count(),
    d.assessments.count(),
  ]);
  const subunits = await d.units.filter((u) => !u.id.startsWith('unit-')).count();
  const issued = await d.accounts.filter((a) => a.issuedBy !== null).count();
  const held: string[] = [];
  if (collectives) held.push(`集体 ${collectives} 个`);
  if (updates) held.push(`创建日志 ${updates} 条`);
  if (evaluations) held.push(`社会评价 ${evaluations} 条`);
  if (subunits) held.push(`下级单位 ${subunits} 个`);
  if (issued) held.push(`已派发账号 ${issued} 个`);
  if (entries + reports + assessments) held.push(`工作台账、情况报告或自评 ${entries + reports + assessments} 项`);
  if (held.length === 0) return null;
  return `本机已有数据（${held.join('、')}），演示数据只能载入尚未使用的电脑，以免与正式数据混在一起、编码冲突。`;
}

export async function demoInfo(): Promise<DemoInfo | null> {
  return ((await db().meta.get(DEMO_INFO_KEY))?.value as DemoInfo | undefined) ?? null;
}

function tableOf(name: DemoTable): Table {
  return db().table(name);
}

/** The plan the actor would load (also used by the page to show sizes before loading). */
export async function demoPlanFor(actor: Actor, options: Pick<DemoLoadOptions, 'scale' | 'unitCode' | 'seed' | 'counts'>): Promise<DemoPlan> {
  const refusal = demoScopeRefusal(actor, options.scale, options.unitCode);
  if (refusal) throw new ScopeError(refusal);
  const own = unitCodeOfActor(actor) || NATIONAL_OFFICE.code;
  const unitCode = options.scale === 'province' ? (actor.role === 'admin1' ? own : (options.unitCode ?? DEFAULT_DEMO_UNIT)) : undefined;
  const { planDemo } = await generator();
  return planDemo({
    scale: options.scale,
    seed: options.seed ?? DEFAULT_DEMO_SEED,
    ...(unitCode ? { unitCode } : {}),
    ...(options.counts ? { counts: options.counts } : {}),
    own: { accountId: actor.accountId, unitCode: own },
  });
}

/** Yield to the event loop so a progress bar repaints and a cancel click is seen. */
const breathe = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** Load the demo dataset. All or nothing (see the policy above). */
export async function loadDemoData(actor: Actor, options: DemoLoadOptions): Promise<DemoInfo> {
  const started = performance.now();
  const refusal = demoScopeRefusal(actor, options.scale, options.unitCode);
  if (refusal) throw new ScopeError(refusal);
  const busy = await demoLaptopRefusal();
  if (busy) throw new DemoError(busy);
  if (!(await db().terms.where('code').equals('2017-2018').first())) throw new DemoError('本机没有 2017—2018 年度届次，演示数据属于该届次。');

  options.onProgress?.({ phase: 'planning', done: 0, total: 0, records: 0, recordsTotal: 0 });
  await breathe();
  const plan = await demoPlanFor(actor, options);
  const { demoBatches } = await generator();
  const recordsTotal = DEMO_TABLES.reduce((n, t) => n + plan.totals[t], 0);
  const total = plan.collectives.length;
  const d = db();
  const tables = DEMO_TABLES.map(tableOf);
  // what was there before: a rollback deletes everything else in these tables
  const before = new Map<DemoTable, Set<unknown>>();
  for (const t of DEMO_TABLES) before.set(t, new Set(await tableOf(t).toCollection().primaryKeys()));

  const label = `${DEMO_SCALE_LABEL[options.scale]}（${plan.topUnits.length === 1 || options.scale === 'province' ? plan.topUnits[0]!.name : '全部 60 个公布单位'}，种子 ${plan.seed}）`;
  let written = 0;
  let first = true;
  try {
    for (const batch of demoBatches(plan, { batchSize: options.batchSize ?? 4000 })) {
      if (options.signal?.cancelled) throw new DemoCancelled();
      const isFirst = first;
      first = false;
      await writeTx(actor, tables, async (w) => {
        if (isFirst) w.audit({ action: 'demo.load.start', entity: 'demo', entityId: `demo-${plan.seed}`, summary: `开始载入演示数据：${label}` });
        for (const t of DEMO_TABLES) {
          const rows = batch.records[t] as StoredRecord[];
          if (rows.length === 0) continue;
          await tableOf(t).bulkAdd(rows.map((r) => restamp(w, t, r)));
        }
      });
      written += batch.size;
      options.onProgress?.({ phase: 'writing', done: batch.collectivesDone, total, records: written, recordsTotal });
      await breathe();
    }
    if (options.signal?.cancelled) throw new DemoCancelled();
    const info: DemoInfo = {
      scale: options.scale,
      seed: plan.seed,
      unitCode: options.scale === 'province' ? plan.topUnits[0]!.code : NATIONAL_OFFICE.code,
      unitName: options.scale === 'province' ? plan.topUnits[0]!.name : '全部 60 个公布单位',
      loadedAt: new Date().toISOString(),
      loadedBy: actor.accountId,
      counts: plan.totals,
      showcase: { id: plan.showcase.id, code: plan.showcase.code, name: plan.showcase.name, logs: plan.showcase.logs },
      elapsedMs: Math.round(performance.now() - started),
    };
    await writeTx(actor, [d.meta], async (w) => {
      await d.meta.put({ key: DEMO_INFO_KEY, value: info });
      w.audit({
        action: 'demo.load.done',
        entity: 'demo',
        entityId: `demo-${plan.seed}`,
        summary: `演示数据载入完成：${label}，集体 ${plan.totals.collectives} 个，创建日志 ${plan.totals.workUpdates} 条，社会评价 ${plan.totals.evaluations} 条，图片 ${plan.totals.attachments} 张，共 ${written} 条记录`,
      });
    });
    options.onProgress?.({ phase: 'done', done: total, total, records: written, recordsTotal });
    return info;
  } catch (e) {
    options.onProgress?.({ phase: 'rollback', done: 0, total, records: written, recordsTotal });
    await rollback(actor, before, label, e instanceof DemoCancelled ? '已取消' : `失败（${(e as Error).message}）`);
    throw e;
  }
}

/** The record as it arrives on this laptop: this laptop's revision, Blobs for picture bytes. */
function restamp(w: Writer, table: DemoTable, r: StoredRecord): StoredRecord {
  const stamped = { ...w.touch(r), updatedAt: r.updatedAt };
  if (table !== 'attachments') return stamped;
  const a = stamped as unknown as Attachment;
  const blob = a.data instanceof Uint8Array ? new Blob([a.data as Uint8Array<ArrayBuffer>], { type: a.mime }) : a.data;
  return { ...a, data: blob, thumbnail: a.thumbnail ? blob : null } as unknown as StoredRecord;
}

async function rollback(actor: Actor, before: Map<DemoTable, Set<unknown>>, label: string, why: string): Promise<void> {
  let removed = 0;
  // in slices, like the load, so a large partial load is removed without one huge transaction
  for (const t of DEMO_TABLES) {
    const keep = before.get(t)!;
    const keys = (await tableOf(t).toCollection().primaryKeys()).filter((k) => !keep.has(k));
    for (let i = 0; i < keys.length; i += 20_000) {
      const slice = keys.slice(i, i + 20_000);
      await writeTx(actor, [tableOf(t)], () => tableOf(t).bulkDelete(slice as never[]));
      removed += slice.length;
    }
  }
  await writeTx(actor, [], async (w) => {
    w.audit({ action: 'demo.load.rollback', entity: 'demo', entityId: 'demo', summary: `载入演示数据${why}：${label}；已删除已写入的 ${removed} 条记录` });
  });
}

export type { DemoRecords };
