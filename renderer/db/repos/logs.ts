/**
 * 创建工作动态 (work updates) and 创建日志 (the creation log): annex 2 三.4–5, 二.3.
 *
 * Policy:
 * - A collective writes work updates (title, date, text, pictures/video/PDF) as drafts and
 *   submits them to its creation log; an administrator whose subtree holds the collective may
 *   enter one on its behalf (the author is recorded). Submitting stamps `submittedAt` and the
 *   collective's `lastLogAt` in the same transaction.
 * - A submitted log is a record admins rely on: it can no longer be edited or deleted. Drafts
 *   can be edited or deleted by the collective, and by the admin who authored them.
 * - Admins see submitted logs only (plus drafts they authored); a collective sees all of its own.
 * - Read/unread is per admin account (logReads, unique per log and account); a comment is an
 *   admin's, on a submitted log, and marks the log read for that admin. A collective reads the
 *   comments on its logs and how many admins have read them.
 * - A draft may only keep attachment hashes it already had: a hash cannot be "attached" by
 *   typing it, so nobody reaches another collective's files through a guessed hash.
 * - Every change writes an audit entry in the same transaction; scope is checked first and an
 *   out-of-scope call throws ScopeError and writes nothing.
 */
import type { Attachment, Collective, CollectiveType, LogComment, LogRead, WorkUpdate } from '../../../shared/model/entities';
import { MAX_ATTACHMENTS_PER_UPDATE } from '../../../shared/media';
import { isIsoDate, localDay } from '../../../shared/rules/complaints';
import { isAdmin } from '../../../shared/rules/roles';
import { assertCollective, assertSubtree, inSubtree, OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import { writeTx, type Actor, type Writer } from '../write';
import { loadAttachments, storeAttachmentsInTx, type PreparedAttachment } from './attachments';

export class LogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogError';
  }
}

export const MAX_LOG_TITLE = 100;
export const MAX_LOG_TEXT = 5000;
export const MAX_COMMENT = 1000;

export interface WorkUpdateFields {
  title: string;
  /** yyyy-mm-dd: the day of the activity */
  date: string;
  text: string;
}

/** Problems with a work update's fields (Chinese), [] when it may be saved. */
export function workUpdateProblems(f: WorkUpdateFields, today: string): string[] {
  const out: string[] = [];
  const title = f.title.trim();
  if (!title) out.push('请填写标题');
  else if ([...title].length > MAX_LOG_TITLE) out.push(`标题不能超过 ${MAX_LOG_TITLE} 个字`);
  if (!isIsoDate(f.date)) out.push(f.date ? `日期“${f.date}”不是有效日期` : '请填写活动日期');
  else if (f.date > today) out.push(`活动日期（${f.date}）不能晚于今天（${today}）`);
  const len = [...f.text.trim()].length;
  if (len > MAX_LOG_TEXT) out.push(`正文不能超过 ${MAX_LOG_TEXT} 个字（当前 ${len} 个字）`);
  return out;
}

const isMedia = (mime: string): boolean => mime.startsWith('image/') || mime.startsWith('video/');

/** The collective a work update may be written for by this actor. */
async function writableCollective(actor: Actor, collectiveId: string): Promise<Collective> {
  if (actor.role !== 'collective' && !isAdmin(actor.role)) throw new ScopeError(OUT_OF_SCOPE);
  const c = await db().collectives.get(collectiveId);
  if (!c || c.deleted) throw new ScopeError(OUT_OF_SCOPE);
  assertCollective(actor, c);
  if (c.status === 'superseded') throw new LogError('该集体已由新编码取代，请在新编码下填写创建日志');
  if (c.status === 'disqualified') throw new LogError('该集体已被取消创建资格，不能再提交创建日志');
  return c;
}

function canEditDraft(actor: Actor, u: WorkUpdate): boolean {
  if (u.state !== 'draft' || u.deleted) return false;
  if (actor.role === 'collective') return actor.collectiveId === u.collectiveId;
  return u.authorId === actor.accountId && inSubtree(actor, u.unitPath);
}

