/**
 * The collective lifecycle (part 一; annex 2 三, 五): profile and plan, submission, preliminary and
 * final review, eligibility, renames and other changes, wrong-channel transfer, disqualification.
 *
 * Every transition is one transaction that writes the collective, a ReviewEvent (who, when, why)
 * and the audit entry. Scope and role are checked before anything is written; refusals throw
 * LifecycleError or ScopeError and change nothing.
 */
import type {
  Account,
  ChangeRequest,
  Collective,
  CollectiveProfile,
  CollectiveStatus,
  CreationPlan,
  ReviewAction,
  ReviewEvent,
  Term,
} from '../../../shared/model/entities';
import { checkEligibility, type EligibilityResult } from '../../../shared/rules/eligibility';
import { applyRename, classifyChange, transferCheck, type ChangeInput, type DisqualificationReason } from '../../../shared/rules/changes';
import { draftProblems, submissionProblems } from '../../../shared/rules/profile';
import { assertCollective, assertSubtree, OUT_OF_SCOPE, ScopeError } from '../../../shared/rules/scope';
import { STATUS_LABEL } from '../../../shared/rules/status';
import { generateOneTimePassword } from '../../../shared/security/oneTimePassword';
import { nameKey, pinyinInitials } from '../../../shared/text/names';
import { db } from '../db';
import { writeTx, type Actor, type Writer } from '../write';
import { nextCode } from './accounts';
import { hash, hashOneTime } from './hashing';
import { getSetting } from './settings';

export class LifecycleError extends Error {}

const EDITABLE: CollectiveStatus[] = ['registered', 'returned'];

async function load(actor: Actor, id: string): Promise<Collective> {
  const c = await db().collectives.get(id);
  if (!c || c.deleted) throw new ScopeError(OUT_OF_SCOPE);
  assertCollective(actor, c);
  return c;
}

async function termOf(code: string): Promise<Term> {
  const t = await db().terms.where('code').equals(code).first();
  if (!t) throw new LifecycleError(`届次 ${code} 不存在`);
  return t;
}

function event(w: Writer, c: Collective, action: ReviewAction, to: CollectiveStatus, comment: string): ReviewEvent {
  return w.create<ReviewEvent>({
    collectiveId: c.id,
    term: c.term,
    action,
    fromStatus: c.status,
    toStatus: to,
    actorId: w.actor.accountId,
    actorRole: w.actor.role === 'system' ? 'national' : w.actor.role,
    comment,
    at: w.now,
  });
}

/** Write a status transition with its history entry and audit entry. */
async function transition(
  actor: Actor,
  c: Collective,
  action: ReviewAction,
  to: CollectiveStatus,
  comment: string,
  extra: Partial<Collective> = {},
  check?: (fresh: Collective) => void,
): Promise<Collective> {
  const d = db();
  return writeTx(actor, [d.collectives, d.reviewEvents], async (w) => {
    const fresh = (await d.collectives.get(c.id))!;
    // the record may have changed since it was read for the checks (another window, a package)
    if (fresh.status !== c.status) throw new LifecycleError(`该集体的状态已变为“${STATUS_LABEL[fresh.status]}”，请刷新后重试`);
    check?.(fresh);
    const next = w.touch(fresh, { ...extra, status: to });
    await d.collectives.put(next);
    await d.reviewEvents.add(event(w, fresh, action, to, comment));
    w.audit({
      action: `filing.${action}`,
      entity: 'collective',
      entityId: c.id,
      summary: `${fresh.profile.name}（${fresh.code}）：${STATUS_LABEL[fresh.status]} → ${STATUS_LABEL[to]}${comment ? `；${comment}` : ''}`,
    });
    return next;
  });
}

