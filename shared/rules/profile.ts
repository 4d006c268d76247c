/**
 * Validation of a collective's 集体档案 and 创建计划 before submission. Saving a draft accepts
 * incomplete data; submitting requires every rule here to pass. Messages name the field in the
 * words of the form.
 */
import type { CollectiveProfile, CollectiveType, CreationPlan } from '../model/entities';

export const COLLECTIVE_TYPES: readonly CollectiveType[] = ['党政机关', '事业单位', '国有企业', '非公经济组织', '社会组织', '其他'];

export interface FieldProblem {
  field: string;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+\-() ]{7,20}$/;
const MAX_TEXT = 2000;

/** Problems that block even saving a draft (format and size), so stored data stays sane. */
export function draftProblems(profile: CollectiveProfile, plan: CreationPlan): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (profile.name.trim().length > 100) p.push({ field: 'name', message: '规范名称不能超过 100 个字符' });
  if (!COLLECTIVE_TYPES.includes(profile.type)) p.push({ field: 'type', message: '集体类型无效' });
  for (const [field, label, value] of [
    ['memberCount', '成员人数', profile.memberCount],
    ['youthCount', '35周岁及以下成员人数', profile.youthCount],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 100000) p.push({ field, message: `${label}须为 0—100000 的整数` });
  }
  if (profile.youthCount > profile.memberCount) p.push({ field: 'youthCount', message: '35周岁及以下成员人数不能超过成员人数' });
  if (profile.recoveryEmail && !EMAIL.test(profile.recoveryEmail)) p.push({ field: 'recoveryEmail', message: '保密邮箱格式不正确' });
  if (profile.leader.email && !EMAIL.test(profile.leader.email)) p.push({ field: 'leaderEmail', message: '负责人邮箱格式不正确' });
  if (profile.leader.phone && !PHONE.test(profile.leader.phone)) p.push({ field: 'leaderPhone', message: '负责人联系电话格式不正确' });
  for (const [field, label, value] of [
    ['publicCommitment', '公开承诺', profile.publicCommitment],
    ['complaintChannel', '投诉渠道', profile.complaintChannel],
    ['goals', '创建目标', plan.goals],
    ['measures', '创建措施', plan.measures],
    ['schedule', '进度安排', plan.schedule],
    ['themeActivities', '主题创建活动', plan.themeActivities],
  ] as const) {
    if (value.length > MAX_TEXT) p.push({ field, message: `${label}不能超过 ${MAX_TEXT} 个字符（当前 ${value.length}）` });
  }
  const year = new Date().getFullYear() + 1;
  profile.honours.forEach((h, i) => {
    if (!Number.isInteger(h.year) || h.year < 1994 || h.year > year) p.push({ field: `honour${i}`, message: `第 ${i + 1} 项荣誉的年份无效` });
    if (!h.title.trim()) p.push({ field: `honour${i}`, message: `第 ${i + 1} 项荣誉缺少名称` });
  });
  return p;
}

/** Problems that block submission (提交报备): the notice asks for complete, accurate information. */
export function submissionProblems(profile: CollectiveProfile, plan: CreationPlan): FieldProblem[] {
  const p = draftProblems(profile, plan);
  const required: [string, string, string][] = [
    ['name', '规范名称', profile.name],
    ['parentOrganisation', '上级单位', profile.parentOrganisation],
    ['region', '所在地区', profile.region],
    ['leaderName', '负责人姓名', profile.leader.name],
    ['leaderPhone', '负责人联系电话', profile.leader.phone],
    ['publicCommitment', '公开承诺（三亮）', profile.publicCommitment],
    ['complaintChannel', '投诉渠道（三亮）', profile.complaintChannel],
    ['goals', '创建目标', plan.goals],
    ['measures', '创建措施', plan.measures],
    ['schedule', '进度安排', plan.schedule],
  ];
  for (const [field, label, value] of required) if (!value.trim()) p.push({ field, message: `请填写${label}` });
  if (profile.memberCount < 1) p.push({ field: 'memberCount', message: '请填写成员人数' });
  if (!profile.basicConditionsAttested) p.push({ field: 'basicConditionsAttested', message: '请确认集体符合《青年文明号活动管理办法》规定的基本条件' });
  return p;
}

/**
 * Warnings shown to the reviewer, never blocking: the notice delegates the basic conditions to the
 * 2016 管理办法 (recorded as an attestation), so the product only points at likely problems.
 */
export function profileWarnings(profile: CollectiveProfile): string[] {
  const w: string[] = [];
  if (profile.memberCount > 0 && profile.youthCount * 2 < profile.memberCount)
    w.push(`35周岁及以下成员 ${profile.youthCount} 人，不足成员总数 ${profile.memberCount} 人的一半，请核实是否以青年为主体`);
  if (!profile.identityShown || !profile.imageShown) w.push('“三亮”未全部落实（亮身份、亮形象）');
  return w;
}