/** Can the actor see this work update at all? */
function canSee(actor: Actor, u: WorkUpdate): boolean {
  if (u.deleted) return false;
  if (actor.role === 'collective') return actor.collectiveId === u.collectiveId;
  if (!inSubtree(actor, u.unitPath)) return false;
  return u.state === 'submitted' || u.authorId === actor.accountId;
}

async function visibleUpdate(actor: Actor, id: string): Promise<WorkUpdate> {
  const u = await db().workUpdates.get(id);
  if (!u || !canSee(actor, u)) throw new ScopeError(OUT_OF_SCOPE);
  return u;
}

export interface SaveWorkUpdateInput extends WorkUpdateFields {
  /** an existing draft, or undefined for a new one */
  id?: string;
  collectiveId: string;
  /** attachments the draft already had and keeps */
  keepHashes: string[];
  /** new attachments, prepared (checked and hashed) before this call */
  add: PreparedAttachment[];
  /** submit to the creation log in the same step */
  submit?: boolean;
}

/** Save a draft (new or existing), optionally submitting it. All or nothing. */
export async function saveWorkUpdate(actor: Actor, input: SaveWorkUpdateInput, term: string, now = new Date()): Promise<WorkUpdate> {
  const collective = await writableCollective(actor, input.collectiveId);
  const problems = workUpdateProblems(input, localDay(now));
  if (problems.length) throw new LogError(problems.join('；'));
  const d = db();
  return writeTx(actor, [d.workUpdates, d.attachments, d.collectives], async (w) => {
    let existing: WorkUpdate | undefined;
    if (input.id) {
      existing = await d.workUpdates.get(input.id);
      if (!existing || existing.deleted || existing.collectiveId !== collective.id) throw new ScopeError(OUT_OF_SCOPE);
      if (existing.state !== 'draft') throw new LogError('已提交到创建日志的动态不能再修改');
      if (!canEditDraft(actor, existing)) throw new ScopeError('只有本集体或录入该草稿的管理员可以修改');
      const had = new Set(existing.attachmentHashes);
      if (input.keepHashes.some((h) => !had.has(h))) throw new LogError('附件列表有误：只能保留草稿原有的附件');
    } else if (input.keepHashes.length) {
      throw new LogError('附件列表有误：新草稿没有原有附件');
    }
    const hashes = [...new Set([...input.keepHashes, ...input.add.map((a) => a.hash)])];
    if (hashes.length > MAX_ATTACHMENTS_PER_UPDATE) throw new LogError(`每条工作动态最多 ${MAX_ATTACHMENTS_PER_UPDATE} 个附件（当前 ${hashes.length} 个）`);
    await storeAttachmentsInTx(w, input.add);
    const stored = await d.attachments.where('hash').anyOf(hashes).toArray();
    const hasMedia = stored.some((a) => !a.deleted && isMedia(a.mime));
    const submit = input.submit === true;
    const fields = {
      title: input.title.trim(),
      date: input.date,
      text: input.text.trim(),
      attachmentHashes: hashes,
      hasMedia,
      state: submit ? ('submitted' as const) : ('draft' as const),
      submittedAt: submit ? w.now : null,
    };
    const saved = existing
      ? w.touch(existing, fields)
      : w.create<WorkUpdate>({ ...fields, collectiveId: collective.id, unitPath: collective.unitPath, term, authorId: actor.accountId });
    await d.workUpdates.put(saved);
    const who = actor.role === 'collective' ? '' : `（${actor.displayName}代为录入）`;
    w.audit({
      action: existing ? 'workUpdate.edit' : 'workUpdate.create',
      entity: 'workUpdate',
      entityId: saved.id,
      summary: `${collective.profile.name}${existing ? '修改' : '新建'}创建工作动态“${saved.title}”${who}，附件 ${hashes.length} 个`,
    });
    if (submit) await markSubmittedInTx(w, saved, collective.id);
    return saved;
  });
}