/** Save the 集体档案 and 创建计划 (a draft: incomplete is fine, malformed is not). */
export async function saveProfile(actor: Actor, id: string, profile: CollectiveProfile, plan: CreationPlan): Promise<Collective> {
  const c = await load(actor, id);
  const isSelf = actor.role === 'collective';
  if (isSelf && !EDITABLE.includes(c.status)) throw new LifecycleError(`当前状态为“${STATUS_LABEL[c.status]}”，不能修改集体档案和创建计划`);
  if (!isSelf && actor.role !== 'admin1' && actor.role !== 'national') throw new ScopeError('只有集体本身或一级管理员可以修改集体档案');
  const problems = draftProblems(profile, plan);
  if (problems.length) throw new LifecycleError(problems.map((p) => p.message).join('；'));
  // the name changes only through a rename (曾用名称 must be kept), never by editing the profile
  if (profile.name.trim() !== c.profile.name) throw new LifecycleError('规范名称不能在档案中直接修改，请由管理员办理“名称变更”');
  const d = db();
  return writeTx(actor, [d.collectives], async (w) => {
    const fresh = (await d.collectives.get(id))!;
    const next = w.touch(fresh, { profile: { ...profile, name: fresh.profile.name }, plan });
    await d.collectives.put(next);
    w.audit({ action: 'collective.profile', entity: 'collective', entityId: id, summary: `保存集体档案和创建计划：${fresh.profile.name}（${fresh.code}）` });
    return next;
  });
}

/** 提交报备: the collective (or an admin on its behalf) submits; it becomes 报备集体. */
export async function submitFiling(actor: Actor, id: string): Promise<Collective> {
  const c = await load(actor, id);
  if (!EDITABLE.includes(c.status)) throw new LifecycleError(`当前状态为“${STATUS_LABEL[c.status]}”，不能提交报备`);
  const problems = submissionProblems(c.profile, c.plan);
  if (problems.length) throw new LifecycleError(`请先完善集体档案和创建计划：${problems.map((p) => p.message).join('；')}`);
  const term = await termOf(c.term);
  const today = new Date().toISOString();
  if (today.slice(0, 10) > term.filingDeadline) throw new LifecycleError(`${term.label}的网络报备已于 ${term.filingDeadline} 截止，不能再提交`);
  return transition(actor, c, 'submit', 'filed', c.status === 'returned' ? '修改后重新提交' : '提交报备', { filedAt: today });
}

/** 初审 by a level-3/2 administrator (or level 1 / national). */
export async function preliminaryReview(actor: Actor, id: string, pass: boolean, comment: string): Promise<Collective> {
  if (!['admin2', 'admin3', 'admin1', 'national'].includes(actor.role)) throw new ScopeError('只有管理员可以审核');
  const c = await load(actor, id);
  if (c.status !== 'filed') throw new LifecycleError(`只有“报备集体（待审核）”可以初审，当前为“${STATUS_LABEL[c.status]}”`);
  if (!pass && !comment.trim()) throw new LifecycleError('退回时必须填写反馈意见');
  return pass ? transition(actor, c, 'preApprove', 'preReviewed', comment.trim() || '初审通过') : transition(actor, c, 'return', 'returned', comment.trim());
}

export interface Eligibility extends EligibilityResult {
  term: Term;
}

/** The eligibility of a filing as the reviewer sees it before approving (reasons for every rule). */
export async function eligibilityOf(actor: Actor, id: string, reviewedAt = new Date().toISOString()): Promise<Eligibility> {
  const c = await load(actor, id);
  const term = await termOf(c.term);
  // one filing per term: the same collective (normalised name) filed under another code this term
  const others = await db()
    .collectives.where('nameKey')
    .equals(c.nameKey)
    .filter((o) => o.id !== c.id && !o.deleted && o.status !== 'superseded')
    .toArray();
  const windowYears = await getSetting('provincialHonourWindowYears');
  const result = checkEligibility(
    {
      collectiveId: c.id,
      profile: c.profile,
      filedAt: c.filedAt,
      reviewedAt,
      otherFilings: others.map((o) => ({ collectiveId: o.id, code: o.code, term: o.term, status: o.status })),
    },
    term,
    { provincialWindowYears: Number(windowYears) },
  );
  return { ...result, term };
}

