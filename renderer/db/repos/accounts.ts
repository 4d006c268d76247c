/**
 * Accounts: issuing codes with one-time passwords, subunits, resets, deactivation, own password,
 * and forgotten-code recovery. Scope is enforced here (shared/rules/scope.ts), not only in the UI:
 * an out-of-scope call throws ScopeError and writes nothing.
 *
 * One-time passwords are returned to the caller once and never stored in clear: only their hash.
 */
import type { Account, Collective, CollectiveProfile, CreationPlan, Role, Unit } from '../../../shared/model/entities';
import { ROLE_LABEL } from '../../../shared/rules/roles';
import { issueRefusal, manageRefusal, ScopeError, subunitRefusal, inSubtree, OUT_OF_SCOPE } from '../../../shared/rules/scope';
import { adminCode, collectiveCode, normaliseCodeInput } from '../../../shared/security/codes';
import { generateOneTimePassword } from '../../../shared/security/oneTimePassword';
import { verifyPassword } from '../../../shared/security/password';
import { hash, hashOneTime } from './hashing';
export { setHashOptionsForTests } from './hashing';
import { checkNewPassword } from '../../../shared/security/passwordPolicy';
import { nameKey, pinyinInitials } from '../../../shared/text/names';
import { db } from '../db';
import { writeTx, type Actor } from '../write';

export class AccountError extends Error {}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;


async function unitOrThrow(unitId: string): Promise<Unit> {
  const unit = await db().units.get(unitId);
  if (!unit || unit.deleted) throw new AccountError('所选单位不存在');
  return unit;
}

export interface IssueInput {
  role: Exclude<Role, 'national'>;
  unitId: string;
  displayName: string;
  recoveryEmail: string;
  /** for collectives: 规范名称 (the display name is the same) */
}

export interface Issued {
  account: Account;
  oneTimePassword: string;
  collective: Collective | null;
}

export function emptyProfile(name: string, recoveryEmail: string): CollectiveProfile {
  return {
    name,
    parentOrganisation: '',
    type: '其他',
    region: '',
    memberCount: 0,
    youthCount: 0,
    leader: { name: '', phone: '', email: '' },
    contacts: [],
    recoveryEmail,
    honours: [],
    publicCommitment: '',
    complaintChannel: '',
    identityShown: false,
    imageShown: false,
    basicConditionsAttested: false,
  };
}

export const EMPTY_PLAN: CreationPlan = { goals: '', measures: '', schedule: '', themeActivities: '' };

/**
 * The next account code of a kind in a unit. Inside a writeTx over accounts (and collectives):
 * sequences are per unit and per kind, and a code once used — by an account or a collective,
 * superseded or not — is never issued again.
 */
export async function nextCode(unit: Unit, kind: 'collective' | 1 | 2 | 3): Promise<string> {
  const d = db();
  const unitPart = unit.code.replace(/-/g, '');
  const prefix = kind === 'collective' ? `${unitPart}J` : `${unitPart}A${kind}`;
  const used = [...((await d.accounts.where('code').startsWith(prefix).keys()) as string[])];
  if (kind === 'collective') used.push(...((await d.collectives.where('code').startsWith(prefix).keys()) as string[]));
  return kind === 'collective' ? collectiveCode(unit.code, nextSeq(used, prefix, 5)) : adminCode(unit.code, kind, nextSeq(used, prefix, 3));
}

