/**
 * Who may write what through an exchange package (交换包), and what a package may carry to whom.
 *
 * Policy:
 * - A package speaks with the *authority* the receiving laptop registered for the sending device
 *   when it trusted its key (role, unit subtree, or a single collective) — never with what the
 *   package says about itself.
 * - Every version a package writes — the incoming one and the local one it replaces — must lie
 *   in the sender's scope: its unit's subtree, or for a collective only its own records.
 *   Reference data shared by everyone (terms, quotas, settings, the national rubric, the
 *   published units) comes only from a superior (or the national office).
 * - Decisions belong to levels: the national office (取消创建资格, national assessment, changes
 *   that end a qualification, reference data) > level 1 (issuing codes, final review 创建集体,
 *   transfers, password resets) > level 2/3 (初审) > the collective (its profile, plan, work
 *   updates, submitting). A package from below or beside the receiving laptop may neither make
 *   nor undo a decision above the sender's level: a level-2 package cannot touch a
 *   disqualification, an approval or a national assessment.
 * - A package from the receiving laptop's own superior relays the decisions of the levels above
 *   it (national-office decisions reach a level-2 laptop through its level-1 unit), so its
 *   records are checked for scope only: the receiver already trusts its superior's judgement.
 * - What a laptop sends is what the recipient may see: its subtree (a collective: itself), the
 *   units above it, and the shared reference data. Accounts of higher levels never go down.
 * Pure and total: reads only its arguments.
 */
import type { Role } from '../model/entities';

export const RANK: Record<Role, number> = { national: 0, admin1: 1, admin2: 2, admin3: 3, collective: 4 };

/** The registered authority of a device (or of this laptop). */
export interface Authority {
  role: Role;
  /** the unit path of its unit ('/unit-N00/…/') */
  unitPath: string;
  /** set when the device is a collective's own computer */
  collectiveId: string | null;
  /** the account the device works for */
  accountId: string;
}

export type Relation = 'upstream' | 'downstream' | 'peer';

/** How `sender` stands to `receiver`: its superior (upstream), a subordinate, or neither. */
export function relation(sender: Authority, receiver: Authority): Relation {
  const s = RANK[sender.role];
  const r = RANK[receiver.role];
  if (s < r && (sender.role === 'national' || receiver.unitPath.startsWith(sender.unitPath))) return 'upstream';
  if (r < s && (receiver.role === 'national' || sender.unitPath.startsWith(receiver.unitPath))) return 'downstream';
  return 'peer';
}

/** Tables that travel in packages. `peers`, `conflicts`, `packages`, `meta` and `audit` are per laptop. */
export const EXCHANGED_TABLES = [
  'settings',
  'terms',
  'units',
  'quotas',
  'rubrics',
  'accounts',
  'collectives',
  'reviewEvents',
  'workUpdates',
  'logReads',
  'logComments',
  'attachments',
  'evaluations',
  'changes',
  'workEntries',
  'assessments',
  'selfReports',
] as const;
export type ExchangedTable = (typeof EXCHANGED_TABLES)[number];

export function isExchangedTable(t: string): t is ExchangedTable {
  return (EXCHANGED_TABLES as readonly string[]).includes(t);
}

export type Rec = Record<string, unknown> & { id: string; rev: string; deleted?: boolean };

/** Where a record belongs: shared reference data, or a unit path (and collective). */
export type Location = { global: true } | { global: false; unitPath: string; collectiveId: string | null };

/** Lookups for records that locate others (incoming versions take precedence over local ones). */
export interface Lookups {
  unit(id: string): { path: string; depth: number } | undefined;
  collective(id: string): { unitPath: string } | undefined;
  workUpdate(id: string): { unitPath: string; collectiveId: string } | undefined;
}

const GLOBAL: Location = { global: true };
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function at(unitPath: string | null, collectiveId: string | null): Location | null {
  return unitPath === null ? null : { global: false, unitPath, collectiveId };
}

/** The location of a record, or null when it cannot be placed (an unknown unit or collective). */
export function locate(table: string, rec: Rec, look: Lookups): Location | null {
  switch (table) {
    case 'settings':
    case 'terms':
    case 'quotas':
      return GLOBAL;
    case 'units': {
      const path = str(rec.path);
      if (!path) return null;
      if (Number(rec.depth) <= 1) return GLOBAL;
      // a subunit is written by the unit above it: it lives at its parent's path
      return at(path.slice(0, path.slice(0, -1).lastIndexOf('/') + 1), null);
    }
    case 'rubrics': {
      const owner = str(rec.ownerUnitId);
      return owner === null ? GLOBAL : at(look.unit(owner)?.path ?? null, null);
    }
    case 'accounts':
      return at(str(rec.unitPath), str(rec.collectiveId));
    case 'collectives':
      return at(str(rec.unitPath), rec.id);
    case 'reviewEvents': {
      const cid = str(rec.collectiveId);
      return cid ? at(look.collective(cid)?.unitPath ?? null, cid) : null;
    }
    case 'workUpdates':
    case 'evaluations':
    case 'changes':
      return at(str(rec.unitPath), str(rec.collectiveId));
    case 'logReads':
    case 'logComments': {
      const wu = look.workUpdate(str(rec.workUpdateId) ?? '');
      return wu ? at(wu.unitPath, wu.collectiveId) : null;
    }
    case 'workEntries':
      return at(str(rec.unitPath), null);
    case 'assessments':
    case 'selfReports':
      return at(look.unit(str(rec.unitId) ?? '')?.path ?? null, null);
    default:
      return null;
  }
}

