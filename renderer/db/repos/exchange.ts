/**
 * Exchange packages (交换包): export for a recipient, dry-run import, all-or-nothing apply, and
 * the setup package (安装包) that starts a lower administrator's or a collective's own laptop.
 * The file format is shared/exchange/* (docs/exchange-format.md); how laptops use it is
 * docs/sync.md.
 *
 * Policy:
 * - Export: what the exporting account may write (its subtree; a collective: itself) and the
 *   recipient may see; downwards also the reference data and the decisions of the levels above.
 *   Incremental = every record that *arrived here* (a local edit, or a version received from
 *   anyone) after the last package to that recipient; or everything on request. Arrival order,
 *   not rev order: a record relayed from a third laptop keeps its old rev but arrives late.
 * - Import: verify the file (readPackage), then trust (a known key for that unit and device, a
 *   higher sequence than any imported from it, addressed to this laptop), then a dry run that
 *   counts new / updated / unchanged / conflicting / refused records without writing, then one
 *   transaction that writes everything or nothing. Re-importing the same package is refused as a
 *   replay; were it forced (e.g. after restoring an older backup), it changes nothing, because
 *   records are stored with their incoming rev and compare equal.
 * - Merge: a record changed only on the sender's side takes the sender's version; one changed on
 *   both sides since the peer last confirmed what it holds is a conflict, both versions kept until
 *   an administrator resolves it (conflicts.ts). "The peer holds my version" is known only from
 *   receipts: each package lists the last packages its sender imported from the recipient.
 * - Scope: every written record is checked against the sender's registered authority
 *   (shared/exchange/authority.ts); a refused record is counted and left as it is here.
 * - Tombstones (deleted: true) travel and merge like any version.
 */
import type { Collection } from 'dexie';
import type { Account, Conflict, Role, Unit } from '../../../shared/model/entities';
import {
  buildPackage,
  readPackage,
  type Manifest,
  type PackageAttachment,
  type PackageRecord,
  type Pause,
  type ProgressCallback,
  type ReadResult,
} from '../../../shared/exchange/format';
import { fieldDiff, maxRev } from '../../../shared/exchange/merge';
import { verifyTrust } from '../../../shared/exchange/trust';
import type { CancelSignal, Refusal } from '../../../shared/exchange/refusal';
import {
  EXCHANGED_TABLES,
  inScope,
  isExchangedTable,
  locate,
  relation,
  sendable,
  visibleTo,
  writeRefusal,
  type Authority,
  type Lookups,
  type Rec,
} from '../../../shared/exchange/authority';
import { sha256Hex } from '../../../shared/exchange/format';
import { parseRev } from '../../../shared/model/hlc';
import { ROLE_LABEL, isAdmin } from '../../../shared/rules/roles';
import { OUT_OF_SCOPE, ScopeError, inSubtree } from '../../../shared/rules/scope';
import { normaliseCodeInput } from '../../../shared/security/codes';
import { normaliseOneTimeInput } from '../../../shared/security/oneTimePassword';
import { verifyPassword } from '../../../shared/security/password';
import { platform } from '../../platform';
import { db, type PackageRecord as PackageRow } from '../db';
import { checkFreeSpace } from '../storage';
import { currentClock, loadClock, SYSTEM_ACTOR, writeTx, type Actor } from '../write';
import {
  actorAuthority,
  deviceAuthority,
  devicePrivateKey,
  getInstallationInfo,
  listPeers,
  myDeviceId,
  peerByDevice,
  trustedKeysOf,
  type InstallationInfo,
  type Peer,
} from './peers';
import { INSTALLATION_KEY } from './setup';

export class ExchangeError extends Error {}

/** Device-local notes on received records: `exchange.rcv:<table>:<id>` → when and from whom. */
const RCV = 'exchange.rcv:';
const SEQUENCE = 'exchange.sequence';
/** Pseudo-tables inside a package (not Dexie tables): a receipt, and a setup grant. */
const RECEIPT_TABLE = 'syncReceipt';
const SETUP_TABLE = 'syncSetup';
/** How many imported package ids a receipt lists. */
const RECEIPT_LENGTH = 50;

interface Received {
  key: string;
  value: { rev: string; from: string; at: string };
}

/** A row of the `packages` table: every package made or imported here. */
export interface PackageLog extends PackageRow {
  direction: 'in' | 'out';
  kind: 'exchange' | 'setup';
  /** out: the recipient's device (null = any device of the unit); in: the sender's */
  peerDeviceId: string | null;
  recipientUnitId: string;
  sequence: number;
  full: boolean;
  /** out: the arrival mark the package starts after (null = everything) */
  since: string | null;
  /** out: the arrival mark it covers up to */
  mark: string | null;
  counts: Record<string, number>;
}

const rcvKey = (table: string, id: string) => `${RCV}${table}:${id}`;

async function appVersion(): Promise<string> {
  try {
    return await platform.appVersion();
  } catch {
    return '0.0.0';
  }
}

async function clock() {
  try {
    return currentClock();
  } catch {
    return loadClock();
  }
}

// ---------- binary fields ----------

async function bytesOf(v: unknown): Promise<Uint8Array | null> {
  if (v instanceof Uint8Array) return v;
  if (typeof Blob !== 'undefined' && v instanceof Blob) return new Uint8Array(await v.arrayBuffer());
  return null;
}

/** An attachment record as plain JSON, and its files as entries by hash. */
async function attachmentForWire(rec: Rec): Promise<{ rec: Rec; files: PackageAttachment[] }> {
  const { data, thumbnail, ...rest } = rec as Rec & { data?: unknown; thumbnail?: unknown };
  const files: PackageAttachment[] = [];
  const bytes = await bytesOf(data);
  if (bytes && !rec.deleted) files.push({ hash: String(rec.hash), bytes });
  const out: Rec = { ...rest } as Rec;
  const thumb = await bytesOf(thumbnail);
  if (thumb) {
    const h = sha256Hex(thumb);
    files.push({ hash: h, bytes: thumb });
    out.thumbnailHash = h;
  }
  return { rec: out, files };
}

