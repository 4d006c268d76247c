/** Chinese names for tables and fields shown on the exchange and conflict screens. */
import type { CollectiveStatus } from '../../../shared/model/entities';
import { STATUS_LABEL } from '../../../shared/rules/status';
import { ROLE_LABEL } from '../../../shared/rules/roles';

export const TABLE_LABEL: Record<string, string> = {
  settings: '设置',
  terms: '届次',
  units: '管理单位',
  quotas: '名额',
  rubrics: '考评细则',
  accounts: '账号',
  collectives: '集体',
  reviewEvents: '审核记录',
  workUpdates: '创建工作动态/日志',
  logReads: '日志阅读记录',
  logComments: '日志批注',
  attachments: '附件',
  evaluations: '社会评价',
  changes: '变更与退出',
  workEntries: '工作台账（五个一）',
  assessments: '考评',
  selfReports: '情况报告',
  conflicts: '待处理冲突',
};

const FIELD_LABEL: Record<string, string> = {
  'profile.name': '规范名称',
  'profile.parentOrganisation': '所属单位',
  'profile.type': '集体类型',
  'profile.region': '所在地区',
  'profile.memberCount': '成员人数',
  'profile.youthCount': '青年人数',
  'profile.leader.name': '负责人姓名',
  'profile.leader.phone': '负责人电话',
  'profile.leader.email': '负责人邮箱',
  'profile.contacts': '联系人',
  'profile.recoveryEmail': '保密邮箱',
  'profile.honours': '所获荣誉',
  'profile.publicCommitment': '公开承诺',
  'profile.complaintChannel': '投诉渠道',
  'profile.identityShown': '亮身份',
  'profile.imageShown': '亮形象',
  'profile.basicConditionsAttested': '符合基本条件',
  'plan.goals': '创建目标',
  'plan.measures': '创建措施',
  'plan.schedule': '进度安排',
  'plan.themeActivities': '主题创建活动',
  status: '状态',
  formerNames: '曾用名称',
  displayName: '名称',
  code: '用户名（编码）',
  role: '角色',
  'password.hash': '密码（加密存储）',
  'password.salt': '密码盐值',
  'password.iterations': '密码加密强度',
  'password.algorithm': '密码算法',
  mustChangePassword: '首次登录须改密码',
  recoveryEmail: '保密邮箱',
  lastLoginAt: '最近登录时间',
  failedLogins: '连续登录失败次数',
  lastFailedAt: '最近登录失败时间',
  deleted: '已删除',
  title: '标题',
  text: '内容',
  date: '日期',
  comment: '意见',
  filedAt: '报备时间',
  approvedAt: '审核通过时间',
  name: '名称',
  description: '说明',
  participants: '参加人员',
};

export function fieldLabel(path: string): string {
  return FIELD_LABEL[path] ?? path;
}

/** A stored value as a person reads it. */
export function showValue(path: string, v: unknown): string {
  if (v === undefined || v === null || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (path === 'status' && typeof v === 'string' && v in STATUS_LABEL) return STATUS_LABEL[v as CollectiveStatus];
  if (path === 'role' && typeof v === 'string' && v in ROLE_LABEL) return ROLE_LABEL[v as keyof typeof ROLE_LABEL];
  // never print a password hash or salt; a short tail tells two versions apart
  if (path === 'password.hash' || path === 'password.salt') return `已加密（…${String(v).slice(-6)}）`;
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v).toLocaleString('zh-CN') : v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '（无）' : v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('、');
  return JSON.stringify(v);
}
