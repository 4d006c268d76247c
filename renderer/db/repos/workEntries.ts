/**
 * A management unit's own work (工作台账, part 二.3 of the notice): the 五个一 measures (专题会议,
 * 集中培训, 检查调研, 主题创建活动, 常态化联系平台) and the other kinds the assessment reads (媒体宣传,
 * 领导出席, 政策文件, 其他), each with a date, title, participants, description and evidence files.
 *
 * Policy:
 * - Scope: administrators (levels 1–3) record and change entries of their own unit and of the
 *   units below it; the national office reads every unit's entries but does not write them (it
 *   assesses them); a collective neither reads nor writes them.
 * - Date: a real calendar date inside the term's creation period — from the day the term's filing
 *   window opens (Term.filingOpens, 2015-10-01 for 2017—2018) to 31 December of the term's last
 *   year (2018-12-31) — and not in the future.
 * - Evidence files are content-addressed: SHA-256 of the bytes, computed BEFORE the transaction
 *   (WebCrypto would commit it early), one `attachments` row per hash, so a file attached twice is
 *   stored once. Any type (minutes, notices, photos, PDFs); each 1 byte … 20 MB; at most 20 per
 *   entry. This helper keeps the attachments repo's shape (renderer/db/repos/attachments.ts, issue
 *   5) so the two can merge: id `attachment-<sha256>`, `hash`, `mime`, `size`, `name`, bytes.
 * - Deleting an entry leaves a tombstone (it travels in exchange packages); evidence bytes stay,
 *   since another record may share them.
 * - All or nothing: any bad field refuses the whole entry with Chinese messages; nothing is written.
 */
