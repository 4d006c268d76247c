/**
 * Scope policy: who may see and change what.
 *
 * - The national office sees and changes everything.
 * - An administrator sees and changes only its own unit's subtree (unit paths are id paths from the
 *   national office down, so "in my subtree" is a prefix test).
 * - A collective sees and changes only itself.
 * - Only level-1 administrators (and the national office) issue codes; only the national office
 *   deactivates a collective's code or cancels a qualification (annex 2 五.4, 五.5).
 * Repos call these before every read and write; the UI hiding a button is never the only guard.
 */
import type { Role } from '../model/entities';

export interface ScopeActor {
  accountId: string;
  role: Role | 'system';
  unitPath: string;
  collectiveId: string | null;
}

export class ScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

export const OUT_OF_SCOPE = '无权访问：该记录不在您的管理范围内';

export function inSubtree(actor: ScopeActor, unitPath: string): boolean {
  if (actor.role === 'national' || actor.role === 'system') return true;
  if (actor.role === 'collective') return false;
  return unitPath.startsWith(actor.unitPath);
}

export function canSeeCollective(actor: ScopeActor, c: { id: string; unitPath: string }): boolean {
  if (actor.role === 'collective') return actor.collectiveId === c.id;
  return inSubtree(actor, c.unitPath);
}

export function assertCollective(actor: ScopeActor, c: { id: string; unitPath: string }): void {
  if (!canSeeCollective(actor, c)) throw new ScopeError(OUT_OF_SCOPE);
}

export function assertSubtree(actor: ScopeActor, unitPath: string): void {
  if (!inSubtree(actor, unitPath)) throw new ScopeError(OUT_OF_SCOPE);
}

const RANK: Record<Role, number> = { national: 0, admin1: 1, admin2: 2, admin3: 3, collective: 4 };

/** May `actor` issue an account of `role` in the unit at `unitPath` (depth = that unit's depth)? */
export function issueRefusal(actor: ScopeActor, role: Role, unitPath: string, unitDepth: number): string | null {
  if (actor.role === 'system') return null;
  if (role === 'national') return '全国组委会办公室的账号只能在初始设置时创建';
  if (actor.role === 'national') {
    if (unitDepth < 1) return '请选择一个管理单位';
    return null;
  }
  if (actor.role !== 'admin1') return '只有一级管理员可以派发用户名（编码）';
  if (RANK[role] <= RANK.admin1) return '一级管理员只能为二级、三级管理员和集体派发编码';
  if (!unitPath.startsWith(actor.unitPath)) return OUT_OF_SCOPE;
  return null;
}

/** May `actor` reset the password of / deactivate an account of `role` in the unit at `unitPath`? */
export function manageRefusal(actor: ScopeActor, target: { role: Role; unitPath: string; id: string }, action: 'reset' | 'deactivate'): string | null {
  if (actor.role === 'system' || actor.role === 'national') return null;
  if (target.id === actor.accountId) return action === 'deactivate' ? '不能注销自己的账号' : '请在“修改密码”中修改自己的密码';
  if (action === 'deactivate' && target.role === 'collective') return '注销集体的用户名（编码）只能由全国组委会办公室决定';
  if (actor.role !== 'admin1') return '只有一级管理员可以管理账号';
  if (RANK[target.role] <= RANK.admin1) return '不能管理同级或上级的账号';
  if (!target.unitPath.startsWith(actor.unitPath)) return OUT_OF_SCOPE;
  return null;
}

/** May `actor` create a subunit under the unit at `parentPath`? */
export function subunitRefusal(actor: ScopeActor, parentPath: string): string | null {
  if (actor.role === 'national' || actor.role === 'system') return null;
  if (actor.role !== 'admin1') return '只有一级管理员可以设立下级单位';
  if (!parentPath.startsWith(actor.unitPath)) return OUT_OF_SCOPE;
  return null;
}