/** 终审 by the level-1 administrator: 创建集体, or returned with mandatory feedback. */
export async function finalReview(
  actor: Actor,
  id: string,
  decision: 'approve' | 'return',
  comment: string,
  override?: { reason: string },
): Promise<Collective> {
  if (actor.role !== 'admin1' && actor.role !== 'national') throw new ScopeError('终审须由一级管理员进行');
  const c = await load(actor, id);
  if (c.status !== 'filed' && c.status !== 'preReviewed')
    throw new LifecycleError(`只有待审核的报备集体可以终审，当前为“${STATUS_LABEL[c.status]}”`);
  if (decision === 'return') {
    if (!comment.trim()) throw new LifecycleError('退回时必须填写反馈意见');
    return transition(actor, c, 'return', 'returned', comment.trim());
  }
  if (c.status === 'filed' && (await getSetting('preliminaryReviewRequired')) && actor.role !== 'national')
    throw new LifecycleError('本单位要求先经二级或三级管理员初审，再由一级管理员终审');
  const now = new Date().toISOString();
  const elig = await eligibilityOf(actor, id, now);
  if (!elig.eligible) {
    if (!override) throw new LifecycleError(`不符合创建资格，不能确定为创建集体：${elig.reasons.filter((r) => !r.ok).map((r) => r.message).join('；')}`);
    if (actor.role !== 'national') throw new ScopeError('只有全国组委会办公室可以在不符合资格时特批');
    if (!override.reason.trim()) throw new LifecycleError('特批必须填写理由');
    return transition(actor, c, 'override', 'approved', `特批：${override.reason.trim()}`, { approvedAt: now });
  }
  return transition(actor, c, 'approve', 'approved', comment.trim() || '审核通过，确定为创建集体', { approvedAt: now });
}

export interface BatchResult {
  id: string;
  name: string;
  ok: boolean;
  message: string;
}

/** Batch review: each filing goes through exactly the same checks, each in its own transaction. */
export async function batchReview(
  actor: Actor,
  ids: string[],
  decision: 'preApprove' | 'approve' | 'return',
  comment: string,
  onProgress?: (done: number, total: number) => void,
  signal?: { cancelled: boolean },
): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const [i, id] of ids.entries()) {
    if (signal?.cancelled) break;
    const name = (await db().collectives.get(id))?.profile.name ?? id;
    try {
      if (decision === 'preApprove') await preliminaryReview(actor, id, true, comment);
      else await finalReview(actor, id, decision, comment);
      results.push({ id, name, ok: true, message: '已处理' });
    } catch (e) {
      results.push({ id, name, ok: false, message: (e as Error).message });
    }
    onProgress?.(i + 1, ids.length);
  }
  return results;
}

/** The status history of a collective, newest first. */
export async function historyOf(actor: Actor, id: string): Promise<ReviewEvent[]> {
  await load(actor, id);
  const rows = await db().reviewEvents.where('collectiveId').equals(id).toArray();
  // by revision, not wall time: revisions are causally ordered even when clocks are wrong or equal
  return rows.filter((r) => !r.deleted).sort((a, b) => (a.rev < b.rev ? 1 : a.rev > b.rev ? -1 : 0));
}

/** The latest feedback an administrator gave (shown to the collective). */
export async function latestFeedback(actor: Actor, id: string): Promise<ReviewEvent | null> {
  const h = await historyOf(actor, id);
  return h.find((e) => e.action === 'return') ?? null;
}

// ---------------------------------------------------------------------------------------------
// Changes during the term (annex 2 五.4) and disqualification (五.5)

function assertLevel1(actor: Actor): void {
  if (actor.role !== 'admin1' && actor.role !== 'national') throw new ScopeError('变更须由一级管理员办理');
}

async function assertNameFree(name: string, exceptId: string): Promise<string> {
  const key = nameKey(name);
  if (!key) throw new LifecycleError('请填写新名称');
  const clash = await db()
    .collectives.where('nameKey')
    .equals(key)
    .filter((o) => o.id !== exceptId && !o.deleted && o.status !== 'superseded')
    .first();
  if (clash) throw new LifecycleError(`已存在同名集体“${clash.profile.name}”（编码 ${clash.code}）`);
  return key;
}

