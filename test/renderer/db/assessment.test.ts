import { strFromU8, unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { createSubunit, issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import {
  allocationWorksheet,
  compareNationalScorers,
  deriveUnitRubric,
  openSheet,
  publishNationalRubric,
  ranking,
  rubricForUnit,
  saveAssessment,
  type SupervisionSource,
} from '../../../renderer/db/repos/assessment';
import { actorOf, login, type Session } from '../../../renderer/db/repos/auth';
import { exportSelfReport, getSelfReport, saveSelfReport, selfReportTemplate } from '../../../renderer/db/repos/selfReport';
import { runSetup } from '../../../renderer/db/repos/setup';
import { supervisionFacts } from '../../../renderer/db/repos/supervision';
import { createWorkEntry } from '../../../renderer/db/repos/workEntries';
import { resetClockForTests, SYSTEM_ACTOR, writeTx } from '../../../renderer/db/write';
import type { Account, Evaluation, ItemScore, LogComment, LogRead, WorkUpdate } from '../../../shared/model/entities';
import { DEFAULT_RUBRIC_ID } from '../../../shared/assessment/rubric';
import { ScopeError } from '../../../shared/rules/scope';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`assessment-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办甲', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const admin = async (unitId: string, name: string) => {
    const r = await issueAccount(national.actor, { role: 'admin1', unitId, displayName: name, recoveryEmail: '' }, TERM);
    return login(r.account.code, r.oneTimePassword);
  };
  return {
    national,
    shAdmin: await admin('unit-R09', '上海管理员'),
    finAdmin: await admin('unit-I17', '金融管理员'),
    zzAdmin: await admin('unit-R33', '中直机关管理员'),
    jsAdmin: await admin('unit-R10', '江苏管理员'),
  };
}

/**
 * A second national-office scorer. The accounts repo issues no national accounts after setup (their
 * sheets reach the scoring laptop in exchange packages), so the test writes the account directly.
 */
async function secondNationalScorer(first: Session): Promise<Session> {
  const account = await writeTx(SYSTEM_ACTOR, [db().accounts], async (w) => {
    const a = w.create<Account>({ ...first.account, code: 'N00A0002X', displayName: '国办乙', id: undefined } as never);
    await db().accounts.add(a);
    return a;
  });
  return { account, unit: first.unit, actor: actorOf(account, first.unit) };
}

const s = (no: number, score: number | null, comment = ''): ItemScore => ({ no, score, comment, evidence: '' });
// The same raw scores for every unit: 1→8, 2→8, 3→7, 4→9, 5→8, 6→7, 7→16, 8→9, 9→8 (docs/assessment.md)
const RAW = [s(1, 8), s(2, 8), s(3, 7), s(4, 9), s(5, 8), s(6, 7), s(7, 16), s(8, 9), s(9, 8)];
const FULL = (over: Record<number, number | null> = {}) => RAW.map((x) => (x.no in over ? { ...x, score: over[x.no]! } : x));

describe('rubrics', () => {
  it('shows the default rubric before any write and stores it lazily, once, with its deterministic id', async () => {
    const { shAdmin } = await world();
    expect(await db().rubrics.count()).toBe(0);
    const view = await openSheet(shAdmin.actor, 'unit-R09', TERM, 'self');
    expect([view.rubric.id, view.rubric.version]).toEqual([DEFAULT_RUBRIC_ID, 1]);
    expect(await db().rubrics.count()).toBe(0);
    await saveAssessment(shAdmin.actor, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: RAW.slice(0, 3) });
    await saveAssessment(shAdmin.actor, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: RAW.slice(0, 5) });
    expect((await db().rubrics.toArray()).map((r) => r.id)).toEqual([DEFAULT_RUBRIC_ID]);
    expect((await db().audit.where('action').equals('rubric.seed').toArray()).length).toBe(1);
  });

  it('the national office publishes a new version; sheets started earlier keep theirs, new ones use the new one', async () => {
    const { national, shAdmin, jsAdmin } = await world();
    await saveAssessment(shAdmin.actor, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: RAW.slice(0, 2) });
    await expect(publishNationalRubric(shAdmin.actor, { points: { 7: 30 } })).rejects.toBeInstanceOf(ScopeError);
    await expect(publishNationalRubric(national.actor, { points: { 7: 20 } })).rejects.toThrow('没有改动');
    await expect(publishNationalRubric(national.actor, { points: { 7: 0 } })).rejects.toThrow('分值必须是 1—100 的整数');
    const v2 = await publishNationalRubric(national.actor, { points: { 7: 30 }, note: '加重基层规模' });
    expect([v2.id, v2.version, v2.parentRubricId, v2.items.find((i) => i.no === 7)!.max]).toEqual(['rubric-national-v2', 2, DEFAULT_RUBRIC_ID, 30]);
    expect(v2.items).toHaveLength(11);
    expect(v2.name).toBe('青年文明号活动管理工作考评评分细则'); // no longer "（默认）"
    expect(v2.note).toContain('加重基层规模');

    const sh = await openSheet(shAdmin.actor, 'unit-R09', TERM, 'self');
    expect(sh.rubric.version).toBe(1);
    expect(sh.sheet.rubricVersion).toBe(1);
    const js = await openSheet(jsAdmin.actor, 'unit-R10', TERM, 'self');
    expect(js.rubric.version).toBe(2);
    expect(js.sheet.fullRegular).toBe(110);
    const saved = await saveAssessment(jsAdmin.actor, { unitId: 'unit-R10', term: TERM, kind: 'self', scores: FULL({ 7: 30 }) });
    expect([saved.assessment.rubricId, saved.assessment.rubricVersion]).toEqual(['rubric-national-v2', 2]);
  });

  it('a provincial committee derives its own rubric for its subunits, keeping the 11 items; an industry line may not', async () => {
    const { national, shAdmin, finAdmin } = await world();
    const pd = await createSubunit(shAdmin.actor, 'unit-R09', '浦东新区');
    await expect(deriveUnitRubric(finAdmin.actor, { points: { 3: 15 } })).rejects.toThrow('只有省级活动组委会');
    await expect(deriveUnitRubric(national.actor, { points: { 3: 15 } })).rejects.toBeInstanceOf(ScopeError);
    await expect(deriveUnitRubric(shAdmin.actor, { points: { 3: 101 } })).rejects.toThrow('第3项（培训指导）的分值必须是 1—100 的整数');

    const derived = await deriveUnitRubric(shAdmin.actor, { points: { 3: 15, 8: 15 } });
    expect([derived.ownerUnitId, derived.version, derived.items.length]).toEqual(['unit-R09', 2, 11]);
    expect(derived.name).toBe('上海对下级活动管理单位考评评分细则');
    const again = await deriveUnitRubric(shAdmin.actor, { points: { 3: 12 } });
    expect(again.version).toBe(3);

    // the district's sheet uses 上海's newest rubric; 上海's own sheet the national one
    expect((await rubricForUnit(pd)).id).toBe(again.id);
    expect((await rubricForUnit((await db().units.get('unit-R09'))!)).id).toBe(DEFAULT_RUBRIC_ID);
    const a3 = await issueAccount(shAdmin.actor, { role: 'admin3', unitId: pd.id, displayName: '浦东三级', recoveryEmail: '' }, TERM);
    const pdAdmin = await login(a3.account.code, a3.oneTimePassword);
    const sheet = await openSheet(pdAdmin.actor, pd.id, TERM, 'self');
    expect([sheet.rubric.id, sheet.sheet.rubricVersion]).toEqual([again.id, 3]);
    // a district is not a provincial committee: items 1 and 6 are not on its form
    expect(sheet.scores.map((x) => x.no)).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11]);
  });
});

describe('self-assessment', () => {
  it('starts from evidence pre-filled from the records, saves drafts, submits only when complete, then locks', async () => {
    const { shAdmin } = await world();
    const a = shAdmin.actor;
    await createWorkEntry(a, 'unit-R09', TERM, { type: '集中培训', date: '2017-05-10', title: '创建集体负责人培训班', participants: '', description: '' });
    await createWorkEntry(a, 'unit-R09', TERM, { type: '媒体宣传', date: '2017-07-02', title: '开放周专题报道', participants: '', description: '' });
    const view = await openSheet(a, 'unit-R09', TERM, 'self');
    expect(view.assessment).toBeNull();
    expect(view.editable).toBe(true);
    expect(view.scores.map((x) => x.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const ev = (no: number) => view.scores.find((x) => x.no === no)!.evidence;
    expect(ev(3)).toBe('集中培训 1 次：2017-05-10《创建集体负责人培训班》');
    expect(ev(7)).toContain('创建集体 0 个（已报备 0 个）；基数 21，应完成网络创建数 210 个；完成率 0.0%，未达标，尚差 210 个');
    expect(ev(2)).toContain('五个一：已落实 1/5，尚缺：专题会议、检查调研、主题创建活动、常态化联系平台');
    expect(ev(9)).toContain('媒体宣传 1 次：2017-07-02《开放周专题报道》');
    expect(ev(11)).toBe('社会评价中无投诉记录');

    // out of range: refused, nothing written
    await expect(saveAssessment(a, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: FULL({ 7: 25 }) })).rejects.toThrow(
      '第7项（基层规模）的得分应在 0—20 分之间，当前为 25 分',
    );
    await expect(saveAssessment(a, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: [...RAW, s(11, 5)] })).rejects.toThrow('应填写 0 或负数');
    expect(await db().assessments.count()).toBe(0);

    // a draft may be incomplete; submitting names what is missing
    const draft = await saveAssessment(a, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: RAW.slice(0, 7).map((x) => ({ ...x, evidence: ev(x.no) })) });
    expect(draft.sheet.missingItems).toEqual([8, 9]);
    expect(draft.assessment.id).toBe('assessment-self-unit-R09-2017-2018');
    await expect(saveAssessment(a, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: RAW.slice(0, 7), submit: true })).rejects.toThrow(
      '以下项目尚未评分，不能提交：第8项（活动载体）、第9项（氛围营造）',
    );
    const reopened = await openSheet(a, 'unit-R09', TERM, 'self');
    expect(reopened.scores.find((x) => x.no === 3)!.evidence).toBe(ev(3));

    const done = await saveAssessment(a, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: [...RAW, s(10, 4, '承接全国开放周'), s(11, -2)], submit: true });
    expect([done.sheet.normalisedRegular, done.sheet.bonus, done.sheet.deduction, done.sheet.total]).toEqual([80, 4, -2, 82]);
    expect(done.assessment.submittedAt).not.toBeNull();
    expect(done.assessment.rubricVersion).toBe(1);
    await expect(saveAssessment(a, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: RAW })).rejects.toThrow('已提交，不能再修改');
    const locked = await openSheet(a, 'unit-R09', TERM, 'self');
    expect(locked.editable).toBe(false);
    expect(locked.lockedReason).toContain('已于');
    expect((await db().audit.where('action').equals('assessment.submit').toArray())[0]!.summary).toBe('提交上海自评表（评分细则第1版）：总分 82');
  });

  it('takes creation logs and complaints for items 4, 5 and 11 from the supervision repo, or from an injected source', async () => {
    const { shAdmin } = await world();
    const c = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海图书馆读者服务部', recoveryEmail: '' }, TERM);
    const cid = c.collective!.id;
    const path = c.collective!.unitPath;
    await writeTx(SYSTEM_ACTOR, [db().workUpdates, db().logReads, db().logComments, db().evaluations], async (w) => {
      const update = (title: string, state: WorkUpdate['state']) =>
        w.create<WorkUpdate>({ collectiveId: cid, unitPath: path, term: TERM, title, date: '2017-05-01', text: '', attachmentHashes: [], state, submittedAt: state === 'submitted' ? w.now : null, authorId: c.account.id, hasMedia: false });
      const [u1, u2, u3] = [update('日志一', 'submitted'), update('日志二', 'submitted'), update('草稿', 'draft')];
      await db().workUpdates.bulkAdd([u1, u2, u3]);
      await db().logReads.add(w.create<LogRead>({ workUpdateId: u1.id, accountId: shAdmin.account.id, readAt: w.now }));
      await db().logComments.add(w.create<LogComment>({ workUpdateId: u1.id, authorId: shAdmin.account.id, text: '很好' }));
      const complaint = (state: Evaluation['complaintState'], rectifyBy: string | null, history: Evaluation['complaintState'][]) =>
        w.create<Evaluation>({
          collectiveId: cid, unitPath: path, term: TERM, source: 'public', rating: 2, content: '服务态度', date: '2017-06-01', complaint: true,
          complaintState: state, rectifyBy, history: history.map((h) => ({ state: h!, at: w.now, actorId: shAdmin.account.id, note: '' })),
        });
      await db().evaluations.bulkAdd([
        complaint('rectificationRequested', '2017-07-01', ['received', 'verified', 'rectificationRequested']),
        complaint('closed', '2017-07-01', ['received', 'verified', 'rectificationRequested', 'rectified', 'closed']),
        complaint('closed', null, ['received', 'verified', 'closed']),
        complaint('received', null, ['received']),
      ]);
    });
    const facts = await supervisionFacts(path, TERM, '2017-08-01');
    expect(facts.logs).toEqual({ submitted: 2, read: 1, commented: 1 });
    expect(facts.complaints).toMatchObject({ total: 4, open: 2, overdue: 1, substantiated: 2 });
    const view = await openSheet(shAdmin.actor, 'unit-R09', TERM, 'self');
    const ev = (no: number) => view.scores.find((x) => x.no === no)!.evidence;
    expect(ev(4)).toContain('创建日志 2 篇，管理员已阅 1 篇（50.0%）');
    expect(ev(5)).toContain('管理员点评创建日志 1 篇');
    expect(ev(11)).toContain('社会评价投诉 4 件，其中经核实 2 件，未办结 2 件');

    const injected: SupervisionSource = async () => ({
      logs: { submitted: 40, read: 30, commented: 10 },
      complaints: { total: 0, open: 0, overdue: 0, substantiated: 0 },
    });
    const other = await openSheet(shAdmin.actor, 'unit-R09', TERM, 'self', injected);
    expect(other.scores.find((x) => x.no === 4)!.evidence).toContain('创建日志 40 篇，管理员已阅 30 篇（75.0%）');
    expect(other.scores.find((x) => x.no === 11)!.evidence).toBe('社会评价中无投诉记录');
  });

  it('only the unit itself fills its self-assessment', async () => {
    const { national, shAdmin, jsAdmin } = await world();
    await expect(openSheet(jsAdmin.actor, 'unit-R09', TERM, 'self')).rejects.toBeInstanceOf(ScopeError);
    await expect(saveAssessment(jsAdmin.actor, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: RAW })).rejects.toBeInstanceOf(ScopeError);
    await expect(saveAssessment(national.actor, { unitId: 'unit-R09', term: TERM, kind: 'self', scores: RAW })).rejects.toThrow('自评由本单位的管理员填写');
    await expect(openSheet(shAdmin.actor, 'unit-R09', TERM, 'national')).rejects.toBeInstanceOf(ScopeError);
    await expect(saveAssessment(shAdmin.actor, { unitId: 'unit-R09', term: TERM, kind: 'national', scores: RAW })).rejects.toBeInstanceOf(ScopeError);
    // the national office reads it, read-only
    const v = await openSheet(national.actor, 'unit-R09', TERM, 'self');
    expect(v.editable).toBe(false);
    expect(await db().assessments.count()).toBe(0);
  });
});

describe('national assessment, several scorers, ranking and allocation', () => {
  it('totals a province, an industry line and 中直机关 on one scale (80 / 81.3 / 81.3)', async () => {
    const { national } = await world();
    const a = national.actor;
    const sh = await saveAssessment(a, { unitId: 'unit-R09', term: TERM, kind: 'national', scores: RAW, submit: true });
    const fin = await saveAssessment(a, { unitId: 'unit-I17', term: TERM, kind: 'national', scores: RAW, submit: true });
    const zz = await saveAssessment(a, { unitId: 'unit-R33', term: TERM, kind: 'national', scores: RAW, submit: true });
    expect([sh.sheet.rawRegular, sh.sheet.maxRegular, sh.sheet.total]).toEqual([80, 100, 80]);
    expect([fin.sheet.rawRegular, fin.sheet.maxRegular, fin.sheet.total]).toEqual([65, 80, 81.3]);
    expect([zz.sheet.rawRegular, zz.sheet.maxRegular, zz.sheet.total]).toEqual([65, 80, 81.3]);
    // items 1 and 6 are not stored for units not assessed on them
    expect(fin.assessment.scores.map((x) => x.no)).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11]);
    // a quota sub-row is assessed with its parent line
    await expect(saveAssessment(a, { unitId: 'unit-I06-1', term: TERM, kind: 'national', scores: RAW })).rejects.toThrow('随所属行业一并考评');

    const rows = await ranking(a, TERM);
    expect(rows).toHaveLength(57);
    expect(rows.slice(0, 3).map((r) => [r.unit.name, r.nationalMean, r.rank])).toEqual([
      ['金融', 81.3, 1],
      ['中直机关', 81.3, 1],
      ['上海', 80, 3],
    ]);
    expect(rows[3]!.rank).toBeNull();
  });

  it('shows each scorer, the mean and flags a large spread; all scorers of a unit share one rubric version', async () => {
    const { national } = await world();
    const second = await secondNationalScorer(national);
    await saveAssessment(national.actor, { unitId: 'unit-R09', term: TERM, kind: 'national', scores: RAW, submit: true });
    // a new national version after the first sheet: the second scorer still scores 上海 on version 1
    await publishNationalRubric(national.actor, { points: { 7: 30 } });
    const view = await openSheet(second.actor, 'unit-R09', TERM, 'national');
    expect(view.rubric.version).toBe(1);
    expect(view.assessment).toBeNull();
    await saveAssessment(second.actor, { unitId: 'unit-R09', term: TERM, kind: 'national', scores: FULL({ 3: 2, 7: 18 }) });

    const cmp = await compareNationalScorers(national.actor, 'unit-R09', TERM);
    expect(cmp.rubric!.version).toBe(1);
    expect(cmp.scorers.map((x) => [x.name.startsWith('国办甲'), x.submitted])).toEqual([[true, true], [false, false]]);
    const item = (no: number) => cmp.result!.items.find((i) => i.no === no)!;
    expect([item(3).mean, item(3).spread, item(3).flagged]).toEqual([4.5, 5, true]);
    expect([item(7).mean, item(7).spread, item(7).flagged]).toEqual([17, 2, false]);
    expect(cmp.result!.flaggedItems).toEqual([3]);
    expect(cmp.result!.totals.map((t) => t.total)).toEqual([80, 77]);
    expect(cmp.result!.meanTotal).toBe(78.5);
    // ranking counts submitted sheets only
    expect((await ranking(national.actor, TERM)).find((r) => r.unit.name === '上海')!.scorers).toBe(1);

    // 江苏 has no sheet yet: a new sheet starts on version 2
    expect((await openSheet(second.actor, 'unit-R10', TERM, 'national')).rubric.version).toBe(2);
  });

  it('the allocation worksheet weighs the scores and keeps each channel total, and so the national total', async () => {
    const { national, shAdmin } = await world();
    const a = national.actor;
    await saveAssessment(a, { unitId: 'unit-R09', term: TERM, kind: 'national', scores: FULL({ 7: 20, 2: 10, 3: 10 }), submit: true });
    await saveAssessment(a, { unitId: 'unit-R10', term: TERM, kind: 'national', scores: FULL({ 7: 6, 2: 4 }), submit: true });
    await saveAssessment(a, { unitId: 'unit-I06', term: TERM, kind: 'national', scores: FULL({ 7: 20 }), submit: true });
    await saveAssessment(a, { unitId: 'unit-I17', term: TERM, kind: 'national', scores: FULL({ 7: 5 }), submit: true });
    for (const k of [0, 0.5, 2]) {
      const w = await allocationWorksheet(a, TERM, k);
      expect(w.rows).toHaveLength(60);
      expect(w.channels.map((c) => [c.channel, c.rows, c.oldTotal, c.newTotal])).toEqual([
        ['industry', 26, 1096, 1096],
        ['region', 34, 483, 483],
      ]);
      expect(w.rows.reduce((s, r) => s + r.newBase, 0)).toBe(1579);
      const row = (name: string) => w.rows.find((r) => r.name === name)!;
      if (k === 0) expect(w.rows.every((r) => r.newBase === r.oldBase)).toBe(true);
      else {
        expect(row('上海').newBase).toBeGreaterThan(21);
        expect(row('江苏').newBase).toBeLessThan(21);
        // 快递 takes 交通运输's score
        expect([row('快递').score, row('快递').scoreInherited]).toEqual([row('交通运输').score, true]);
      }
    }
    await expect(allocationWorksheet(a, TERM, -1)).rejects.toThrow('调节系数 k 必须是非负数');
    await expect(allocationWorksheet(shAdmin.actor, TERM)).rejects.toBeInstanceOf(ScopeError);
    await expect(ranking(shAdmin.actor, TERM)).rejects.toBeInstanceOf(ScopeError);
  });
});

describe('self-inspection report', () => {
  const chars = (k: number) => '青年文明号创建工作'.repeat(Math.ceil(k / 9)).slice(0, k);

  it('starts from a template with the unit figures; saves above 2000 but refuses to export it', async () => {
    const { shAdmin } = await world();
    const a = shAdmin.actor;
    await createWorkEntry(a, 'unit-R09', TERM, { type: '专题会议', date: '2017-03-15', title: '部署会', participants: '', description: '' });
    const template = await selfReportTemplate(a, 'unit-R09', TERM);
    expect(template).toContain('2017—2018年度，上海市按照全国创建“青年文明号”活动组委会的部署');
    expect(template).toContain('本届共召开专题会议 1 次');
    expect(template).toContain('本届基数 21，应完成网络创建数 210 个');

    const long = `一、机制规范\n${chars(2000)}`; // 2006 counted characters
    const saved = await saveSelfReport(a, 'unit-R09', TERM, long);
    expect(saved.id).toBe('selfreport-unit-R09-2017-2018');
    await expect(exportSelfReport(a, 'unit-R09', TERM, `${chars(2001)}`, '2018-05-10')).rejects.toThrow(
      '情况报告共 2001 字，超过 2000 字的上限，请删减 1 字后再导出',
    );
    // refused export still saved the text
    expect((await getSelfReport(a, 'unit-R09', TERM))!.text).toBe(chars(2001));
    expect(await db().selfReports.count()).toBe(1);

    const ok = await exportSelfReport(a, 'unit-R09', TERM, `${chars(1990)}\n 【请补充：成效】`, '2018-05-10');
    expect(ok.count).toBe(1990 + 8);
    expect(ok.placeholders).toEqual(['【请补充：成效】']);
    expect(ok.fileName).toBe('上海市2017—2018年度创建工作情况报告.docx');
    const xml = strFromU8(unzipSync(ok.bytes)['word/document.xml']!);
    expect(xml).toContain('报告单位：上海市');
    expect(xml).toContain('创建届次：2017—2018年度');
    expect(xml).toContain('报告日期：2018年5月10日');
    expect((await db().audit.where('action').equals('selfReport.export').toArray()).length).toBe(1);
  });

  it('is written by the unit itself only and refuses a runaway paste', async () => {
    const { national, shAdmin, jsAdmin } = await world();
    await expect(saveSelfReport(jsAdmin.actor, 'unit-R09', TERM, '越权')).rejects.toBeInstanceOf(ScopeError);
    await expect(saveSelfReport(national.actor, 'unit-R09', TERM, '代写')).rejects.toThrow('由本单位的管理员撰写');
    await expect(saveSelfReport(shAdmin.actor, 'unit-R09', TERM, '字'.repeat(20_001))).rejects.toThrow('超过可保存的 20000 字');
    expect(await db().selfReports.count()).toBe(0);
    await saveSelfReport(shAdmin.actor, 'unit-R09', TERM, '报告');
    expect((await getSelfReport(national.actor, 'unit-R09', TERM))!.text).toBe('报告');
    await expect(getSelfReport(jsAdmin.actor, 'unit-R09', TERM)).rejects.toBeInstanceOf(ScopeError);
  });
});