async function markSubmittedInTx(w: Writer, u: WorkUpdate, collectiveId: string): Promise<void> {
  const d = db();
  const fresh = await d.collectives.get(collectiveId);
  if (fresh && (!fresh.lastLogAt || fresh.lastLogAt < w.now)) await d.collectives.put(w.touch(fresh, { lastLogAt: w.now }));
  w.audit({ action: 'workUpdate.submit', entity: 'workUpdate', entityId: u.id, summary: `提交创建日志“${u.title}”（${fresh?.profile.name ?? collectiveId}）` });
}

/** Submit an existing draft to the creation log. */
export async function submitWorkUpdate(actor: Actor, id: string): Promise<WorkUpdate> {
  const u = await db().workUpdates.get(id);
  if (!u || u.deleted) throw new ScopeError(OUT_OF_SCOPE);
  await writableCollective(actor, u.collectiveId);
  if (u.state !== 'draft') throw new LogError('该动态已提交到创建日志');
  if (!canEditDraft(actor, u)) throw new ScopeError('只有本集体或录入该草稿的管理员可以提交');
  const d = db();
  return writeTx(actor, [d.workUpdates, d.collectives], async (w) => {
    const fresh = (await d.workUpdates.get(id))!;
    if (fresh.state !== 'draft') throw new LogError('该动态已提交到创建日志');
    const next = w.touch(fresh, { state: 'submitted', submittedAt: w.now });
    await d.workUpdates.put(next);
    await markSubmittedInTx(w, next, next.collectiveId);
    return next;
  });
}

/** Delete a draft (tombstone). Submitted logs cannot be deleted. */
export async function deleteDraft(actor: Actor, id: string): Promise<void> {
  const u = await db().workUpdates.get(id);
  if (!u || u.deleted) throw new ScopeError(OUT_OF_SCOPE);
  assertCollective(actor, { id: u.collectiveId, unitPath: u.unitPath });
  if (u.state !== 'draft') throw new LogError('已提交到创建日志的动态不能删除');
  if (!canEditDraft(actor, u)) throw new ScopeError('只有本集体或录入该草稿的管理员可以删除');
  const d = db();
  await writeTx(actor, [d.workUpdates], async (w) => {
    const fresh = (await d.workUpdates.get(id))!;
    if (fresh.state !== 'draft') throw new LogError('已提交到创建日志的动态不能删除');
    await d.workUpdates.put({ ...w.touch(fresh), deleted: true });
    w.audit({ action: 'workUpdate.delete', entity: 'workUpdate', entityId: id, summary: `删除创建工作动态草稿“${fresh.title}”` });
  });
}

/** Mark a submitted log read (or unread again) for this admin. */
export async function setLogRead(actor: Actor, workUpdateId: string, read: boolean): Promise<void> {
  if (!isAdmin(actor.role)) throw new ScopeError('只有管理员可以标记创建日志的阅读状态');
  const u = await visibleUpdate(actor, workUpdateId);
  if (u.state !== 'submitted') throw new LogError('草稿尚未提交到创建日志');
  const d = db();
  await writeTx(actor, [d.logReads], async (w) => {
    const changed = await setReadInTx(w, u, actor, read);
    if (changed) {
      w.audit({ action: read ? 'log.read' : 'log.unread', entity: 'workUpdate', entityId: u.id, summary: `${read ? '已阅' : '标为未阅'}创建日志“${u.title}”` });
    }
  });
}

async function setReadInTx(w: Writer, u: WorkUpdate, actor: Actor, read: boolean): Promise<boolean> {
  const d = db();
  const existing = await d.logReads.where('[workUpdateId+accountId]').equals([u.id, actor.accountId]).first();
  const isRead = existing !== undefined && !existing.deleted;
  if (isRead === read) return false;
  if (read) {
    if (existing) await d.logReads.put({ ...w.touch(existing, { readAt: w.now }), deleted: false });
    else await d.logReads.add(w.create<LogRead>({ workUpdateId: u.id, accountId: actor.accountId, readAt: w.now }));
  } else {
    await d.logReads.put({ ...w.touch(existing!), deleted: true });
  }
  return true;
}