/** Is a (non-global) location inside what `a` administers? */
export function inScope(a: Authority, loc: Location): boolean {
  if (loc.global) return a.role === 'national';
  if (a.role === 'national') return true;
  if (a.role === 'collective') return loc.collectiveId !== null && loc.collectiveId === a.collectiveId;
  return loc.unitPath.startsWith(a.unitPath);
}

function changed(local: Rec | undefined, incoming: Rec, field: string): boolean {
  const a = local?.[field];
  const b = incoming[field];
  return JSON.stringify(a) !== JSON.stringify(b);
}

function changedAny(local: Rec | undefined, incoming: Rec, fields: readonly string[]): string | null {
  for (const f of fields) if (changed(local, incoming, f)) return f;
  return null;
}

/** Lowest rank allowed to move a collective from one status to another. */
function statusRank(from: string, to: string): number {
  if (from === to) return RANK.collective;
  if (from === 'disqualified' || to === 'disqualified') return RANK.national;
  if (from === 'superseded' || to === 'superseded' || from === 'approved' || to === 'approved' || to === 'registered') return RANK.admin1;
  if (to === 'filed' && (from === 'registered' || from === 'returned')) return RANK.collective;
  return RANK.admin3; // 初审: preReviewed, a return after a preliminary review, back to filed
}

const REVIEW_ACTION_RANK: Record<string, number> = {
  submit: RANK.collective,
  preApprove: RANK.admin3,
  return: RANK.admin3,
  approve: RANK.admin1,
  override: RANK.admin1,
  transfer: RANK.admin1,
  change: RANK.admin1,
  disqualify: RANK.national,
};

const LEVEL_WORDS: Record<number, string> = {
  0: '全国组委会办公室',
  1: '一级管理员',
  2: '二级管理员',
  3: '三级管理员',
  4: '集体',
};

function needs(rank: number, s: number, what: string): string | null {
  return s <= rank ? null : `${what}只能由${LEVEL_WORDS[rank]}${rank === 0 ? '' : '或上级'}决定`;
}

/**
 * Decisions a sender of rank s may not make (checked only for packages not from the receiver's
 * superior). Returns the reason, or null when allowed.
 */
export function decisionRefusal(sender: Authority, table: string, local: Rec | undefined, incoming: Rec): string | null {
  const s = RANK[sender.role];
  const deletedChanged = (local?.deleted ?? false) !== (incoming.deleted ?? false);
  switch (table) {
    case 'collectives': {
      if (!local) return needs(RANK.admin1, s, '新建集体（派发编码）');
      const from = String(local.status);
      const to = String(incoming.status);
      const st = needs(statusRank(from, to), s, `集体状态由“${from}”改为“${to}”`);
      if (st) return st;
      if (deletedChanged) return needs(RANK.admin1, s, '删除集体');
      const f = changedAny(local, incoming, ['code', 'unitId', 'unitPath', 'channel', 'term', 'supersededBy', 'transferredFrom', 'approvedAt']);
      return f ? needs(RANK.admin1, s, `修改集体的${f}`) : null;
    }
    case 'accounts': {
      const target = RANK[(incoming.role as Role) ?? 'collective'] ?? RANK.collective;
      const issuer = s <= RANK.admin1 && s < target;
      const holder = sender.accountId === incoming.id;
      if (!local) return issuer ? null : '只有上级管理员可以派发账号';
      if (changed(local, incoming, 'role') && !(s <= RANK.admin1 && s < (RANK[local.role as Role] ?? 0))) return '不能修改账号的角色';
      if (incoming.status === 'deactivated' && local.status !== 'deactivated' && incoming.role === 'collective') {
        const r = needs(RANK.national, s, '注销集体的用户名（编码）');
        if (r) return r;
      }
      const admin = changedAny(local, incoming, ['code', 'role', 'unitId', 'unitPath', 'collectiveId', 'displayName', 'issuedBy', 'supersededBy', 'status']);
      if ((admin || deletedChanged) && !issuer) return `账号的${admin ?? '删除标记'}只能由派发它的上级管理员修改`;
      const own = changedAny(local, incoming, ['password', 'mustChangePassword', 'recoveryEmail']);
      if (own && !issuer && !holder) return '账号的密码只能由本人或派发它的上级管理员修改';
      const stamps = changedAny(local, incoming, ['failedLogins', 'lastFailedAt', 'lastLoginAt']);
      if (stamps && !holder && !(s < target)) return '不能修改上级或同级账号的登录记录';
      const known = new Set([
        'id', 'rev', 'createdAt', 'updatedAt', 'deleted', 'code', 'role', 'unitId', 'unitPath', 'collectiveId', 'displayName',
        'issuedBy', 'supersededBy', 'status', 'password', 'mustChangePassword', 'recoveryEmail', 'failedLogins', 'lastFailedAt', 'lastLoginAt',
      ]);
      const other = Object.keys({ ...local, ...incoming }).find((k) => !known.has(k) && changed(local, incoming, k));
      return other && !issuer ? `账号的${other}只能由派发它的上级管理员修改` : null;
    }
    case 'reviewEvents': {
      const rank = Math.min(REVIEW_ACTION_RANK[String(incoming.action)] ?? 0, local ? (REVIEW_ACTION_RANK[String(local.action)] ?? 0) : 4);
      return needs(rank, s, `审核记录（${String(incoming.action)}）`);
    }
    case 'changes': {
      const decided = incoming.state !== 'reported' || (local !== undefined && local.state !== 'reported');
      if (!decided) return null;
      const ends = incoming.endsQualification === true || local?.endsQualification === true;
      return needs(ends ? RANK.national : RANK.admin1, s, ends ? '取消创建资格的变更' : '变更的处理决定');
    }
    case 'assessments': {
      const national = incoming.kind === 'national' || local?.kind === 'national';
      return needs(national ? RANK.national : RANK.admin3, s, national ? '全国考评' : '自评');
    }
    case 'rubrics':
      return needs(RANK.admin1, s, '考评细则');
    case 'units':
      return needs(RANK.admin1, s, '设立或修改下级单位');
    case 'evaluations':
    case 'logReads':
    case 'logComments':
    case 'workEntries':
    case 'selfReports':
      return needs(RANK.admin3, s, '此类记录');
    case 'workUpdates':
      return null;
    case 'attachments':
      // content-addressed: a new file cannot damage anything; changing or deleting one can
      return local ? needs(RANK.admin1, s, '修改或删除附件') : null;
    default:
      return '不接受此类数据';
  }
}