import type { Attachment, Unit, WorkEntry, WorkEntryType } from '../../../shared/model/entities';
import { fiveOnesChecklist, type FiveOnesChecklist } from '../../../shared/assessment/fiveOnes';
import { inSubtree, OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { sha256HexAsync } from '../../../shared/security/sha256';
import { attachmentIdOf } from './attachments';
import { db } from '../db';
import { writeTx, type Actor, type Writer } from '../write';

export class WorkEntryError extends Error {}

/** The nine kinds, the 五个一 first, in the order the form offers them. */
export const WORK_ENTRY_TYPES: readonly WorkEntryType[] = [
  '专题会议',
  '集中培训',
  '检查调研',
  '主题创建活动',
  '常态化联系平台',
  '媒体宣传',
  '领导出席',
  '政策文件',
  '其他',
];

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 20;
const TITLE_MAX = 100;
const PARTICIPANTS_MAX = 500;
const DESCRIPTION_MAX = 5000;

export interface EvidenceFile {
  name: string;
  data: Uint8Array;
  mime?: string;
}

export interface WorkEntryInput {
  type: WorkEntryType;
  /** yyyy-mm-dd */
  date: string;
  title: string;
  participants: string;
  description: string;
  /** evidence already on the entry that stays (editing); default: none */
  keepEvidence?: readonly string[];
  /** files to add */
  newFiles?: readonly EvidenceFile[];
}

export interface EvidenceInfo {
  hash: string;
  name: string;
  size: number;
  mime: string;
}

// ---------------------------------------------------------------------------------------------
// Scope

const ADMIN_ROLES = ['admin1', 'admin2', 'admin3'] as const;

async function liveUnit(unitId: string): Promise<Unit> {
  const unit = await db().units.get(unitId);
  if (!unit || unit.deleted) throw new WorkEntryError('所选单位不存在');
  return unit;
}

/** Reading a unit's own records: the national office and administrators of the unit or above it. */
export async function unitForRead(actor: Actor, unitId: string): Promise<Unit> {
  if (actor.role === 'collective') throw new ScopeError(OUT_OF_SCOPE);
  const unit = await liveUnit(unitId);
  if (!inSubtree(actor, unit.path)) throw new ScopeError(OUT_OF_SCOPE);
  return unit;
}

async function unitForWrite(actor: Actor, unitId: string): Promise<Unit> {
  if (actor.role === 'national') throw new ScopeError('全国组委会办公室查看各单位的工作台账，不代为填写');
  if (!(ADMIN_ROLES as readonly string[]).includes(actor.role)) throw new ScopeError(OUT_OF_SCOPE);
  const unit = await liveUnit(unitId);
  if (!inSubtree(actor, unit.path)) throw new ScopeError(OUT_OF_SCOPE);
  if (unit.channel === 'national') throw new WorkEntryError('请选择一个管理单位');
  return unit;
}

// ---------------------------------------------------------------------------------------------
// Validation

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The creation period of a term: filingOpens … 31 December of the term's last year. */
export async function termPeriod(term: string): Promise<{ from: string; to: string; label: string }> {
  const t = await db().terms.where('code').equals(term).first();
  if (!t || t.deleted) throw new WorkEntryError(`届次 ${term} 不存在`);
  const last = /^(\d{4})-(\d{4})$/.exec(t.code)?.[2] ?? t.filingDeadline.slice(0, 4);
  return { from: t.filingOpens, to: `${last}-12-31`, label: t.label };
}

function localToday(now: Date): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Every problem with an entry, in Chinese; empty when it may be saved. */
export function workEntryProblems(
  input: WorkEntryInput,
  period: { from: string; to: string; label: string },
  now = new Date(),
): string[] {
  const problems: string[] = [];
  if (!WORK_ENTRY_TYPES.includes(input.type)) problems.push('请选择工作类型');
  const date = input.date.trim();
  if (!date) problems.push('请填写日期');
  else if (!realDate(date)) problems.push(`日期“${date}”不是有效日期（格式：2017-05-10）`);
  else if (date < period.from || date > period.to) {
    problems.push(`日期应在${period.label}创建期内（${period.from} 至 ${period.to}）`);
  } else if (date > localToday(now)) problems.push('日期不能晚于今天');
  const title = input.title.trim();
  if (!title) problems.push('请填写标题');
  else if ([...title].length > TITLE_MAX) problems.push(`标题不能超过 ${TITLE_MAX} 个字`);
  if ([...input.participants.trim()].length > PARTICIPANTS_MAX) problems.push(`参与人员不能超过 ${PARTICIPANTS_MAX} 个字`);
  if ([...input.description.trim()].length > DESCRIPTION_MAX) problems.push(`工作内容不能超过 ${DESCRIPTION_MAX} 个字`);
  const files = input.newFiles ?? [];
  const total = (input.keepEvidence?.length ?? 0) + files.length;
  if (total > EVIDENCE_MAX_FILES) problems.push(`每条记录最多 ${EVIDENCE_MAX_FILES} 个证明材料，当前 ${total} 个`);
  for (const f of files) {
    const name = f.name.trim() || '未命名文件';
    if (f.data.byteLength === 0) problems.push(`证明材料“${name}”是空文件`);
    else if (f.data.byteLength > EVIDENCE_MAX_BYTES) {
      problems.push(`证明材料“${name}”大小 ${formatBytes(f.data.byteLength)}，超过 20 MB 的上限`);
    }
  }
  return problems;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// ---------------------------------------------------------------------------------------------
// Content-addressed evidence

interface PreparedFile {
  hash: string;
  name: string;
  mime: string;
  data: Uint8Array;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain',
  mp4: 'video/mp4',
};

function mimeOf(f: EvidenceFile): string {
  if (f.mime) return f.mime;
  const ext = /\.([a-z0-9]+)$/i.exec(f.name)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[ext] ?? 'application/octet-stream';
}

export { attachmentIdOf };

/** Hash outside any transaction. A copy of the bytes is kept so a caller's buffer can be reused. */
async function prepareFiles(files: readonly EvidenceFile[]): Promise<PreparedFile[]> {
  const out: PreparedFile[] = [];
  for (const f of files) {
    const data = new Uint8Array(f.data);
    out.push({ hash: await sha256HexAsync(data), name: f.name.trim() || '未命名文件', mime: mimeOf(f), data });
  }
  return out;
}

/** Inside the transaction: add the rows for hashes not stored yet. */
async function storeAttachments(w: Writer, files: readonly PreparedFile[]): Promise<number> {
  const d = db();
  let added = 0;
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.hash)) continue;
    seen.add(f.hash);
    const existing = await d.attachments.where('hash').equals(f.hash).first();
    if (existing && !existing.deleted) continue;
    if (existing) {
      await d.attachments.put(w.touch({ ...existing, deleted: false }, { data: f.data, size: f.data.byteLength }));
    } else {
      await d.attachments.add(
        w.create<Attachment>({
          id: attachmentIdOf(f.hash),
          hash: f.hash,
          mime: f.mime,
          size: f.data.byteLength,
          name: f.name,
          data: f.data,
          thumbnail: null,
        }),
      );
    }
    added++;
  }
  return added;
}

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

// ---------------------------------------------------------------------------------------------
// Writes

export async function createWorkEntry(actor: Actor, unitId: string, term: string, input: WorkEntryInput): Promise<WorkEntry> {
  const unit = await unitForWrite(actor, unitId);
  const problems = workEntryProblems({ ...input, keepEvidence: [] }, await termPeriod(term));
  if (problems.length) throw new WorkEntryError(problems.join('；'));
  const files = await prepareFiles(input.newFiles ?? []);
  const d = db();
  return writeTx(actor, [d.workEntries, d.attachments], async (w) => {
    await storeAttachments(w, files);
    const entry = w.create<WorkEntry>({
      unitId: unit.id,
      unitPath: unit.path,
      term,
      type: input.type,
      date: input.date.trim(),
      title: input.title.trim(),
      participants: input.participants.trim(),
      description: input.description.trim(),
      evidenceHashes: uniq(files.map((f) => f.hash)),
    });
    await d.workEntries.add(entry);
    w.audit({
      action: 'workEntry.create',
      entity: 'workEntry',
      entityId: entry.id,
      summary: `${unit.name} 工作台账新增【${entry.type}】${entry.date}《${entry.title}》，证明材料 ${entry.evidenceHashes.length} 个`,
    });
    return entry;
  });
}

