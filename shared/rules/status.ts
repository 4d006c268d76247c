/** Status words and which statuses count as what (shared by dashboards, ledgers and quotas). */
import type { CollectiveStatus } from '../model/entities';

export const STATUS_LABEL: Record<CollectiveStatus, string> = {
  registered: '已派发编码',
  filed: '报备集体（待审核）',
  preReviewed: '已初审（待终审）',
  approved: '创建集体',
  returned: '已退回',
  disqualified: '已取消创建资格',
  superseded: '已由新编码取代',
};

/** 已报备: the collective has a filing in the term that still stands (waiting, returned to fix, or approved). */
export function countsAsFiled(status: CollectiveStatus): boolean {
  return status === 'filed' || status === 'preReviewed' || status === 'approved' || status === 'returned';
}

/** 创建集体 */
export function countsAsApproved(status: CollectiveStatus): boolean {
  return status === 'approved';
}
