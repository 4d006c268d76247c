/**
 * Likely duplicates (part 一.4: one channel, no double filing): collectives whose names are
 * probably the same one — across industry and region channels, or twice within a unit — listed for
 * an administrator to resolve. Nothing is merged automatically.
 *
 * Policy:
 * - Detection is `findLikelyDuplicates` (shared/text/names.ts) over the collectives of the term
 *   that the actor may see (its subtree; the national office: every unit on this laptop, which is
 *   where industry and region filings of the same collective meet). Superseded and disqualified
 *   collectives are not candidates.
 * - "Same collective → keep one": the other is marked 已由新编码取代 (superseded by the kept one),
 *   its login stops working, and both records' histories say who decided, when and why. Its data
 *   is kept, never merged into the kept record. If the other already has a filing (or its review
 *   history), creation logs or evaluations, this is refused: those records must not be
 *   orphaned — the admin uses 归口转移 (which carries them over) or decides with the national office.
 * - "Confirm distinct": every member of the group records the others in `distinctFrom`, so the
 *   group is not flagged again — unless a new collective joins it (an unconfirmed pair).
 * - Only level-1 administrators and the national office resolve; both collectives must be in
 *   their subtree. Other administrators may look.
 */
import type { Channel, Collective, CollectiveStatus, ReviewEvent, Unit } from '../../../shared/model/entities';
import { assertCollective, OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { STATUS_LABEL, countsAsFiled } from '../../../shared/rules/status';
import { findLikelyDuplicates } from '../../../shared/text/names';
import { db } from '../db';
import { writeTx, type Actor } from '../write';

export class DuplicateError extends Error {}

export interface DuplicateMember {
  id: string;
  code: string;
  name: string;
  formerNames: string[];
  unitId: string;
  unitName: string;
  channel: Channel;
  status: CollectiveStatus;
}

export interface DuplicateGroupView {
  /** stable across reloads: the sorted member ids */
  id: string;
  key: string;
  match: 'exact' | 'similar';
  crossChannel: boolean;
  sameUnit: boolean;
  members: DuplicateMember[];
  /** pairs already confirmed distinct inside this group (names), for the admin's information */
  confirmedPairs: [string, string][];
}

export const CHANNEL_LABEL: Record<Channel, string> = { industry: '行业', region: '地方', national: '全国' };

const CANDIDATE = (c: Collective, term: string): boolean => !c.deleted && c.term === term && c.status !== 'superseded' && c.status !== 'disqualified';

function distinct(a: Collective, b: Collective): boolean {
  return (a.distinctFrom ?? []).includes(b.id) || (b.distinctFrom ?? []).includes(a.id);
}

function assertAdmin(actor: Actor): void {
  if (actor.role === 'collective') throw new ScopeError(OUT_OF_SCOPE);
}

function assertResolver(actor: Actor): void {
  if (actor.role !== 'admin1' && actor.role !== 'national') throw new ScopeError('只有一级管理员或全国组委会办公室可以处理疑似重复集体');
}

/** Likely-duplicate groups among the collectives the actor sees in `term`, cross-channel first. */
export async function listDuplicateGroups(actor: Actor, term: string): Promise<DuplicateGroupView[]> {
  assertAdmin(actor);
  const d = db();
  const scope = actor.role === 'national' || actor.role === 'system' ? '/' : actor.unitPath;
  // one key-range read, filtered here (a Dexie .filter() would walk a cursor record by record)
  const rows = (await d.collectives.where('unitPath').startsWith(scope).toArray()).filter((c) => CANDIDATE(c, term));
  const byId = new Map(rows.map((c) => [c.id, c]));
  const groups = findLikelyDuplicates(rows.map((c) => ({ id: c.id, name: c.profile.name, unitId: c.unitId, channel: c.channel })));
  const unitIds = [...new Set(groups.flatMap((g) => g.ids.map((id) => byId.get(id)!.unitId)))];
  const units = new Map((await d.units.bulkGet(unitIds)).filter((u): u is Unit => !!u).map((u) => [u.id, u]));

  const out: DuplicateGroupView[] = [];
  for (const g of groups) {
    // oldest first: the first code issued is usually the one to keep
    const members = g.ids.map((id) => byId.get(id)!).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.rev.localeCompare(b.rev));
    const confirmedPairs: [string, string][] = [];
    let open = false;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        if (distinct(members[i]!, members[j]!)) confirmedPairs.push([members[i]!.profile.name, members[j]!.profile.name]);
        else open = true;
      }
    }
    if (!open) continue;
    out.push({
      id: [...g.ids].sort().join('+'),
      key: g.key,
      match: g.match,
      crossChannel: g.crossChannel,
      sameUnit: g.sameUnit,
      members: members.map((c) => ({
        id: c.id,
        code: c.code,
        name: c.profile.name,
        formerNames: c.formerNames,
        unitId: c.unitId,
        unitName: units.get(c.unitId)?.name ?? '',
        channel: c.channel,
        status: c.status,
      })),
      confirmedPairs,
    });
  }
  const rank = (g: DuplicateGroupView): number => (g.crossChannel ? 0 : 2) + (g.match === 'exact' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key, 'zh-CN'));
}

async function loadForResolve(actor: Actor, id: string): Promise<Collective> {
  const c = await db().collectives.get(id);
  if (!c || c.deleted) throw new DuplicateError('该集体不存在');
  assertCollective(actor, c);
  if (c.status === 'superseded' || c.status === 'disqualified') throw new DuplicateError(`“${c.profile.name}”（${c.code}）${STATUS_LABEL[c.status]}，无需处理`);
  return c;
}

/**
 * What the other collective already has that belongs to a filing or to its creation work (empty:
 * nothing). Renames and earlier duplicate notes ('change' events) are history of the record
 * itself, which stays, so they do not block.
 */