/** Cases 1 and 2 (and 3 when the original body continues): rename, keeping 曾用名称. */
export async function renameCollective(actor: Actor, id: string, newName: string, kind: 'rename' | 'functionRename' | 'merge', reason: string): Promise<Collective> {
  assertLevel1(actor);
  const c = await load(actor, id);
  const clean = newName.trim();
  if (clean.length > 100) throw new LifecycleError('名称不能超过 100 个字符');
  if (clean === c.profile.name) throw new LifecycleError('新名称与现名称相同');
  const key = await assertNameFree(clean, id);
  const decision = classifyChange(kind === 'merge' ? { kind, continuesAsOriginal: true } : kind === 'functionRename' ? { kind } : { kind: 'rename' });
  const d = db();
  return writeTx(actor, [d.collectives, d.changes, d.reviewEvents, d.accounts], async (w) => {
    const fresh = (await d.collectives.get(id))!;
    const formerNames = applyRename(fresh.formerNames, fresh.profile.name, clean);
    const next = w.touch(fresh, { profile: { ...fresh.profile, name: clean }, formerNames, nameKey: key, nameInitials: pinyinInitials(clean) });
    await d.collectives.put(next);
    const account = await d.accounts.where('collectiveId').equals(id).filter((a) => a.status === 'active').first();
    if (account) await d.accounts.put(w.touch(account, { displayName: clean }));
    await d.changes.add(
      w.create<ChangeRequest>({
        collectiveId: id,
        unitPath: fresh.unitPath,
        kind,
        state: 'applied',
        reason: reason.trim(),
        evidenceHashes: [],
        details: { oldName: fresh.profile.name, newName: clean },
        reportedBy: actor.accountId,
        decidedBy: actor.accountId,
        decidedAt: w.now,
        endsQualification: false,
      }),
    );
    await d.reviewEvents.add(event(w, fresh, 'change', fresh.status, `${decision.message}：“${fresh.profile.name}”更名为“${clean}”`));
    w.audit({ action: 'collective.rename', entity: 'collective', entityId: id, summary: `名称变更：“${fresh.profile.name}”→“${clean}”（${fresh.code}）` });
    return next;
  });
}

/**
 * A change the admin reports that may end the qualification: case 3 (not continuing), case 4
 * (more than 50 % members replaced), or a disqualification (五.5). Only the national office decides.
 */
export async function reportChange(
  actor: Actor,
  id: string,
  input: Extract<ChangeInput, { kind: 'merge' | 'memberTurnover' | 'disqualification' | 'functionRename' }>,
  reason: string,
  evidenceHashes: string[] = [],
  newName = '',
): Promise<ChangeRequest> {
  assertLevel1(actor);
  const c = await load(actor, id);
  if (!reason.trim()) throw new LifecycleError('请填写情况说明');
  if (c.status === 'disqualified' || c.status === 'superseded') throw new LifecycleError(`该集体已${STATUS_LABEL[c.status]}`);
  const decision = classifyChange(input);
  // a new collective may keep the name (the old record gives it up when the change is applied)
  if (newName.trim() && newName.trim() !== c.profile.name) await assertNameFree(newName, id);
  const d = db();
  return writeTx(actor, [d.changes], async (w) => {
    const open = await d.changes.where('collectiveId').equals(id).filter((x) => x.state === 'reported').first();
    if (open) throw new LifecycleError('该集体已有待全国组委会办公室审定的变更，请等待处理结果');
    const change = w.create<ChangeRequest>({
      collectiveId: id,
      unitPath: c.unitPath,
      kind: input.kind,
      state: 'reported',
      reason: reason.trim(),
      evidenceHashes,
      details: {
        ...(input.kind === 'memberTurnover' ? { replaced: input.replaced, total: input.total } : {}),
        ...(input.kind === 'merge' ? { continuesAsOriginal: input.continuesAsOriginal } : {}),
        ...(input.kind === 'disqualification' ? { reasonKind: input.reason } : {}),
        newName: newName.trim() || null,
        outcome: decision.outcome,
        decisionText: decision.message,
      },
      reportedBy: actor.accountId,
      decidedBy: null,
      decidedAt: null,
      endsQualification: decision.endsQualification,
    });
    await d.changes.add(change);
    w.audit({ action: `change.report`, entity: 'collective', entityId: id, summary: `上报变更（${decision.message}）：${c.profile.name}（${c.code}）：${reason.trim()}` });
    return change;
  });
}

export async function reportDisqualification(actor: Actor, id: string, reasonKind: DisqualificationReason, reason: string, evidenceHashes: string[] = []): Promise<ChangeRequest> {
  return reportChange(actor, id, { kind: 'disqualification', reason: reasonKind }, reason, evidenceHashes);
}