/**
 * May a package from `sender` write `incoming` over `local` on the receiving laptop?
 * Returns the reason for a refusal (Chinese), or null.
 */
export function writeRefusal(
  sender: Authority,
  rel: Relation,
  table: string,
  local: Rec | undefined,
  incoming: Rec,
  look: Lookups,
): string | null {
  if (!isExchangedTable(table)) return '不接受此类数据';
  if (table !== 'attachments') {
    for (const v of local ? [incoming, local] : [incoming]) {
      const loc = locate(table, v, look);
      if (!loc) return '找不到记录所属的单位或集体';
      if (loc.global) {
        if (rel !== 'upstream' && sender.role !== 'national') return '参考数据只能由上级下发';
      } else if (!inScope(sender, loc)) return '超出发送方的管理范围';
    }
  }
  if (rel === 'upstream') return null;
  return decisionRefusal(sender, table, local, incoming);
}

/**
 * Should a record be sent to (and kept by) a laptop with authority `to`? What it may see: its
 * subtree (a collective: itself), the units above it and the shared reference data; accounts
 * of its own level and above are not sent, except its own.
 */
export function visibleTo(to: Authority, table: string, rec: Rec, look: Lookups): boolean {
  if (!isExchangedTable(table)) return false;
  if (to.role === 'national') return true;
  if (table === 'attachments') return true; // filtered by reference in the repo
  if (table === 'units') {
    const path = str(rec.path);
    if (!path) return false;
    return to.unitPath.startsWith(path) || (to.role !== 'collective' && path.startsWith(to.unitPath));
  }
  if (table === 'rubrics') {
    const owner = str(rec.ownerUnitId);
    if (owner === null) return true;
    const p = look.unit(owner)?.path;
    return p !== undefined && (to.unitPath.startsWith(p) || (to.role !== 'collective' && p.startsWith(to.unitPath)));
  }
  if (table === 'accounts') {
    if (rec.id === to.accountId) return true;
    if (to.role === 'collective') return rec.collectiveId === to.collectiveId && rec.collectiveId !== null;
    return RANK[rec.role as Role] > RANK[to.role] && String(rec.unitPath).startsWith(to.unitPath);
  }
  const loc = locate(table, rec, look);
  if (!loc) return false;
  if (loc.global) return true;
  if (to.role === 'collective') return loc.collectiveId === to.collectiveId;
  return loc.unitPath.startsWith(to.unitPath);
}

/** May `from` send this record at all (is it something `from` could hold authoritatively or relay)? */
export function sendable(from: Authority, to: Authority, table: string, rec: Rec, look: Lookups): boolean {
  if (!visibleTo(to, table, rec, look)) return false;
  if (table === 'attachments') return true;
  const loc = locate(table, rec, look);
  if (!loc) return false;
  const rel = relation(from, to);
  if (loc.global) return rel === 'upstream' || from.role === 'national';
  return rel === 'upstream' || inScope(from, loc);
}