function nextSeq(existingCodes: string[], prefix: string, width: number): number {
  let max = 0;
  for (const c of existingCodes) {
    if (!c.startsWith(prefix)) continue;
    const n = Number(c.slice(prefix.length, prefix.length + width));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return max + 1;
}

/**
 * Issue a code for a lower administrator or a collective. For a collective this also registers the
 * collective (status 已派发编码) under its 规范名称; a second code for the same normalised name is
 * refused — the wrong-channel transfer path re-issues codes instead.
 */
export async function issueAccount(actor: Actor, input: IssueInput, term: string): Promise<Issued> {
  const displayName = input.displayName.trim();
  if (!displayName) throw new AccountError(input.role === 'collective' ? '请填写集体的规范名称' : '请填写管理员姓名');
  if (displayName.length > 100) throw new AccountError('名称不能超过 100 个字符');
  const email = input.recoveryEmail.trim();
  if (email && !EMAIL.test(email)) throw new AccountError('保密邮箱格式不正确');
  const unit = await unitOrThrow(input.unitId);
  const refusal = issueRefusal(actor, input.role, unit.path, unit.depth);
  if (refusal) throw new ScopeError(refusal);
  if (unit.channel === 'national') throw new AccountError('请选择一个管理单位');

  const oneTimePassword = generateOneTimePassword();
  const password = await hashOneTime(oneTimePassword);
  const d = db();
  return writeTx(actor, [d.accounts, d.collectives, d.units], async (w) => {
    let collective: Collective | null = null;
    let code: string;
    if (input.role === 'collective') {
      const key = nameKey(displayName);
      const clash = await d.collectives.where('nameKey').equals(key).filter((c) => !c.deleted && c.status !== 'superseded').first();
      if (clash) {
        throw new AccountError(
          `已存在同名集体“${clash.profile.name}”（编码 ${clash.code}）。同一集体只能有一个编码；如属归口选错，请使用“归口转移”，不要重新派发。`,
        );
      }
      code = await nextCode(unit, 'collective');
      collective = w.create<Collective>({
        code,
        unitId: unit.id,
        unitPath: unit.path,
        channel: unit.channel,
        term,
        profile: emptyProfile(displayName, email),
        plan: { ...EMPTY_PLAN },
        status: 'registered',
        formerNames: [],
        nameKey: key,
        nameInitials: pinyinInitials(displayName),
        filedAt: null,
        approvedAt: null,
        supersededBy: null,
        transferredFrom: null,
        lastLogAt: null,
      });
      await d.collectives.add(collective);
    } else {
      code = await nextCode(unit, Number(input.role.slice(-1)) as 1 | 2 | 3);
    }
    const account = w.create<Account>({
      code,
      displayName,
      role: input.role,
      unitId: unit.id,
      unitPath: unit.path,
      collectiveId: collective?.id ?? null,
      password,
      mustChangePassword: true,
      recoveryEmail: email,
      status: 'active',
      failedLogins: 0,
      lastFailedAt: null,
      lastLoginAt: null,
      issuedBy: actor.accountId,
      supersededBy: null,
    });
    await d.accounts.add(account);
    w.audit({
      action: 'account.issue',
      entity: 'account',
      entityId: account.id,
      summary: `派发${ROLE_LABEL[input.role]}编码 ${code}：${displayName}（${unit.name}），已生成一次性密码`,
    });
    return { account, oneTimePassword, collective };
  });
}

/** Level-1 admins set up subunits (cities, counties, sub-sectors) below their unit. */
export async function createSubunit(actor: Actor, parentId: string, name: string): Promise<Unit> {
  const clean = name.trim();
  if (!clean) throw new AccountError('请填写下级单位名称');
  if (clean.length > 50) throw new AccountError('单位名称不能超过 50 个字符');
  const parent = await unitOrThrow(parentId);
  const refusal = subunitRefusal(actor, parent.path);
  if (refusal) throw new ScopeError(refusal);
  if (parent.channel === 'national') throw new AccountError('请在一个管理单位下设立下级单位');
  const d = db();
  return writeTx(actor, [d.units], async (w) => {
    const siblings = await d.units.where('parentId').equals(parent.id).toArray();
    if (siblings.some((s) => !s.deleted && s.name === clean)) throw new AccountError(`“${parent.name}”下已有同名单位“${clean}”`);
    const seq = nextSeq(siblings.map((s) => s.code), `${parent.code}-`, 2);
    if (seq > 99) throw new AccountError('下级单位数量已达上限（99 个）');
    const id = crypto.randomUUID();
    const unit = w.create<Unit>({
      id,
      code: `${parent.code}-${String(seq).padStart(2, '0')}`,
      name: clean,
      channel: parent.channel,
      parentId: parent.id,
      path: `${parent.path}${id}/`,
      depth: parent.depth + 1,
      provincialCommittee: false,
      quotaSubRow: false,
      sortOrder: seq,
    });
    await d.units.add(unit);
    w.audit({ action: 'unit.create', entity: 'unit', entityId: unit.id, summary: `设立下级单位 ${unit.name}（${unit.code}），上级：${parent.name}` });
    return unit;
  });
}

async function targetOrThrow(actor: Actor, accountId: string): Promise<Account> {
  const target = await db().accounts.get(accountId);
  if (!target || target.deleted) throw new AccountError('账号不存在');
  if (!inSubtree(actor, target.unitPath)) throw new ScopeError(OUT_OF_SCOPE);
  return target;
}

/** An admin issues a new one-time password (offline there is no reset mail). */
export async function resetPassword(actor: Actor, accountId: string): Promise<string> {
  const target = await targetOrThrow(actor, accountId);
  const refusal = manageRefusal(actor, target, 'reset');
  if (refusal) throw new ScopeError(refusal);
  if (target.status !== 'active') throw new AccountError('该账号已停用，不能重置密码');
  const oneTimePassword = generateOneTimePassword();
  const password = await hashOneTime(oneTimePassword);
  const d = db();
  await writeTx(actor, [d.accounts], async (w) => {
    const fresh = (await d.accounts.get(accountId))!;
    await d.accounts.put(w.touch(fresh, { password, mustChangePassword: true, failedLogins: 0, lastFailedAt: null }));
    w.audit({ action: 'account.reset', entity: 'account', entityId: accountId, summary: `重置 ${fresh.displayName}（${fresh.code}）的密码，已生成一次性密码` });
  });
  return oneTimePassword;
}

export async function deactivateAccount(actor: Actor, accountId: string, reason: string): Promise<void> {
  const target = await targetOrThrow(actor, accountId);
  const refusal = manageRefusal(actor, target, 'deactivate');
  if (refusal) throw new ScopeError(refusal);
  if (!reason.trim()) throw new AccountError('请填写注销原因');
  if (target.status !== 'active') throw new AccountError('该账号已停用');
  const d = db();
  await writeTx(actor, [d.accounts], async (w) => {
    const fresh = (await d.accounts.get(accountId))!;
    await d.accounts.put(w.touch(fresh, { status: 'deactivated' }));
    w.audit({ action: 'account.deactivate', entity: 'account', entityId: accountId, summary: `注销 ${fresh.displayName}（${fresh.code}）：${reason.trim()}` });
  });
}

/**
 * Change one's own password. After a one-time password the current one was just proven at login,
 * so `current` may be omitted only while `mustChangePassword` is set.
 */
export async function changeOwnPassword(actor: Actor, current: string | null, next: string): Promise<Account> {
  const d = db();
  const me = await d.accounts.get(actor.accountId);
  if (!me) throw new AccountError('账号不存在');
  if (!me.mustChangePassword || current !== null) {
    if (current === null || !(await verifyPassword(current, me.password))) throw new AccountError('当前密码不正确');
  }
  const problems = checkNewPassword(next, { code: me.code, displayName: me.displayName });
  if (await verifyPassword(next, me.password)) problems.push('新密码不能与当前密码相同');
  if (problems.length) throw new AccountError(problems.join('；'));
  const password = await hash(next);
  return writeTx(actor, [d.accounts], async (w) => {
    const fresh = (await d.accounts.get(me.id))!;
    const updated = w.touch(fresh, { password, mustChangePassword: false });
    await d.accounts.put(updated);
    w.audit({ action: 'account.password', entity: 'account', entityId: me.id, summary: `${me.displayName}（${me.code}）修改了自己的密码` });
    return updated;
  });
}

export interface AccountFilter {
  role?: Role | '';
  status?: Account['status'] | '';
  query?: string;
}

/** Accounts in the actor's subtree (an admin never sees accounts outside it). */
export async function listAccounts(actor: Actor, filter: AccountFilter = {}): Promise<Account[]> {
  if (actor.role === 'collective') return [];
  const q = filter.query?.trim().toLowerCase() ?? '';
  const scope = actor.role === 'national' || actor.role === 'system' ? '/' : actor.unitPath;
  const rows = await db()
    .accounts.where('unitPath')
    .startsWith(scope)
    .filter(
      (a) =>
        !a.deleted &&
        (!filter.role || a.role === filter.role) &&
        (!filter.status || a.status === filter.status) &&
        (!q || a.code.toLowerCase().includes(q) || a.displayName.toLowerCase().includes(q)),
    )
    .toArray();
  return rows.sort((a, b) => a.code.localeCompare(b.code));
}

/** Units an admin may issue codes in or create subunits under: its own unit and its subtree. */
export async function unitsInScope(actor: Actor): Promise<Unit[]> {
  const scope = actor.role === 'national' ? '/' : actor.unitPath;
  const units = await db().units.where('path').startsWith(scope).filter((u) => !u.deleted).toArray();
  return units.sort((a, b) => a.path.length - b.path.length || a.sortOrder - b.sortOrder);
}

/**
 * Forgotten code (annex 2 五.2(1)): entering the account's recovery e-mail shows its codes.
 * Offline the laptop is the admin's own; a person at its keyboard can already see the roster.
 */
export async function recoverCodesByEmail(email: string): Promise<{ code: string; displayName: string }[]> {
  const clean = email.trim().toLowerCase();
  if (!EMAIL.test(clean)) throw new AccountError('请输入正确的保密邮箱');
  const rows = await db().accounts.filter((a) => !a.deleted && a.status === 'active' && a.recoveryEmail.toLowerCase() === clean).toArray();
  return rows.map((a) => ({ code: a.code, displayName: a.displayName }));
}

/** An admin looks up a collective's code by (part of) its name, current or former, in its subtree. */
export async function lookupCollectiveCode(actor: Actor, name: string): Promise<{ code: string; name: string; status: string }[]> {
  if (actor.role === 'collective') throw new ScopeError(OUT_OF_SCOPE);
  const key = nameKey(name);
  if (!key) return [];
  const scope = actor.role === 'national' ? '/' : actor.unitPath;
  const rows = await db()
    .collectives.where('unitPath')
    .startsWith(scope)
    .filter((c) => !c.deleted && (c.nameKey.includes(key) || c.formerNames.some((f) => nameKey(f).includes(key))))
    .limit(50)
    .toArray();
  return rows.map((c) => ({ code: c.code, name: c.profile.name, status: c.status }));
}

export async function findAccountByCode(code: string): Promise<Account | undefined> {
  return db().accounts.where('code').equals(normaliseCodeInput(code)).first();
}