/** The national office decides a reported change. Approving applies it in the same transaction. */
export async function decideChange(actor: Actor, changeId: string, approve: boolean, comment: string): Promise<ChangeRequest> {
  if (actor.role !== 'national') throw new ScopeError('取消创建资格等变更只能由全国组委会办公室审定');
  const d = db();
  const change = await d.changes.get(changeId);
  if (!change || change.state !== 'reported') throw new LifecycleError('该变更不存在或已处理');
  if (!comment.trim()) throw new LifecycleError('请填写审定意见');
  // hash a one-time password for a new collective's code before the transaction, if one is needed
  const newCollectiveNeeded = approve && change.details.outcome === 'newCollective' && change.kind !== 'disqualification';
  const otp = newCollectiveNeeded ? generateOneTimePassword() : null;
  const otpHash = otp ? await hashOneTime(otp) : null;
  const result = await writeTx(actor, [d.changes, d.collectives, d.reviewEvents, d.accounts, d.units], async (w) => {
    const fresh = (await d.changes.get(changeId))!;
    if (fresh.state !== 'reported') throw new LifecycleError('该变更已处理');
    const c = (await d.collectives.get(fresh.collectiveId))!;
    const decided = w.touch(fresh, { state: approve ? 'applied' : 'rejected', decidedBy: actor.accountId, decidedAt: w.now });
    await d.changes.put(decided);
    if (!approve) {
      await d.reviewEvents.add(event(w, c, 'change', c.status, `全国组委会办公室未同意变更：${comment.trim()}`));
      w.audit({ action: 'change.reject', entity: 'collective', entityId: c.id, summary: `未同意变更：${c.profile.name}（${c.code}）：${comment.trim()}` });
      return { change: decided, newCode: null as string | null };
    }
    // the old collective loses its qualification; for a disqualification its code is closed too
    await d.collectives.put(w.touch(c, { status: 'disqualified' }));
    await d.reviewEvents.add(event(w, c, fresh.kind === 'disqualification' ? 'disqualify' : 'change', 'disqualified', `全国组委会办公室审定：${String(fresh.details.decisionText ?? '')}；${comment.trim()}`));
    const accounts = await d.accounts.where('collectiveId').equals(c.id).filter((a) => a.status === 'active').toArray();
    if (fresh.kind === 'disqualification') for (const a of accounts) await d.accounts.put(w.touch(a, { status: 'deactivated' }));
    let newCode: string | null = null;
    if (newCollectiveNeeded && otpHash) {
      newCode = await nextCode((await d.units.get(c.unitId))!, 'collective');
      const name = String(fresh.details.newName ?? '') || c.profile.name;
      const created = w.create<Collective>({
        ...{ code: newCode, unitId: c.unitId, unitPath: c.unitPath, channel: c.channel, term: c.term },
        profile: { ...c.profile, name, honours: [], basicConditionsAttested: false },
        plan: c.plan,
        status: 'registered',
        formerNames: [],
        nameKey: nameKey(name),
        nameInitials: pinyinInitials(name),
        filedAt: null,
        approvedAt: null,
        supersededBy: null,
        transferredFrom: null,
        lastLogAt: null,
      });
      // the old name stays with the old, disqualified record; a new collective starts afresh
      if (name === c.profile.name) await d.collectives.put(w.touch((await d.collectives.get(c.id))!, { nameKey: `${c.nameKey}#${c.code}` }));
      await d.collectives.add(created);
      const account: Account = w.create<Account>({
        code: newCode,
        displayName: name,
        role: 'collective',
        unitId: c.unitId,
        unitPath: c.unitPath,
        collectiveId: created.id,
        password: otpHash,
        mustChangePassword: true,
        recoveryEmail: c.profile.recoveryEmail,
        status: 'active',
        failedLogins: 0,
        lastFailedAt: null,
        lastLoginAt: null,
        issuedBy: actor.accountId,
        supersededBy: null,
      });
      await d.accounts.add(account);
      for (const a of accounts) await d.accounts.put(w.touch((await d.accounts.get(a.id))!, { status: 'deactivated' }));
    }
    w.audit({
      action: fresh.kind === 'disqualification' ? 'change.disqualify' : 'change.apply',
      entity: 'collective',
      entityId: c.id,
      summary: `审定变更：${c.profile.name}（${c.code}）取消创建资格${fresh.kind === 'disqualification' ? '并注销用户名' : ''}${newCode ? `；视为新集体，编码 ${newCode}` : ''}`,
    });
    return { change: decided, newCode };
  });
  return { ...result.change, details: { ...result.change.details, newCode: result.newCode, oneTimePassword: otp } };
}

/**
 * Wrong-channel transfer (annex 2 五.3): the correct unit's level-1 admin re-issues a code using
 * EXACTLY the previous name. The record moves to the new unit under the new code — with its
 * history, logs and evaluations — and the old code is superseded and can no longer log in.
 * The admin proves knowledge of the collective with its old code; a different name is refused.
 */