async function entryForWrite(actor: Actor, id: string): Promise<{ entry: WorkEntry; unit: Unit }> {
  const entry = await db().workEntries.get(id);
  if (!entry || entry.deleted) throw new WorkEntryError('该工作记录不存在或已删除');
  const unit = await unitForWrite(actor, entry.unitId);
  return { entry, unit };
}

export async function updateWorkEntry(actor: Actor, id: string, input: WorkEntryInput): Promise<WorkEntry> {
  const { entry, unit } = await entryForWrite(actor, id);
  const keep = (input.keepEvidence ?? []).filter((h) => entry.evidenceHashes.includes(h));
  const problems = workEntryProblems({ ...input, keepEvidence: keep }, await termPeriod(entry.term));
  if (problems.length) throw new WorkEntryError(problems.join('；'));
  const files = await prepareFiles(input.newFiles ?? []);
  const d = db();
  return writeTx(actor, [d.workEntries, d.attachments], async (w) => {
    const fresh = await d.workEntries.get(id);
    if (!fresh || fresh.deleted) throw new WorkEntryError('该工作记录不存在或已删除');
    await storeAttachments(w, files);
    const next = w.touch(fresh, {
      type: input.type,
      date: input.date.trim(),
      title: input.title.trim(),
      participants: input.participants.trim(),
      description: input.description.trim(),
      evidenceHashes: uniq([...keep, ...files.map((f) => f.hash)]),
    });
    await d.workEntries.put(next);
    w.audit({
      action: 'workEntry.update',
      entity: 'workEntry',
      entityId: id,
      summary: `${unit.name} 工作台账修改【${next.type}】${next.date}《${next.title}》，证明材料 ${next.evidenceHashes.length} 个`,
    });
    return next;
  });
}

export async function deleteWorkEntry(actor: Actor, id: string): Promise<void> {
  const { unit } = await entryForWrite(actor, id);
  const d = db();
  await writeTx(actor, [d.workEntries], async (w) => {
    const fresh = await d.workEntries.get(id);
    if (!fresh || fresh.deleted) throw new WorkEntryError('该工作记录不存在或已删除');
    await d.workEntries.put(w.touch({ ...fresh, deleted: true }));
    w.audit({
      action: 'workEntry.delete',
      entity: 'workEntry',
      entityId: id,
      summary: `${unit.name} 工作台账删除【${fresh.type}】${fresh.date}《${fresh.title}》`,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Reads

function byDate(a: WorkEntry, b: WorkEntry): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}

/** Entries of a unit (not its subunits) in a term, by date. No scope check: for repos only. */
export async function entriesOfUnit(unitId: string, term: string): Promise<WorkEntry[]> {
  const rows = await db().workEntries.where('[unitId+term]').equals([unitId, term]).toArray();
  return rows.filter((e) => !e.deleted).sort(byDate);
}

export async function listWorkEntries(actor: Actor, unitId: string, term: string): Promise<WorkEntry[]> {
  await unitForRead(actor, unitId);
  return entriesOfUnit(unitId, term);
}

export interface FiveOnesView {
  checklist: FiveOnesChecklist;
  entries: WorkEntry[];
}

/** The 五个一 checklist of a unit and term with the entries that prove each kind. */
export async function fiveOnesFor(actor: Actor, unitId: string, term: string): Promise<FiveOnesView> {
  const entries = await listWorkEntries(actor, unitId, term);
  return { checklist: fiveOnesChecklist(entries, unitId, term), entries };
}

/** Names and sizes of evidence files, in the order given; unknown hashes are left out. */
export async function evidenceInfo(hashes: readonly string[]): Promise<EvidenceInfo[]> {
  if (hashes.length === 0) return [];
  const rows = await db().attachments.where('hash').anyOf([...hashes]).toArray();
  const byHash = new Map(rows.filter((r) => !r.deleted).map((r) => [r.hash, r]));
  return hashes.flatMap((h) => {
    const r = byHash.get(h);
    return r ? [{ hash: h, name: r.name, size: r.size, mime: r.mime }] : [];
  });
}

/** One evidence file's bytes, for download: only through an entry the actor may read. */
export async function readEvidence(actor: Actor, entryId: string, hash: string): Promise<{ name: string; mime: string; data: Uint8Array }> {
  const entry = await db().workEntries.get(entryId);
  if (!entry || entry.deleted) throw new WorkEntryError('该工作记录不存在或已删除');
  await unitForRead(actor, entry.unitId);
  if (!entry.evidenceHashes.includes(hash)) throw new ScopeError(OUT_OF_SCOPE);
  const row = await db().attachments.where('hash').equals(hash).first();
  if (!row || row.deleted) throw new WorkEntryError('证明材料文件不在本机（可能尚未随交换包导入）');
  const data = row.data instanceof Uint8Array ? row.data : new Uint8Array(await row.data.arrayBuffer());
  return { name: row.name, mime: row.mime, data };
}