function attachmentFromWire(rec: PackageRecord, files: Map<string, Uint8Array>): Rec | string {
  const { thumbnailHash, ...rest } = rec as PackageRecord & { thumbnailHash?: string };
  const bytes = files.get(String(rec.hash));
  if (!bytes && !rec.deleted) return '附件内容缺失';
  if (bytes && sha256Hex(bytes) !== rec.hash) return '附件内容与其校验值不符';
  const thumb = thumbnailHash ? files.get(thumbnailHash) : undefined;
  const mime = typeof rec.mime === 'string' ? rec.mime : 'application/octet-stream';
  return {
    ...rest,
    data: bytes ? new Blob([bytes as BlobPart], { type: mime }) : new Blob([]),
    thumbnail: thumb ? new Blob([thumb as BlobPart]) : null,
  } as Rec;
}

/** Hashes of the files records refer to (attachments travel only with what refers to them). */
function referencedHashes(table: string, rec: Rec, into: Set<string>): void {
  for (const f of ['attachmentHashes', 'evidenceHashes']) {
    const v = rec[f];
    if (Array.isArray(v)) for (const h of v) if (typeof h === 'string') into.add(h);
  }
  void table;
}

// ---------- lookups ----------

export function lookupsOf(
  units: Iterable<{ id: string; path: string; depth: number }>,
  collectives: Iterable<{ id: string; unitPath: string }>,
  workUpdates: Iterable<{ id: string; unitPath: string; collectiveId: string }>,
): Lookups & { addUnit(u: Rec): void; addCollective(c: Rec): void; addWorkUpdate(w: Rec): void } {
  const u = new Map<string, { path: string; depth: number }>();
  const c = new Map<string, { unitPath: string }>();
  const w = new Map<string, { unitPath: string; collectiveId: string }>();
  for (const x of units) u.set(x.id, x);
  for (const x of collectives) c.set(x.id, x);
  for (const x of workUpdates) w.set(x.id, x);
  return {
    unit: (id) => u.get(id),
    collective: (id) => c.get(id),
    workUpdate: (id) => w.get(id),
    addUnit: (r) => void u.set(r.id, { path: String(r.path), depth: Number(r.depth) }),
    addCollective: (r) => void c.set(r.id, { unitPath: String(r.unitPath) }),
    addWorkUpdate: (r) => void w.set(r.id, { unitPath: String(r.unitPath), collectiveId: String(r.collectiveId) }),
  };
}

// ---------- export ----------

export interface ExportRecipient {
  /** a trusted device (its authority and unit are known) */
  peerId?: string;
  /** or a unit above or below this one, any device (first contact) */
  unitId?: string;
}

export interface ExportOptions {
  term: string;
  full: boolean;
  onProgress?: ProgressCallback;
  signal?: CancelSignal;
  pause?: Pause;
}

export interface ExportResult {
  bytes: Uint8Array;
  fileName: string;
  packageId: string;
  sequence: number;
  full: boolean;
  counts: Record<string, number>;
  attachments: number;
}

interface RecipientInfo {
  authority: Authority;
  unitId: string;
  deviceId: string | null;
  unitName: string;
  unitCode: string;
}

async function recipientOf(actor: Actor, r: ExportRecipient): Promise<RecipientInfo> {
  const d = db();
  if (r.peerId) {
    const p = (await d.peers.get(r.peerId)) as Peer | undefined;
    if (!p || p.deleted || !p.trusted) throw new ExchangeError('接收设备不在信任列表中');
    const unit = await d.units.get(p.unitId);
    return {
      authority: { role: p.role, unitPath: p.unitPath, collectiveId: p.collectiveId, accountId: p.accountId },
      unitId: p.unitId,
      deviceId: p.deviceId,
      unitName: unit?.name ?? p.unitId,
      unitCode: unit?.code ?? '',
    };
  }
  const unit = r.unitId ? await d.units.get(r.unitId) : undefined;
  if (!unit || unit.deleted) throw new ExchangeError('请选择接收单位');
  const above = actor.unitPath.startsWith(unit.path) && unit.path !== actor.unitPath;
  const below = unit.path.startsWith(actor.unitPath) && unit.path !== actor.unitPath;
  if (!above && !(below && (actor.role === 'national' || actor.role === 'admin1'))) {
    throw new ExchangeError('只能向本单位的上级单位或下级单位发送交换包');
  }
  const role: Role = unit.channel === 'national' ? 'national' : 'admin1';
  return { authority: { role, unitPath: unit.path, collectiveId: null, accountId: '' }, unitId: unit.id, deviceId: null, unitName: unit.name, unitCode: unit.code };
}

function recipientKey(unitId: string, deviceId: string | null): string {
  return `${unitId}:${deviceId ?? '*'}`;
}

async function lastOut(unitId: string, deviceId: string | null): Promise<PackageLog | undefined> {
  const key = recipientKey(unitId, deviceId);
  const me = await myDeviceId();
  const outs = (await db().packages.where('senderDeviceId').equals(me).toArray()) as PackageLog[];
  return outs
    .filter((o) => o.direction === 'out' && o.kind === 'exchange' && recipientKey(o.recipientUnitId, o.peerDeviceId) === key)
    .sort((a, b) => b.sequence - a.sequence)[0];
}

interface Snapshot {
  tables: Record<string, Rec[]>;
  received: Map<string, Received['value']>;
  mark: string;
}

/** Exchanged tables whose records carry the `unitPath` of the unit they belong to (indexed). */
const UNIT_PATH_TABLES: ReadonlySet<string> = new Set(['accounts', 'collectives', 'workUpdates', 'evaluations', 'changes', 'workEntries']);

/**
 * What a package to `to` can hold of the unit-path tables is within its subtree (visibleTo in
 * shared/exchange/authority.ts): for a recipient below the national office, read only that
 * subtree. A package from the national office to one province then reads that province's
 * records, not the whole country's (9 s for a 0.8 MB package before). Null: read everything.
 */
function snapshotPrefix(to: Authority): string | null {
  return to.role === 'national' || to.role === 'collective' ? null : to.unitPath;
}