export async function transferCollective(actor: Actor, oldCode: string, name: string, targetUnitId: string): Promise<{ collective: Collective; oneTimePassword: string }> {
  assertLevel1(actor);
  const d = db();
  const c = await d.collectives.where('code').equals(oldCode.trim().toUpperCase()).first();
  if (!c || c.deleted) throw new LifecycleError('未找到该编码的集体');
  if (c.status === 'superseded' || c.status === 'disqualified') throw new LifecycleError(`该集体已${STATUS_LABEL[c.status]}，不能转移`);
  const check = transferCheck(c.profile.name, name);
  if (!check.ok) throw new LifecycleError(check.message);
  const unit = await d.units.get(targetUnitId);
  if (!unit || unit.channel === 'national') throw new LifecycleError('请选择正确的归口单位');
  assertSubtree(actor, unit.path);
  if (c.unitPath.startsWith(unit.path)) throw new LifecycleError('该集体已在本单位归口，无需转移');
  const otp = generateOneTimePassword();
  const password = await hashOneTime(otp);
  return writeTx(actor, [d.collectives, d.accounts, d.reviewEvents, d.changes, d.workUpdates, d.evaluations], async (w) => {
    const fresh = (await d.collectives.get(c.id))!;
    const code = await nextCode(unit, 'collective');
    const moved = w.touch(fresh, { code, unitId: unit.id, unitPath: unit.path, channel: unit.channel, transferredFrom: fresh.code });
    await d.collectives.put(moved);
    // records that carry the unit path follow the collective into its new subtree
    for (const u of await d.workUpdates.where('collectiveId').equals(c.id).toArray()) await d.workUpdates.put(w.touch(u, { unitPath: unit.path }));
    for (const e of await d.evaluations.where('collectiveId').equals(c.id).toArray()) await d.evaluations.put(w.touch(e, { unitPath: unit.path }));
    for (const x of await d.changes.where('collectiveId').equals(c.id).toArray()) await d.changes.put(w.touch(x, { unitPath: unit.path }));
    const oldAccounts = await d.accounts.where('collectiveId').equals(c.id).filter((a) => a.status === 'active').toArray();
    const account = w.create<Account>({
      code,
      displayName: fresh.profile.name,
      role: 'collective',
      unitId: unit.id,
      unitPath: unit.path,
      collectiveId: c.id,
      password,
      mustChangePassword: true,
      recoveryEmail: oldAccounts[0]?.recoveryEmail ?? fresh.profile.recoveryEmail,
      status: 'active',
      failedLogins: 0,
      lastFailedAt: null,
      lastLoginAt: null,
      issuedBy: actor.accountId,
      supersededBy: null,
    });
    await d.accounts.add(account);
    for (const a of oldAccounts) await d.accounts.put(w.touch(a, { status: 'superseded', supersededBy: account.id }));
    await d.changes.add(
      w.create<ChangeRequest>({
        collectiveId: c.id,
        unitPath: unit.path,
        kind: 'transfer',
        state: 'applied',
        reason: '归口选错，重新设置用户名（编码）',
        evidenceHashes: [],
        details: { oldCode: fresh.code, newCode: code, fromUnitPath: fresh.unitPath },
        reportedBy: actor.accountId,
        decidedBy: actor.accountId,
        decidedAt: w.now,
        endsQualification: false,
      }),
    );
    await d.reviewEvents.add(event(w, fresh, 'transfer', fresh.status, `归口转移：原编码 ${fresh.code} 由新编码 ${code}（${unit.name}）取代`));
    w.audit({ action: 'collective.transfer', entity: 'collective', entityId: c.id, summary: `归口转移：${fresh.profile.name}，${fresh.code} → ${code}（${unit.name}）` });
    return { collective: moved, oneTimePassword: otp };
  });
}

/** Changes waiting for the national office (or, for an admin, those of its subtree). */
export async function pendingChanges(actor: Actor): Promise<(ChangeRequest & { collective: Collective | undefined })[]> {
  const scope = actor.role === 'national' ? '/' : actor.unitPath;
  if (actor.role === 'collective') return [];
  const rows = await db().changes.where('state').equals('reported').filter((c) => c.unitPath.startsWith(scope)).toArray();
  const cols = await db().collectives.bulkGet(rows.map((r) => r.collectiveId));
  return rows.map((r, i) => ({ ...r, collective: cols[i] }));
}
