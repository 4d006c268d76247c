import { describe, it, expect } from 'vitest';
import {
  DEFAULT_STRUCTURE_THRESHOLDS,
  evidenceText,
  prefillEvidence,
  prefillItemScores,
  type EvidenceFacts,
} from '../../../shared/assessment/evidence';
import { fiveOnesChecklist } from '../../../shared/assessment/fiveOnes';
import { DEFAULT_RUBRIC } from '../../../shared/assessment/rubric';

const facts: EvidenceFacts = {
  provincialCommittee: true,
  quota: {
    base: 21,
    required: 210,
    filed: 240,
    approved: 200,
    structure: { formerNational: 30, nonPublic: 25, socialOrg: 6 },
  },
  workEntries: [
    { type: '集中培训', title: '全市创建骨干培训班', date: '2017-05-10' },
    { type: '集中培训', title: '网络报备操作培训', date: '2017-06-02' },
    { type: '检查调研', title: '创建集体实地督导', date: '2017-10-12' },
    { type: '常态化联系平台', title: '创建集体微信群', date: '2017-04-30' },
    { type: '主题创建活动', title: '青年建功十三五·青春献礼十九大', date: '2017-05-04' },
    { type: '媒体宣传', title: '开放周专题报道', date: '2017-07-01' },
    { type: '领导出席', title: '副市长出席开放周启动仪式', date: '2017-05-04' },
    { type: '专题会议', title: '创建工作部署会', date: '2017-04-28' },
    { type: '集中培训', title: '已删除的培训', date: '2017-08-01', deleted: true },
  ],
  logs: { submitted: 400, read: 300, commented: 50 },
  sanLiang: { collectives: 200, complete: 150 },
  complaints: { total: 4, open: 1, overdue: 1, substantiated: 2 },
};

describe('evidence pre-fill', () => {
  it('item 7: quota completion and structure against the thresholds', () => {
    const ev = prefillEvidence(facts);
    expect(ev[7]![0]).toBe(
      '创建集体 200 个（已报备 240 个）；基数 21，应完成网络创建数 210 个；完成率 95.2%，未达标，尚差 10 个',
    );
    expect(ev[7]).toContain('其中往届全国青年文明号 30 个，占 15.0%');
    expect(ev[7]).toContain('非公经济组织 25 个，占 12.5%（参考比例 ≥ 10.0%，已达到）');
    expect(ev[7]).toContain('社会组织 6 个，占 3.0%（参考比例 ≥ 5.0%，未达到）');
    expect(DEFAULT_STRUCTURE_THRESHOLDS.nonPublic).toBe(0.1);
  });

  it('item 7: editable thresholds, no verdict for industry units, deviating quota shown', () => {
    const ev = prefillEvidence({ ...facts, thresholds: { socialOrg: 0.02 } });
    expect(ev[7]).toContain('社会组织 6 个，占 3.0%（参考比例 ≥ 2.0%，已达到）');
    const police = prefillEvidence({
      provincialCommittee: false,
      quota: { base: 100, required: 100, filed: 130, approved: 120, structure: { formerNational: 3, nonPublic: 0, socialOrg: 0 } },
    });
    expect(police[7]![0]).toContain('完成率 120.0%，已达标');
    expect(police[7]![1]).toBe('公布的应完成数 100 与“基数 × 10 = 1000”的规则不一致（按公布数执行）');
    expect(police[7]).toContain('非公经济组织 0 个，占 0.0%（附件3仅对省级地方团委提出比例要求）');
    expect(police[1]).toBeUndefined();
    expect(police[6]).toBeUndefined();
  });

  it('items 3–5, 8–11 from work entries, logs, 三亮 and complaints', () => {
    const ev = prefillEvidence(facts);
    expect(ev[3]).toEqual(['集中培训 2 次：2017-05-10《全市创建骨干培训班》、2017-06-02《网络报备操作培训》']);
    expect(ev[4]).toContain('检查调研 1 次：2017-10-12《创建集体实地督导》');
    expect(ev[4]).toContain('创建日志 400 篇，管理员已阅 300 篇（75.0%）');
    expect(ev[5]).toContain('常态化联系平台 1 个：2017-04-30《创建集体微信群》');
    expect(ev[5]).toContain('管理员点评创建日志 50 篇（占已提交 12.5%）');
    expect(ev[8]).toEqual(['主题创建活动 1 项：2017-05-04《青年建功十三五·青春献礼十九大》']);
    expect(ev[9]).toContain('落实“三亮”的创建集体 150/200 个（75.0%）');
    expect(ev[9]).toContain('媒体宣传 1 次：2017-07-01《开放周专题报道》');
    expect(ev[10]).toContain('领导出席 1 次：2017-05-04《副市长出席开放周启动仪式》');
    expect(ev[10]).toContain('政策文件：系统中无记录');
    expect(ev[11]![0]).toBe('社会评价投诉 4 件，其中经核实 2 件，未办结 1 件，逾期未整改 1 件');
    expect(ev[6]).toEqual(['系统记录中暂无本项数据，请依据情况报告和工作台账评分']);
  });

  it('says so when nothing is recorded', () => {
    const ev = prefillEvidence({ provincialCommittee: false, complaints: { total: 0, open: 0, overdue: 0, substantiated: 0 } });
    expect(ev[3]).toEqual(['集中培训：系统中无记录']);
    expect(ev[7]).toEqual(['系统记录中暂无本项数据，请依据情况报告和工作台账评分']);
    expect(ev[11]).toEqual(['社会评价中无投诉记录']);
    expect(ev[10]![0]).toContain('无领导出席、政策文件记录');
  });

  it('puts the 五个一 status on item 2 and fills an empty score form', () => {
    const list = fiveOnesChecklist([], 'unit-R09', '2017-2018');
    const ev = prefillEvidence({ ...facts, fiveOnes: list });
    expect(ev[2]).toContain('五个一：已落实 0/5，尚缺：专题会议、集中培训、检查调研、主题创建活动、常态化联系平台');
    const form = prefillItemScores(DEFAULT_RUBRIC, { ...facts, provincialCommittee: false });
    expect(form.map((f) => f.no)).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11]);
    expect(form.every((f) => f.score === null && f.evidence.length > 0)).toBe(true);
    expect(form.find((f) => f.no === 3)!.evidence).toBe(evidenceText(ev[3]!));
  });
});