/** An admin's comment on a submitted log (also marks it read for that admin). */
export async function addLogComment(actor: Actor, workUpdateId: string, text: string): Promise<LogComment> {
  if (!isAdmin(actor.role)) throw new ScopeError('只有管理员可以点评创建日志');
  const u = await visibleUpdate(actor, workUpdateId);
  if (u.state !== 'submitted') throw new LogError('草稿尚未提交到创建日志');
  const clean = text.trim();
  if (!clean) throw new LogError('请填写点评内容');
  if ([...clean].length > MAX_COMMENT) throw new LogError(`点评不能超过 ${MAX_COMMENT} 个字`);
  const d = db();
  return writeTx(actor, [d.logComments, d.logReads], async (w) => {
    const c = w.create<LogComment>({ workUpdateId: u.id, authorId: actor.accountId, text: clean });
    await d.logComments.add(c);
    await setReadInTx(w, u, actor, true);
    w.audit({ action: 'log.comment', entity: 'workUpdate', entityId: u.id, summary: `点评创建日志“${u.title}”：${clean.slice(0, 60)}` });
    return c;
  });
}

// ---------------------------------------------------------------------------------------------
// Reads

export interface LogCommentView {
  comment: LogComment;
  authorName: string;
}

export interface LogView {
  update: WorkUpdate;
  collective: { id: string; name: string; code: string; type: CollectiveType };
  unitName: string;
  attachments: Attachment[];
  /** read by the viewing admin (always false for a collective) */
  readByMe: boolean;
  /** admins who have read it */
  readCount: number;
  comments: LogCommentView[];
}

async function enrich(actor: Actor, updates: WorkUpdate[]): Promise<LogView[]> {
  const d = db();
  const collectiveIds = [...new Set(updates.map((u) => u.collectiveId))];
  const collectives = new Map((await d.collectives.bulkGet(collectiveIds)).filter((c): c is Collective => !!c).map((c) => [c.id, c]));
  const unitIds = [...new Set([...collectives.values()].map((c) => c.unitId))];
  const units = new Map((await d.units.bulkGet(unitIds)).filter((u) => !!u).map((u) => [u!.id, u!.name]));
  const ids = updates.map((u) => u.id);
  const reads = ids.length ? (await d.logReads.where('workUpdateId').anyOf(ids).toArray()).filter((r) => !r.deleted) : [];
  const comments = ids.length ? (await d.logComments.where('workUpdateId').anyOf(ids).toArray()).filter((c) => !c.deleted) : [];
  const authorIds = [...new Set(comments.map((c) => c.authorId))];
  const authors = new Map((await d.accounts.bulkGet(authorIds)).filter((a) => !!a).map((a) => [a!.id, a!.displayName]));
  // every card's pictures in one request, not one awaited request per log
  const allHashes = [...new Set(updates.flatMap((u) => u.attachmentHashes))];
  const files = new Map((await loadAttachments(allHashes)).map((a) => [a.hash, a]));
  const out: LogView[] = [];
  for (const u of updates) {
    const c = collectives.get(u.collectiveId);
    const mine = reads.filter((r) => r.workUpdateId === u.id);
    out.push({
      update: u,
      collective: { id: u.collectiveId, name: c?.profile.name ?? '（未知集体）', code: c?.code ?? '', type: c?.profile.type ?? '其他' },
      unitName: (c && units.get(c.unitId)) ?? '',
      attachments: u.attachmentHashes.map((h) => files.get(h)).filter((a): a is Attachment => a !== undefined),
      readByMe: mine.some((r) => r.accountId === actor.accountId),
      readCount: new Set(mine.map((r) => r.accountId)).size,
      comments: comments
        .filter((cm) => cm.workUpdateId === u.id)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((cm) => ({ comment: cm, authorName: authors.get(cm.authorId) ?? '管理员' })),
    });
  }
  return out;
}