async function recordsOf(c: Collective): Promise<string[]> {
  const d = db();
  const found: string[] = [];
  const [events, updates, evaluations] = await Promise.all([
    d.reviewEvents.where('collectiveId').equals(c.id).filter((e) => !e.deleted && e.action !== 'change').count(),
    d.workUpdates.where('collectiveId').equals(c.id).filter((u) => !u.deleted).count(),
    d.evaluations.where('collectiveId').equals(c.id).filter((e) => !e.deleted).count(),
  ]);
  if (countsAsFiled(c.status) || c.filedAt || events > 0) found.push(`报备记录（${STATUS_LABEL[c.status]}）`);
  if (updates > 0) found.push(`${updates} 条创建工作动态/创建日志`);
  if (evaluations > 0) found.push(`${evaluations} 条社会评价`);
  return found;
}

/**
 * Same collective: keep `keepId`; `otherId` is superseded by it (its code stops working). Refused
 * when the other already has records, or when the two names are not likely duplicates at all
 * (this is not a general merge tool).
 */
export async function resolveSameCollective(actor: Actor, keepId: string, otherId: string, reason: string): Promise<void> {
  assertResolver(actor);
  if (keepId === otherId) throw new DuplicateError('请选择要保留的集体和要停用的另一个集体');
  const keep = await loadForResolve(actor, keepId);
  const other = await loadForResolve(actor, otherId);
  const pair = findLikelyDuplicates([keep, other].map((c) => ({ id: c.id, name: c.profile.name, unitId: c.unitId, channel: c.channel })));
  if (pair.length === 0) throw new DuplicateError(`“${keep.profile.name}”与“${other.profile.name}”的名称并不相近，不能按疑似重复处理`);
  const records = await recordsOf(other);
  if (records.length > 0) {
    throw new DuplicateError(
      `“${other.profile.name}”（${other.code}）已有${records.join('、')}，不能直接停用，以免这些记录脱离集体。` +
        '如属归口选错，请使用“归口转移”将其记录转入正确的编码；否则请与全国组委会办公室商定处理。',
    );
  }
  const why = reason.trim() || '管理员核实为同一集体';
  const d = db();
  await writeTx(actor, [d.collectives, d.accounts, d.reviewEvents], async (w) => {
    const [k, o] = await Promise.all([d.collectives.get(keepId), d.collectives.get(otherId)]);
    // re-checked inside the transaction: a package or another window may have changed either
    if (!k || !o || k.status !== keep.status || o.status !== other.status || k.rev !== keep.rev || o.rev !== other.rev) {
      throw new DuplicateError('这两个集体的记录刚刚发生了变化，请刷新后重试');
    }
    const keptAccount = await d.accounts.where('collectiveId').equals(k.id).filter((a) => a.status === 'active').first();
    const accounts = await d.accounts.where('collectiveId').equals(o.id).filter((a) => a.status === 'active').toArray();
    for (const a of accounts) await d.accounts.put(w.touch(a, { status: 'superseded', supersededBy: keptAccount?.id ?? null }));
    await d.collectives.put(w.touch(o, { status: 'superseded', supersededBy: k.id }));
    const event = (c: Collective, to: CollectiveStatus, comment: string): ReviewEvent =>
      w.create<ReviewEvent>({
        collectiveId: c.id,
        term: c.term,
        action: 'change',
        fromStatus: c.status,
        toStatus: to,
        actorId: actor.accountId,
        actorRole: actor.role === 'system' ? 'national' : actor.role,
        comment,
        at: w.now,
      });
    await d.reviewEvents.add(event(o, 'superseded', `疑似重复处理：与“${k.profile.name}”（${k.code}）为同一集体，保留该编码，本编码停用。${why}`));
    await d.reviewEvents.add(event(k, k.status, `疑似重复处理：“${o.profile.name}”（${o.code}）与本集体为同一集体，该编码已停用。${why}`));
    w.audit({
      action: 'duplicate.same',
      entity: 'collective',
      entityId: o.id,
      summary: `疑似重复处理：“${o.profile.name}”（${o.code}）与“${k.profile.name}”（${k.code}）为同一集体，保留 ${k.code}，停用 ${o.code}：${why}`,
    });
  });
}

/** Not the same collective: recorded on every member so the group is not flagged again. */
export async function confirmDistinct(actor: Actor, ids: string[], note: string): Promise<void> {
  assertResolver(actor);
  const unique = [...new Set(ids)];
  if (unique.length < 2) throw new DuplicateError('请至少选择两个集体');
  const members: Collective[] = [];
  for (const id of unique) members.push(await loadForResolve(actor, id));
  const d = db();
  await writeTx(actor, [d.collectives], async (w) => {
    for (const m of members) {
      const fresh = (await d.collectives.get(m.id))!;
      const others = unique.filter((x) => x !== m.id);
      const next = [...new Set([...(fresh.distinctFrom ?? []), ...others])];
      if (next.length !== (fresh.distinctFrom ?? []).length) await d.collectives.put(w.touch(fresh, { distinctFrom: next }));
    }
    w.audit({
      action: 'duplicate.distinct',
      entity: 'collective',
      entityId: members[0]!.id,
      summary: `确认不是同一集体：${members.map((m) => `“${m.profile.name}”（${m.code}）`).join('、')}${note.trim() ? `：${note.trim()}` : ''}`,
    });
  });
}

/** Ids of the collectives in an open likely-duplicate group (for a "疑似重复" filter on lists). */
export async function duplicateFlaggedIds(actor: Actor, term: string): Promise<Set<string>> {
  const groups = await listDuplicateGroups(actor, term);
  return new Set(groups.flatMap((g) => g.members.map((m) => m.id)));
}
