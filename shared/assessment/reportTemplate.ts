/**
 * Template of the self-inspection report (创建工作情况报告, annex 3 一.3), pre-filled with the
 * unit's own figures and returned as plain text for the user to edit.
 *
 * Policy: the sections follow the five areas of annex 3 (一、机制规范 … 五、其他项目), so the
 * report reads in the order the scorer scores. Figures come only from the facts passed in; what
 * the records cannot know is a placeholder 【请补充：…】 that the user replaces.
 * `findPlaceholders` lists those left, so the export screen can warn before the report goes out.
 * Items 1 and 6 appear only for provincial-level local committees. The filled template stays
 * far below the 2000-character limit, leaving the room to the unit's own words.
 */
import type { WorkEntryType } from '../model/entities';
import { completionRate } from '../reference/quota';
import type { EvidenceFacts } from './evidence';
import { areaHeading, RUBRIC_AREAS } from './rubric';

export interface ReportTemplateFacts extends EvidenceFacts {
  unitName: string;
  termLabel: string;
}

const PLACEHOLDER = /【请补充[^】]*】/g;

/** Placeholders the user has not replaced yet. */
export function findPlaceholders(text: string): string[] {
  return text.match(PLACEHOLDER) ?? [];
}

function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

/** A count, or a placeholder when the records were not passed in. */
function countOf(facts: ReportTemplateFacts, type: WorkEntryType): string {
  if (!facts.workEntries) return '【请补充：次数】';
  return String(facts.workEntries.filter((e) => !e.deleted && e.type === type).length);
}

export function buildReportTemplate(facts: ReportTemplateFacts): string {
  const [mechanism, process, scale, brand, other] = RUBRIC_AREAS.map(areaHeading);
  const out: string[] = [];

  out.push(
    `${facts.termLabel}，${facts.unitName}按照全国创建“青年文明号”活动组委会的部署，组织开展青年文明号创建工作。现将有关情况报告如下。`,
  );

  out.push(mechanism!);
  if (facts.provincialCommittee) {
    out.push('【请补充：本地区活动组委会（领导小组）作用发挥，沟通联系、交流合作、共同决策机制的建设和执行情况】');
  }
  out.push(
    `本届共召开专题会议 ${countOf(facts, '专题会议')} 次，研究部署创建工作。` +
      '【请补充：集体资格审查、创建工作考察、遴选推荐等工作规范的执行情况，以及本单位创建标准、操作规范、工作推进机制的制定和完善情况】',
  );

  out.push(process!);
  let p = `本届组织集中培训 ${countOf(facts, '集中培训')} 次，开展检查调研 ${countOf(facts, '检查调研')} 次，建立常态化联系平台 ${countOf(facts, '常态化联系平台')} 个。`;
  if (facts.fiveOnes) {
    p += facts.fiveOnes.missing.length
      ? `“五个一”工作推进措施已落实 ${facts.fiveOnes.metCount} 项，尚缺${facts.fiveOnes.missing.join('、')}。`
      : '“五个一”工作推进措施已全部落实。';
  }
  if (facts.logs) {
    p += `创建集体提交创建日志 ${facts.logs.submitted} 篇，管理员阅看 ${facts.logs.read} 篇、点评 ${facts.logs.commented} 篇。`;
  }
  out.push(p + '【请补充：培训指导、跟踪监督、联系沟通的主要做法和成效】');

  out.push(scale!);
  const q = facts.quota;
  if (q) {
    const rate = completionRate(q.approved, q.required);
    const gap = Math.max(0, q.required - q.approved);
    let s =
      `本届基数 ${q.base}，应完成网络创建数 ${q.required} 个；已报备集体 ${q.filed} 个，通过审核的创建集体 ${q.approved} 个，` +
      `完成率 ${pct(rate)}，${gap === 0 ? '已达到应完成数' : `距应完成数尚差 ${gap} 个`}。`;
    if (q.structure) {
      const base = q.approved;
      const share = (n: number): string => (base > 0 ? pct(n / base) : pct(0));
      s +=
        `创建集体中，往届全国青年文明号 ${q.structure.formerNational} 个，非公经济组织 ${q.structure.nonPublic} 个（${share(q.structure.nonPublic)}），` +
        `社会组织 ${q.structure.socialOrg} 个（${share(q.structure.socialOrg)}）。`;
    }
    out.push(s);
  } else {
    out.push('本届基数【请补充】，应完成网络创建数【请补充】个，通过审核的创建集体【请补充】个。');
  }
  if (facts.provincialCommittee) {
    out.push('【请补充：与行业部门（社会机构）省级单位建立联创机制、拓展新领域创建的情况】');
  }

  out.push(brand!);
  let b = `本届开展主题创建活动 ${countOf(facts, '主题创建活动')} 项，开展媒体宣传 ${countOf(facts, '媒体宣传')} 次。`;
  if (facts.sanLiang) {
    const s = facts.sanLiang;
    b += `落实“三亮”的创建集体 ${s.complete} 个，占 ${s.collectives > 0 ? pct(s.complete / s.collectives) : pct(0)}。`;
  }
  out.push(b + '【请补充：特色性、长效性创建载体和项目，青年文明号文化产品，媒体合作和新媒体宣传情况】');

  out.push(other!);
  let o = `本地区（本行业）主要领导出席青年文明号相关活动 ${countOf(facts, '领导出席')} 次，出台相关政策文件 ${countOf(facts, '政策文件')} 件。`;
  const c = facts.complaints;
  if (c) {
    o +=
      c.total === 0
        ? '本届未收到针对创建集体的社会评价投诉。'
        : `本届收到社会评价投诉 ${c.total} 件，已整改或办结 ${c.rectified ?? c.total - c.open} 件，尚未办结 ${c.open} 件。`;
  }
  out.push(o + '【请补充：其他探索创新和承接全国性工作情况，存在的问题和下一步打算】');

  return out.join('\n');
}