const newestFirst = (a: WorkUpdate, b: WorkUpdate): number =>
  (b.submittedAt ?? b.updatedAt).localeCompare(a.submittedAt ?? a.updatedAt) || b.date.localeCompare(a.date);

/**
 * One collective's work updates as the actor may see them: for the collective, its drafts and
 * its log; for an admin, the submitted log (and drafts it authored). Newest first.
 */
export async function collectiveTimeline(actor: Actor, collectiveId: string, term: string): Promise<LogView[]> {
  const c = await db().collectives.get(collectiveId);
  if (!c || c.deleted) throw new ScopeError(OUT_OF_SCOPE);
  assertCollective(actor, c);
  const rows = (await db().workUpdates.where('collectiveId').equals(collectiveId).toArray()).filter((u) => u.term === term && canSee(actor, u));
  return enrich(actor, rows.sort(newestFirst));
}

export interface LogFilter {
  /** a unit in the actor's subtree: its subtree only */
  unitId?: string;
  /** yyyy-mm-dd inclusive, on the activity date */
  from?: string;
  to?: string;
  collectiveType?: CollectiveType | '';
  /** only logs with pictures or video */
  hasMedia?: boolean;
  /** only logs this admin has not read */
  unreadOnly?: boolean;
}

/** The newest submitted logs of the actor's subtree (admins), filtered. */
export async function subtreeLogs(actor: Actor, term: string, filter: LogFilter = {}, limit = 100): Promise<{ rows: LogView[]; total: number }> {
  if (!isAdmin(actor.role)) throw new ScopeError(OUT_OF_SCOPE);
  const d = db();
  let prefix = actor.role === 'national' ? '/' : actor.unitPath;
  if (filter.unitId) {
    const unit = await d.units.get(filter.unitId);
    if (!unit) throw new LogError('所选单位不存在');
    assertSubtree(actor, unit.path);
    prefix = unit.path;
  }
  let rows = await d.workUpdates
    .where('unitPath')
    .startsWith(prefix)
    .filter(
      (u) =>
        !u.deleted &&
        u.state === 'submitted' &&
        u.term === term &&
        (!filter.from || u.date >= filter.from) &&
        (!filter.to || u.date <= filter.to) &&
        (!filter.hasMedia || u.hasMedia),
    )
    .toArray();
  if (filter.collectiveType) {
    const ids = [...new Set(rows.map((u) => u.collectiveId))];
    const types = new Map((await d.collectives.bulkGet(ids)).filter((c) => !!c).map((c) => [c!.id, c!.profile.type]));
    rows = rows.filter((u) => types.get(u.collectiveId) === filter.collectiveType);
  }
  if (filter.unreadOnly) {
    const read = new Set(
      (await d.logReads.where('accountId').equals(actor.accountId).toArray()).filter((r) => !r.deleted).map((r) => r.workUpdateId),
    );
    rows = rows.filter((u) => !read.has(u.id));
  }
  rows.sort(newestFirst);
  return { rows: await enrich(actor, rows.slice(0, limit)), total: rows.length };
}

/** The attachments of one work update the actor may see. */
export async function attachmentsOfUpdate(actor: Actor, workUpdateId: string): Promise<Attachment[]> {
  const u = await visibleUpdate(actor, workUpdateId);
  return loadAttachments(u.attachmentHashes);
}

/** How many submitted logs of the actor's subtree this admin has not read (for the navigation). */
export async function unreadLogCount(actor: Actor, term: string): Promise<number> {
  if (!isAdmin(actor.role)) return 0;
  const { total } = await subtreeLogs(actor, term, { unreadOnly: true }, 0);
  return total;
}