async function snapshot(prefix: string | null = null): Promise<Snapshot> {
  const d = db();
  const c = await clock();
  const tables: Record<string, Rec[]> = {};
  let mark = '';
  const received = new Map<string, Received['value']>();
  await d.transaction('r', [...EXCHANGED_TABLES.map((t) => d.table(t)), d.meta], async () => {
    for (const t of EXCHANGED_TABLES) {
      const table = d.table(t);
      tables[t] = (await (prefix !== null && UNIT_PATH_TABLES.has(t) ? table.where('unitPath').startsWith(prefix) : table).toArray()) as Rec[];
    }
    for (const row of (await d.meta.where('key').startsWith(RCV).toArray()) as Received[]) received.set(row.key, row.value);
    // everything that arrived so far is at or below this stamp; later edits and imports are above it
    mark = c.next();
  });
  return { tables, received, mark };
}

function arrivalOf(received: Map<string, Received['value']>, table: string, rec: Rec): { at: string; from: string | null } {
  const r = received.get(rcvKey(table, rec.id));
  return r && r.rev === rec.rev ? { at: r.at, from: r.from } : { at: rec.rev, from: null };
}

interface Selection {
  tables: Record<string, PackageRecord[]>;
  attachments: PackageAttachment[];
  counts: Record<string, number>;
}

async function select(
  snap: Snapshot,
  from: Authority,
  to: Authority,
  toDevice: string | null,
  since: string | null,
  onProgress?: ProgressCallback,
  signal?: CancelSignal,
  pause?: Pause,
): Promise<Selection> {
  const look = lookupsOf(
    snap.tables.units as unknown as Unit[],
    snap.tables.collectives as unknown as { id: string; unitPath: string }[],
    snap.tables.workUpdates as unknown as { id: string; unitPath: string; collectiveId: string }[],
  );
  const out: Record<string, PackageRecord[]> = {};
  const counts: Record<string, number> = {};
  const hashes = new Set<string>();
  const total = EXCHANGED_TABLES.length;
  let done = 0;
  for (const t of EXCHANGED_TABLES) {
    if (signal?.aborted) throw new ExchangeError('已取消');
    onProgress?.({ phase: 'scan', done: done++, total, path: t });
    if (pause) await pause();
    if (t === 'attachments') continue;
    const picked: PackageRecord[] = [];
    for (const rec of snap.tables[t]!) {
      if (!sendable(from, to, t, rec, look)) continue;
      if (!rec.deleted) referencedHashes(t, rec, hashes);
      const arr = arrivalOf(snap.received, t, rec);
      if (since !== null && arr.at <= since) continue;
      // an incremental package does not echo a version back to the device it came from
      if (since !== null && toDevice !== null && arr.from === toDevice) continue;
      picked.push(rec as PackageRecord);
    }
    out[t] = picked;
    counts[t] = picked.length;
  }
  const files = new Map<string, Uint8Array>();
  const atts: PackageRecord[] = [];
  for (const rec of snap.tables.attachments!) {
    if (!hashes.has(String(rec.hash))) continue;
    const arr = arrivalOf(snap.received, 'attachments', rec);
    if (since !== null && arr.at <= since) continue;
    if (since !== null && toDevice !== null && arr.from === toDevice) continue;
    const wire = await attachmentForWire(rec);
    atts.push(wire.rec as PackageRecord);
    for (const f of wire.files) files.set(f.hash, f.bytes);
  }
  out.attachments = atts;
  counts.attachments = atts.length;
  return { tables: out, attachments: [...files].map(([hash, bytes]) => ({ hash, bytes })), counts };
}

async function receiptFor(peerDevice: string | null, mark: string): Promise<PackageRecord[]> {
  if (!peerDevice) return [];
  const ins = ((await db().packages.where('senderDeviceId').equals(peerDevice).toArray()) as PackageLog[])
    .filter((p) => p.direction === 'in')
    .sort((a, b) => b.sequence - a.sequence)
    .slice(0, RECEIPT_LENGTH);
  if (!ins.length) return [];
  return [{ id: 'receipt', rev: mark, imported: ins.map((p) => p.packageId) }];
}

async function nextSequence(): Promise<number> {
  const row = await db().meta.get(SEQUENCE);
  return ((row?.value as number | undefined) ?? 0) + 1;
}

function mayExport(actor: Actor): Authority {
  if (!isAdmin(actor.role) && actor.role !== 'collective') throw new ScopeError(OUT_OF_SCOPE);
  return actorAuthority(actor);
}

/** Build a signed package for a recipient. Nothing is written unless it is built completely. */
export async function exportPackage(actor: Actor, recipient: ExportRecipient, opts: ExportOptions): Promise<ExportResult> {
  const from = mayExport(actor);
  const to = await recipientOf(actor, recipient);
  const previous = await lastOut(to.unitId, to.deviceId);
  const full = opts.full || !previous;
  const since = full ? null : previous!.mark;
  const snap = await snapshot(snapshotPrefix(to.authority));
  const sel = await select(snap, from, to.authority, to.deviceId, since, opts.onProgress, opts.signal, opts.pause);
  const receipt = await receiptFor(to.deviceId, snap.mark);
  return finishExport(actor, {
    sel,
    receipt,
    setup: [],
    to,
    full,
    since,
    mark: snap.mark,
    term: opts.term,
    kind: 'exchange',
    opts,
    fileStem: `交换包-${actor.displayName}-至-${to.unitName}`,
  });
}

interface Finish {
  sel: Selection;
  receipt: PackageRecord[];
  setup: PackageRecord[];
  to: RecipientInfo;
  full: boolean;
  since: string | null;
  mark: string;
  term: string;
  kind: PackageLog['kind'];
  opts: { onProgress?: ProgressCallback; signal?: CancelSignal; pause?: Pause };
  fileStem: string;
}

async function finishExport(actor: Actor, f: Finish): Promise<ExportResult> {
  const d = db();
  const me = await myDeviceId();
  const privateKey = await devicePrivateKey();
  const sequence = await nextSequence();
  const packageId = crypto.randomUUID();
  const tables: Record<string, readonly PackageRecord[]> = { ...f.sel.tables };
  if (f.receipt.length) tables[RECEIPT_TABLE] = f.receipt;
  if (f.setup.length) tables[SETUP_TABLE] = f.setup;
  let bytes: Uint8Array;
  try {
    bytes = await buildPackage(
      {
        manifestFields: {
          packageId,
          sender: { unitId: actor.unitId, deviceId: me, accountId: actor.accountId },
          recipient: { unitId: f.to.unitId, deviceId: f.to.deviceId },
          term: f.term,
          sequence,
          full: f.full,
          sinceRev: f.since,
          appVersion: await appVersion(),
        },
        tables,
        attachments: f.sel.attachments,
        privateKey,
      },
      f.opts.onProgress,
      f.opts.signal,
      f.opts.pause,
    );
  } catch (e) {
    if ((e as { code?: string }).code === 'cancelled') throw new ExchangeError('已取消，未生成交换包');
    throw e;
  }
  const total = Object.values(f.sel.counts).reduce((a, b) => a + b, 0);
  await writeTx(actor, [d.packages], async (w) => {
    // sequences only ever grow, even if two exports raced
    const current = ((await d.meta.get(SEQUENCE))?.value as number | undefined) ?? 0;
    if (current >= sequence) throw new ExchangeError('另一个交换包正在生成，请重试');
    await d.meta.put({ key: SEQUENCE, value: sequence });
    const log: PackageLog = {
      id: `out-${packageId}`,
      packageId,
      senderDeviceId: me,
      importedAt: w.now,
      summary: `${f.kind === 'setup' ? '安装包' : f.full ? '全量交换包' : '增量交换包'}，发往 ${f.to.unitName}，${total} 条记录`,
      direction: 'out',
      kind: f.kind,
      peerDeviceId: f.to.deviceId,
      recipientUnitId: f.to.unitId,
      sequence,
      full: f.full,
      since: f.since,
      mark: f.mark,
      counts: f.sel.counts,
    };
    await d.packages.put(log);
    w.audit({ action: f.kind === 'setup' ? 'exchange.setupExport' : 'exchange.export', entity: 'package', entityId: packageId, summary: `生成${log.summary}（序号 ${sequence}）` });
  });
  const date = new Date().toISOString().slice(0, 10);
  return {
    bytes,
    fileName: `${f.fileStem}-${date}-${sequence}.ycapkg`.replace(/[\\/:*?"<>|\s]+/g, '_'),
    packageId,
    sequence,
    full: f.full,
    counts: f.sel.counts,
    attachments: f.sel.attachments.length,
  };
}

/** Units an actor can address a package to: the units above and (level 1 / national) below. */
export async function exportTargets(actor: Actor): Promise<{ peers: Peer[]; units: Unit[] }> {
  const peers = (await listPeers()).filter((p) => p.trusted);
  const units = (await db().units.toArray()).filter((u) => {
    if (u.deleted) return false;
    if (actor.unitPath.startsWith(u.path) && u.path !== actor.unitPath) return true;
    return (actor.role === 'national' || actor.role === 'admin1') && u.path.startsWith(actor.unitPath) && u.path !== actor.unitPath;
  });
  return { peers, units: units.sort((a, b) => a.depth - b.depth || a.sortOrder - b.sortOrder) };
}

// ---------- import ----------

export type ReadPackage = Extract<ReadResult, { ok: true }>;

/** Verify a file completely (signature, hashes, limits, hostile zips). Never writes. */
export async function readPackageFile(
  bytes: Uint8Array,
  opts: { onProgress?: ProgressCallback; signal?: CancelSignal; pause?: Pause } = {},
): Promise<ReadPackage | Refusal> {
  const r = await readPackage(bytes, opts);
  return r;
}

export type Outcome = 'new' | 'update' | 'unchanged' | 'conflict' | 'refused';
export type Counts = Record<Outcome, number>;

const emptyCounts = (): Counts => ({ new: 0, update: 0, unchanged: 0, conflict: 0, refused: 0 });

interface Decision {
  table: string;
  id: string;
  outcome: Outcome;
  incoming: Rec;
  local?: Rec;
  /** why refused */
  reason?: string;
  /** an older version of ours: kept ours (counted as unchanged) */
  stale?: boolean;
}

export interface ImportPlan {
  counts: Counts;
  byTable: Record<string, Counts>;
  stale: number;
  refusedSamples: { table: string; id: string; reason: string }[];
  decisions: Decision[];
  ackedMark: string | null;
}

export type TrustState =
  | { ok: true; peer: Peer }
  | { ok: false; code: 'untrusted' | 'replayed' | 'wrongRecipient' | 'notSetUp'; message: string };

export interface ImportPreview {
  manifest: Manifest;
  trust: TrustState;
  plan: ImportPlan | null;
}

/**
 * `get(keys)`, but reading only the keys that exist in `range`: a first import of a province is
 * ~55,000 records of which none exist here, and one get per key is most of the planning time.
 * The range's keys are read in one request (no values) when it is not much larger than `keys`.
 */
async function presentOnly<T>(range: Collection, keys: string[], get: (keys: string[]) => Promise<(T | undefined)[]>): Promise<(T | undefined)[]> {
  if (keys.length < 64) return get(keys);
  const held = await range.clone().count();
  if (held > keys.length * 8) return get(keys);
  const present = new Set((await range.clone().primaryKeys()) as string[]);
  const wanted = keys.filter((k) => present.has(k));
  const found = wanted.length ? await get(wanted) : [];
  const byKey = new Map(wanted.map((k, i) => [k, found[i]]));
  return keys.map((k) => byKey.get(k));
}

/**
 * For `table`'s unique keys (and the attachments' content hash): the local record holding each
 * value some incoming record carries, keyed `fields.join('+') + JSON.stringify(values)`.
 */
async function uniqueHolders(table: string, records: readonly Rec[]): Promise<Map<string, Rec>> {
  const out = new Map<string, Rec>();
  const keys = table === 'attachments' ? [['hash']] : (UNIQUE[table] ?? []);
  for (const fields of keys) {
    const values = new Map<string, unknown>();
    for (const r of records) {
      const value = fields.map((f) => (table === 'attachments' ? String(r[f]) : r[f]));
      if (value.some((v) => v === undefined || v === null)) continue;
      values.set(JSON.stringify(value), fields.length === 1 ? value[0] : value);
    }
    if (!values.size) continue;
    const index = fields.length === 1 ? fields[0]! : `[${fields.join('+')}]`;
    const found = (await db()
      .table(table)
      .where(index)
      .anyOf([...values.values()] as string[])
      .toArray()) as Rec[];
    for (const rec of found) {
      const k = fields.join('+') + JSON.stringify(fields.map((f) => rec[f]));
      // the first holder, as `.first()` on the index would give (unique indexes hold one)
      if (!out.has(k)) out.set(k, rec);
    }
  }
  return out;
}

/** Unique indexes whose clash would abort the transaction: checked per record first. */
const UNIQUE: Record<string, string[][]> = {
  accounts: [['code']],
  collectives: [['code']],
  units: [['code']],
  terms: [['code']],
  settings: [['key']],
  quotas: [['unitId', 'term']],
  selfReports: [['unitId', 'term']],
  logReads: [['workUpdateId', 'accountId']],
};

const SAME_CONTENT_IGNORED = ['id', 'rev', 'createdAt', 'updatedAt'];

function deviceOfRev(rev: string): string {
  try {
    return parseRev(rev).deviceId;
  } catch {
    return '';
  }
}

async function checkTrust(manifest: Manifest): Promise<TrustState> {
  const inst = await getInstallationInfo();
  if (!inst) return { ok: false, code: 'notSetUp', message: '本机尚未完成初始设置' };
  const peers = (await db().peers.toArray()) as Peer[];
  const me = await myDeviceId();
  const r = verifyTrust(manifest, trustedKeysOf(peers.filter((p) => !p.deleted)), { unitId: inst.unitId, deviceId: me });
  if (!r.ok) return r;
  const peer = peers.find((p) => p.publicKey === manifest.sender.publicKey && p.deviceId === manifest.sender.deviceId && !p.deleted);
  if (!peer) return { ok: false, code: 'untrusted', message: '发送方设备不在信任列表中' };
  return { ok: true, peer };
}

/**
 * Classify every incoming record. Dexie reads only (runs inside the apply transaction too), so
 * the dry run and the write decide the same way on the same data.
 */
async function planImport(pkg: ReadPackage, peer: Peer, me: Authority & { unitId: string }, myDevice: string): Promise<ImportPlan> {
  const d = db();
  const sender: Authority = { role: peer.role, unitPath: peer.unitPath, collectiveId: peer.collectiveId, accountId: peer.accountId };
  const rel = relation(sender, me);

  // the receipt first: what the peer now confirms holding of ours
  let ackedMark = peer.ackedMark;
  const receipt = pkg.tables[RECEIPT_TABLE]?.[0];
  if (receipt && Array.isArray(receipt.imported)) {
    const ids = (receipt.imported as unknown[]).filter((x): x is string => typeof x === 'string');
    const outs = ((await d.packages.where('packageId').anyOf(ids).toArray()) as PackageLog[])
      .filter((o) => o.direction === 'out' && o.mark !== null)
      .sort((a, b) => a.sequence - b.sequence);
    for (const o of outs) {
      // only a contiguous chain counts: a package whose predecessor never arrived proves nothing about it
      if (o.since === null || (ackedMark !== null && o.since <= ackedMark)) {
        if (ackedMark === null || o.mark! > ackedMark) ackedMark = o.mark!;
      }
    }
  }

  const units = await d.units.toArray();
  const inc = pkg.tables;
  const cids = new Set<string>();
  const wids = new Set<string>();
  for (const t of ['reviewEvents', 'workUpdates', 'evaluations', 'changes'] as const) for (const r of inc[t] ?? []) if (typeof r.collectiveId === 'string') cids.add(r.collectiveId);
  for (const t of ['logReads', 'logComments'] as const) for (const r of inc[t] ?? []) if (typeof r.workUpdateId === 'string') wids.add(r.workUpdateId);
  const localCollectives = (await d.collectives.bulkGet([...cids])).filter((x) => x !== undefined);
  const localWork = (await d.workUpdates.bulkGet([...wids])).filter((x) => x !== undefined);
  const look = lookupsOf(units, localCollectives, localWork);
  // incoming versions place records too (a new collective and its first review event)
  for (const r of inc.units ?? []) look.addUnit(r as Rec);
  for (const r of inc.collectives ?? []) look.addCollective(r as Rec);
  for (const r of inc.workUpdates ?? []) look.addWorkUpdate(r as Rec);

  const counts = emptyCounts();
  const byTable: Record<string, Counts> = {};
  const decisions: Decision[] = [];
  const refusedSamples: ImportPlan['refusedSamples'] = [];
  let stale = 0;
  const files = new Set(pkg.attachments.map((a) => a.hash));

  for (const table of Object.keys(inc).sort()) {
    if (table === RECEIPT_TABLE || table === SETUP_TABLE) continue;
    const tc = (byTable[table] = emptyCounts());
    const records = inc[table]!;
    const add = (dec: Decision) => {
      decisions.push(dec);
      counts[dec.outcome]++;
      tc[dec.outcome]++;
      if (dec.stale) stale++;
      if (dec.outcome === 'refused' && refusedSamples.length < 20) refusedSamples.push({ table, id: dec.id, reason: dec.reason ?? '' });
    };
    if (!isExchangedTable(table)) {
      for (const r of records) add({ table, id: r.id, outcome: 'refused', incoming: r as Rec, reason: `不接受“${table}”类数据` });
      continue;
    }
    const locals = (await presentOnly(d.table(table).toCollection(), records.map((r) => r.id), (keys) => d.table(table).bulkGet(keys))) as (Rec | undefined)[];
    const rcvRows = (await presentOnly(
      d.meta.where('key').startsWith(`${RCV}${table}:`),
      records.map((r) => rcvKey(table, r.id)),
      (keys) => d.meta.bulkGet(keys),
    )) as (Received | undefined)[];
    // local records that hold an incoming record's unique key (or attachment hash): one indexed
    // read per table and key, not one awaited query per record (a province is ~55,000 records)
    const holders = await uniqueHolders(table, records as Rec[]);
    const seenKeys = new Map<string, string>();
    for (let i = 0; i < records.length; i++) {
      const I = records[i] as Rec;
      const L = locals[i] && (locals[i] as Rec);
      const rcv = rcvRows[i]?.value;
      if (table === 'attachments') {
        // content-addressed: the same hash is the same file, whoever stored it first
        const same = L ?? holders.get(`hash${JSON.stringify([String(I.hash)])}`);
        if (same) add({ table, id: I.id, outcome: 'unchanged', incoming: I, local: same });
        else if (!I.deleted && !files.has(String(I.hash))) add({ table, id: I.id, outcome: 'refused', incoming: I, reason: '附件内容缺失' });
        else {
          const why = writeRefusal(sender, rel, table, undefined, I, look);
          add(why ? { table, id: I.id, outcome: 'refused', incoming: I, reason: why } : { table, id: I.id, outcome: 'new', incoming: I });
        }
        continue;
      }
      let outcome: Outcome;
      let isStale = false;
      if (!L) outcome = 'new';
      else if (I.rev === L.rev || fieldDiff(L, I, SAME_CONTENT_IGNORED).length === 0) outcome = 'unchanged';
      else {
        const cameFromPeer = rcv !== undefined && rcv.rev === L.rev && rcv.from === peer.deviceId;
        const arrival = rcv !== undefined && rcv.rev === L.rev ? rcv.at : L.rev;
        const lLoc = locate(table, L, look);
        const couldWriteHere = lLoc !== null && (lLoc.global ? me.role === 'national' : inScope(me, lLoc));
        const peerHoldsOurs = cameFromPeer || (ackedMark !== null && arrival <= ackedMark) || !couldWriteHere;
        if (peerHoldsOurs) {
          outcome = I.rev > L.rev ? 'update' : 'unchanged';
          isStale = outcome === 'unchanged';
        } else if (I.rev < L.rev && (deviceOfRev(I.rev) === myDevice || (rcv !== undefined && rcv.from === peer.deviceId && I.rev <= rcv.rev))) {
          // a version we already had and superseded here
          outcome = 'unchanged';
          isStale = true;
        } else outcome = 'conflict';
      }
      if (outcome === 'unchanged') {
        add({ table, id: I.id, outcome, incoming: I, ...(L ? { local: L } : {}), stale: isStale });
        continue;
      }
      let reason = writeRefusal(sender, rel, table, L, I, look);
      if (!reason && !visibleTo(me, table, I, look)) reason = '不属于本机的管理范围';
      if (!reason && outcome !== 'conflict') {
        for (const fields of UNIQUE[table] ?? []) {
          const value = fields.map((f) => I[f]);
          if (value.some((v) => v === undefined || v === null)) continue;
          const k = JSON.stringify(value);
          const other = seenKeys.get(fields.join('+') + k);
          if (other && other !== I.id) {
            reason = `与交换包中的另一条记录（${fields.join('、')}）重复`;
            break;
          }
          seenKeys.set(fields.join('+') + k, I.id);
          const clash = holders.get(fields.join('+') + k);
          if (clash && clash.id !== I.id) {
            reason = `与本机已有的另一条记录重复（${fields.map((f) => String(clash[f])).join('、')}）`;
            break;
          }
        }
      }
      if (reason) add({ table, id: I.id, outcome: 'refused', incoming: I, ...(L ? { local: L } : {}), reason });
      else add({ table, id: I.id, outcome, incoming: I, ...(L ? { local: L } : {}) });
    }
  }
  return { counts, byTable, stale, refusedSamples, decisions, ackedMark };
}

/** Dry run: who sent it, whether it is trusted, and what importing it would do. Writes nothing. */
export async function previewImport(actor: Actor, pkg: ReadPackage): Promise<ImportPreview> {
  await mayImport(actor);
  const trust = await checkTrust(pkg.manifest);
  if (!trust.ok) return { manifest: pkg.manifest, trust, plan: null };
  const me = await deviceAuthority();
  const plan = await planImport(pkg, trust.peer, me, await myDeviceId());
  return { manifest: pkg.manifest, trust, plan };
}

async function mayImport(actor: Actor): Promise<void> {
  if (isAdmin(actor.role)) return;
  if (actor.role === 'collective' && (await getInstallationInfo())?.role === 'collective') return;
  throw new ScopeError('只有管理员（或集体在自己的电脑上）可以导入交换包');
}

export interface ImportResult {
  counts: Counts;
  stale: number;
  conflicts: number;
  packageId: string;
}

/**
 * Apply a package: the same checks and plan as the dry run, inside one transaction that writes
 * every new and updated record, records conflicts, advances the watermarks and the audit trail —
 * or, on any error, nothing at all.
 */
export async function applyImport(actor: Actor, pkg: ReadPackage): Promise<ImportResult> {
  await mayImport(actor);
  // what the package holds unpacked is what it may add here (records and attachment files)
  const noSpace = await checkFreeSpace(pkg.manifest.entries.reduce((n, e) => n + e.bytes, 0));
  if (noSpace) throw new ExchangeError(noSpace);
  const d = db();
  const me = await deviceAuthority();
  const myDevice = await myDeviceId();
  const c = await clock();
  const files = new Map(pkg.attachments.map((a) => [a.hash, a.bytes]));
  const tables = [...EXCHANGED_TABLES.map((t) => d.table(t)), d.peers, d.conflicts, d.packages];
  return writeTx(actor, tables, async (w) => {
    // trust again inside the transaction: a package imported meanwhile must not be applied twice
    const trust = await checkTrust(pkg.manifest);
    if (!trust.ok) throw new ExchangeError(trust.message);
    const peer = trust.peer;
    const plan = await planImport(pkg, peer, me, myDevice);
    const written: Rec[] = [];
    for (const dec of plan.decisions) if (dec.outcome === 'new' || dec.outcome === 'update') written.push(dec.incoming);
    const top = maxRev(written);
    if (top) c.receive(top);
    const at = c.next();
    let conflicts = 0;
    // written per table in bulk (one request per table, not two awaited requests per record):
    // a province's package is ~55,000 records (issue 9, docs/performance.md)
    const puts = new Map<string, Rec[]>();
    const notes: Received[] = [];
    for (const dec of plan.decisions) {
      if (dec.outcome === 'new' || dec.outcome === 'update') {
        let rec: Rec | string = dec.incoming;
        if (dec.table === 'attachments') rec = attachmentFromWire(dec.incoming as PackageRecord, files);
        if (typeof rec === 'string') throw new ExchangeError(`附件 ${dec.id}：${rec}`);
        // stored exactly as received: the same rev on both laptops is what makes re-import a no-op
        const list = puts.get(dec.table);
        if (list) list.push(rec);
        else puts.set(dec.table, [rec]);
        notes.push({ key: rcvKey(dec.table, dec.id), value: { rev: dec.incoming.rev, from: peer.deviceId, at } });
      } else if (dec.outcome === 'conflict') {
        conflicts++;
        const open = (await d.conflicts.where('recordId').equals(dec.id).toArray()).find((x) => x.table === dec.table && !x.resolved);
        if (open) await d.conflicts.put(w.touch(open, { remote: dec.incoming, packageId: pkg.manifest.packageId }));
        else
          await d.conflicts.add(
            w.create<Conflict>({ table: dec.table, recordId: dec.id, local: dec.local, remote: dec.incoming, packageId: pkg.manifest.packageId, resolved: false }),
          );
      }
    }
    for (const [table, rows] of puts) await d.table(table).bulkPut(rows);
    await d.meta.bulkPut(notes);
    await d.peers.put(w.touch(peer, { lastSeqReceived: pkg.manifest.sequence, ackedMark: plan.ackedMark } as Partial<Peer>));
    const log: PackageLog = {
      id: `in-${pkg.manifest.packageId}`,
      packageId: pkg.manifest.packageId,
      senderDeviceId: peer.deviceId,
      importedAt: w.now,
      summary: summaryOf(plan.counts),
      direction: 'in',
      kind: pkg.tables[SETUP_TABLE] ? 'setup' : 'exchange',
      peerDeviceId: peer.deviceId,
      recipientUnitId: pkg.manifest.recipient.unitId,
      sequence: pkg.manifest.sequence,
      full: pkg.manifest.full,
      since: pkg.manifest.sinceRev,
      mark: null,
      counts: { ...plan.counts },
    };
    await d.packages.put(log);
    w.audit({
      action: 'exchange.import',
      entity: 'package',
      entityId: pkg.manifest.packageId,
      summary: `导入 ${peer.label} 的交换包（序号 ${pkg.manifest.sequence}）：${log.summary}`,
    });
    return { counts: plan.counts, stale: plan.stale, conflicts, packageId: pkg.manifest.packageId };
  });
}

export function summaryOf(c: Counts): string {
  return `新增 ${c.new}，更新 ${c.update}，未变 ${c.unchanged}，冲突 ${c.conflict}，拒收 ${c.refused}`;
}

/** Packages made or imported here, newest first. */
export async function listPackageLog(limit = 50): Promise<PackageLog[]> {
  const rows = (await db().packages.toArray()) as PackageLog[];
  return rows.sort((a, b) => b.importedAt.localeCompare(a.importedAt)).slice(0, limit);
}

/** Record counts per exchanged table (the exchange page shows them; tests compare them). */
export async function localCounts(): Promise<Record<string, number>> {
  const d = db();
  const out: Record<string, number> = {};
  for (const t of EXCHANGED_TABLES) out[t] = await d.table(t).count();
  out.conflicts = await d.conflicts.filter((c) => !c.resolved && !c.deleted).count();
  return out;
}

// ---------- setup packages (安装包) ----------

export interface SetupGrant {
  accountId: string;
  code: string;
  role: Role;
  issuerRole: Role;
  issuerUnitId: string;
  issuerAccountId: string;
  issuerName: string;
}

/**
 * A setup package for the laptop of a lower administrator or a collective the actor issued:
 * everything that account may see, its account record (with the one-time password's hash only),
 * and this laptop's public key as the administrator the new laptop will trust. The one-time
 * password is handed over separately; without it the package cannot set up a laptop.
 */
export async function exportSetupPackage(
  actor: Actor,
  accountId: string,
  opts: { term: string; onProgress?: ProgressCallback; signal?: CancelSignal; pause?: Pause },
): Promise<ExportResult> {
  if (actor.role !== 'national' && actor.role !== 'admin1') throw new ScopeError('只有一级管理员可以生成安装包');
  const d = db();
  const account = (await d.accounts.get(accountId)) as Account | undefined;
  if (!account || account.deleted || !inSubtree(actor, account.unitPath)) throw new ScopeError(OUT_OF_SCOPE);
  if (account.status !== 'active') throw new ExchangeError('该账号已停用，不能生成安装包');
  const from = actorAuthority(actor);
  const to: Authority = { role: account.role, unitPath: account.unitPath, collectiveId: account.collectiveId, accountId: account.id };
  if (relation(from, to) !== 'upstream') throw new ExchangeError('只能为本单位下级的管理员或集体生成安装包');
  const unit = await d.units.get(account.unitId);
  const snap = await snapshot();
  const sel = await select(snap, from, to, null, null, opts.onProgress, opts.signal, opts.pause);
  const grant: SetupGrant = {
    accountId: account.id,
    code: account.code,
    role: account.role,
    issuerRole: actor.role as Role,
    issuerUnitId: actor.unitId,
    issuerAccountId: actor.accountId,
    issuerName: actor.displayName,
  };
  return finishExport(actor, {
    sel,
    receipt: [],
    setup: [{ id: 'setup', rev: snap.mark, ...grant }],
    to: { authority: to, unitId: account.unitId, deviceId: null, unitName: unit?.name ?? '', unitCode: unit?.code ?? '' },
    full: true,
    since: null,
    mark: snap.mark,
    term: opts.term,
    kind: 'setup',
    opts,
    fileStem: `安装包-${account.code}-${account.displayName}`,
  });
}

export interface SetupPackageInfo {
  pkg: ReadPackage;
  grant: SetupGrant;
  accountName: string;
  roleLabel: string;
  unitName: string;
  issuerUnitName: string;
  fingerprint: string;
}

/** Read a setup package for the first-run wizard (verified, nothing written). */
export async function readSetupPackage(bytes: Uint8Array): Promise<SetupPackageInfo> {
  const r = await readPackage(bytes);
  if (!r.ok) throw new ExchangeError(r.message);
  const g = r.tables[SETUP_TABLE]?.[0];
  if (!g || r.tables[SETUP_TABLE]!.length !== 1) throw new ExchangeError('这是一个交换包，不是安装包。请使用管理员为本机生成的安装包。');
  const grant: SetupGrant = {
    accountId: String(g.accountId),
    code: String(g.code),
    role: g.role as Role,
    issuerRole: g.issuerRole as Role,
    issuerUnitId: String(g.issuerUnitId),
    issuerAccountId: String(g.issuerAccountId),
    issuerName: String(g.issuerName),
  };
  const account = r.tables.accounts?.find((a) => a.id === grant.accountId);
  const units = r.tables.units ?? [];
  const unit = units.find((u) => u.id === account?.unitId);
  const issuerUnit = units.find((u) => u.id === grant.issuerUnitId);
  if (!account || !unit || !issuerUnit || !ROLE_LABEL[grant.role] || !ROLE_LABEL[grant.issuerRole]) throw new ExchangeError('安装包内容不完整');
  if (r.manifest.sender.unitId !== grant.issuerUnitId || r.manifest.sender.accountId !== grant.issuerAccountId) throw new ExchangeError('安装包的发送方与其中的签发人不符');
  return {
    pkg: r,
    grant,
    accountName: String(account.displayName),
    roleLabel: ROLE_LABEL[grant.role],
    unitName: String(unit.name),
    issuerUnitName: String(issuerUnit.name),
    fingerprint: r.manifest.sender.fingerprint,
  };
}

/**
 * Set this (empty) laptop up from a setup package, after the person proved they hold the
 * account's one-time password and confirmed the administrator's fingerprint. One transaction.
 * Returns the account code to sign in with.
 */
export async function setUpFromPackage(info: SetupPackageInfo, codeInput: string, password: string, fingerprintConfirmed: boolean): Promise<string> {
  const d = db();
  if (await getInstallationInfo()) throw new ExchangeError('本机已完成初始设置');
  if (!fingerprintConfirmed) throw new ExchangeError('请先与管理员核对安装包的指纹');
  const { pkg, grant } = info;
  const account = pkg.tables.accounts!.find((a) => a.id === grant.accountId) as unknown as Account;
  if (normaliseCodeInput(codeInput) !== account.code) throw new ExchangeError('用户名（编码）或一次性密码不正确');
  const ok = (await verifyPassword(password, account.password)) || (await verifyPassword(normaliseOneTimeInput(password), account.password));
  if (!ok) throw new ExchangeError('用户名（编码）或一次性密码不正确');
  const me = await myDeviceId();
  const c = await clock();
  const files = new Map(pkg.attachments.map((a) => [a.hash, a.bytes]));
  const units = pkg.tables.units ?? [];
  const issuerUnit = units.find((u) => u.id === grant.issuerUnitId)!;
  const tables = [...EXCHANGED_TABLES.map((t) => d.table(t)), d.peers, d.packages];
  await writeTx(SYSTEM_ACTOR, tables, async (w) => {
    if (await d.meta.get(INSTALLATION_KEY)) throw new ExchangeError('本机已完成初始设置');
    const all: Rec[] = [];
    for (const t of EXCHANGED_TABLES) for (const r of pkg.tables[t] ?? []) all.push(r as Rec);
    const top = maxRev(all);
    if (top) c.receive(top);
    const at = c.next();
    for (const t of EXCHANGED_TABLES) {
      const rows = (pkg.tables[t] ?? []).map((r) => (t === 'attachments' ? attachmentFromWire(r, files) : (r as Rec)));
      const bad = rows.find((r) => typeof r === 'string');
      if (bad) throw new ExchangeError(`安装包中的附件无效：${bad}`);
      await d.table(t).bulkPut(rows as Rec[]);
      await d.meta.bulkPut(rows.map((r) => ({ key: rcvKey(t, (r as Rec).id), value: { rev: (r as Rec).rev, from: pkg.manifest.sender.deviceId, at } })));
    }
    const inst: InstallationInfo = {
      unitId: account.unitId,
      setUpAt: w.now,
      role: account.role,
      accountId: account.id,
      collectiveId: account.collectiveId,
      setUpFromDevice: pkg.manifest.sender.deviceId,
    };
    await d.meta.put({ key: INSTALLATION_KEY, value: inst });
    const peer = w.create<Peer>({
      deviceId: pkg.manifest.sender.deviceId,
      unitId: grant.issuerUnitId,
      label: `${String(issuerUnit.name)} · ${ROLE_LABEL[grant.issuerRole]} · ${grant.issuerName}`,
      publicKey: pkg.manifest.sender.publicKey,
      fingerprint: pkg.manifest.sender.fingerprint,
      trusted: true,
      lastSeqReceived: pkg.manifest.sequence,
      lastSeqSent: 0,
      lastRevSent: '',
      role: grant.issuerRole,
      unitPath: String(issuerUnit.path),
      collectiveId: null,
      accountId: grant.issuerAccountId,
      ackedMark: null,
      how: 'setupPackage',
      confirmedBy: account.id,
    });
    await d.peers.put(peer);
    const log: PackageLog = {
      id: `in-${pkg.manifest.packageId}`,
      packageId: pkg.manifest.packageId,
      senderDeviceId: peer.deviceId,
      importedAt: w.now,
      summary: `安装包：${all.length} 条记录`,
      direction: 'in',
      kind: 'setup',
      peerDeviceId: peer.deviceId,
      recipientUnitId: pkg.manifest.recipient.unitId,
      sequence: pkg.manifest.sequence,
      full: true,
      since: null,
      mark: null,
      counts: { new: all.length },
    };
    await d.packages.put(log);
    w.audit({
      action: 'setup.package',
      entity: 'account',
      entityId: account.id,
      summary: `由 ${peer.label} 的安装包完成初始设置：${ROLE_LABEL[account.role]} ${account.displayName}（${account.code}），信任其设备（指纹 ${peer.fingerprint}，本机设备 ${me}）`,
    });
  });
  return account.code;
}

/** Accounts the actor may make a setup package for (level 1 / national, its subtree, active). */
export async function setupCandidates(actor: Actor): Promise<Account[]> {
  if (actor.role !== 'national' && actor.role !== 'admin1') return [];
  const from = actorAuthority(actor);
  const rows = await db().accounts.where('unitPath').startsWith(actor.role === 'national' ? '/' : actor.unitPath).toArray();
  return rows
    .filter((a) => !a.deleted && a.status === 'active' && relation(from, { role: a.role, unitPath: a.unitPath, collectiveId: a.collectiveId, accountId: a.id }) === 'upstream')
    .sort((a, b) => a.code.localeCompare(b.code));
}

export { peerByDevice };
