import { beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import { commitImport, handleComplaint, listEvaluations, planImport, recordEvaluation } from '../../../renderer/db/repos/evaluations';
import { runSetup } from '../../../renderer/db/repos/setup';
import { saveStaleLogDays, staleLogDays, supervisionDashboard, supervisionFacts, supervisionFactsFor } from '../../../renderer/db/repos/supervision';
import { saveWorkUpdate } from '../../../renderer/db/repos/logs';
import { resetClockForTests } from '../../../renderer/db/write';
import { parseEvaluationWorkbook } from '../../../shared/evaluations';
import { localDay } from '../../../shared/rules/complaints';
import { ScopeError } from '../../../shared/rules/scope';
import { verifyAudit } from '../../../shared/security/audit';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;

async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const sh = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海管理员', recoveryEmail: '' }, TERM);
  const js = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R10', displayName: '江苏管理员', recoveryEmail: '' }, TERM);
  const shAdmin = await login(sh.account.code, sh.oneTimePassword);
  const jsAdmin = await login(js.account.code, js.oneTimePassword);
  const a = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海地铁一号线徐家汇站', recoveryEmail: '' }, TERM);
  const b = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海市第一人民医院急诊科', recoveryEmail: '' }, TERM);
  const c = await issueAccount(jsAdmin.actor, { role: 'collective', unitId: 'unit-R10', displayName: '南京市鼓楼医院急诊科', recoveryEmail: '' }, TERM);
  const metro = await login(a.account.code, a.oneTimePassword);
  return { national, shAdmin, jsAdmin, metro, metroId: a.collective!.id, metroCode: a.account.code, hospitalId: b.collective!.id, nanjingId: c.collective!.id };
}

const TODAY = localDay(new Date());
const daysFromToday = (d: number) => localDay(new Date(Date.now() + d * 86_400_000));
const input = (collectiveId: string, extra: Partial<Parameters<typeof recordEvaluation>[1]> = {}) => ({
  collectiveId,
  source: 'public' as const,
  rating: 4,
  content: '服务热情周到',
  date: '2017-05-04',
  complaint: false,
  ...extra,
});

async function snapshot() {
  return JSON.stringify([await db().evaluations.toArray(), await db().audit.count()]);
}

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`evaluations-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

describe('recording evaluations', () => {
  it('admins record evaluations of collectives in their subtree; the collective reads its own, nobody else’s', async () => {
    const w = await world();
    await recordEvaluation(w.shAdmin.actor, input(w.metroId), TERM);
    await recordEvaluation(w.shAdmin.actor, input(w.hospitalId, { rating: 2 }), TERM);
    await recordEvaluation(w.jsAdmin.actor, input(w.nanjingId), TERM);
    expect((await listEvaluations(w.shAdmin.actor, TERM)).map((v) => v.collectiveName).sort()).toEqual(['上海市第一人民医院急诊科', '上海地铁一号线徐家汇站'].sort());
    expect((await listEvaluations(w.metro.actor, TERM)).map((v) => v.collectiveName)).toEqual(['上海地铁一号线徐家汇站']);
    expect(await listEvaluations(w.national.actor, TERM)).toHaveLength(3);
    const before = await snapshot();
    await expect(recordEvaluation(w.shAdmin.actor, input(w.nanjingId), TERM)).rejects.toThrow(ScopeError);
    await expect(recordEvaluation(w.metro.actor, input(w.metroId), TERM)).rejects.toThrow('只有管理员');
    await expect(recordEvaluation(w.shAdmin.actor, input(w.metroId, { rating: 6 }), TERM)).rejects.toThrow('评分应为 1—5 的整数');
    await expect(recordEvaluation(w.shAdmin.actor, input(w.metroId, { complaint: true, content: '' }), TERM)).rejects.toThrow('投诉须写明投诉内容');
    await expect(listEvaluations(w.jsAdmin.actor, TERM, { collectiveId: w.metroId })).rejects.toThrow(ScopeError);
    expect(await snapshot()).toBe(before);
  });
});

describe('complaint handling', () => {
  it('runs received → verified → rectification requested → rectified → closed, each step recorded and counted', async () => {
    const w = await world();
    const path = w.shAdmin.unit.path;
    const e = await recordEvaluation(w.shAdmin.actor, input(w.metroId, { complaint: true, rating: 1, content: '高峰期无人引导' }), TERM);
    expect(e).toMatchObject({ complaintState: 'received', rectifyBy: null });
    const facts = async () => (await supervisionFacts(path, TERM)).complaints;
    expect(await facts()).toMatchObject({ total: 1, open: 1, overdue: 0, substantiated: 0, rectified: 0 });

    await handleComplaint(w.shAdmin.actor, e.id, { action: 'verify', note: '现场核实属实' });
    await expect(handleComplaint(w.shAdmin.actor, e.id, { action: 'requestRectification', note: '增派引导员', deadline: '' })).rejects.toThrow('必须规定整改期限');
    const deadline = daysFromToday(14);
    await handleComplaint(w.shAdmin.actor, e.id, { action: 'requestRectification', note: '增派引导员', deadline });
    expect(await facts()).toMatchObject({ open: 1, substantiated: 1, overdue: 0 });
    await handleComplaint(w.shAdmin.actor, e.id, { action: 'markRectified', note: '已增派 2 名引导员' });
    expect(await facts()).toMatchObject({ open: 0, rectified: 1 });
    await expect(handleComplaint(w.shAdmin.actor, e.id, { action: 'verify', note: '' })).rejects.toThrow('不能“完成核实”');
    const closed = await handleComplaint(w.shAdmin.actor, e.id, { action: 'close', note: '' });
    expect(closed.history.map((h) => [h.state, h.actorId])).toEqual(
      ['received', 'verified', 'rectificationRequested', 'rectified', 'closed'].map((s) => [s, w.shAdmin.account.id]),
    );
    expect(closed.rectifyBy).toBe(deadline);
    expect(await facts()).toEqual({
      total: 1,
      open: 0,
      overdue: 0,
      substantiated: 1,
      rectified: 1,
      byState: { received: 0, verified: 0, rectificationRequested: 0, rectified: 0, closed: 1 },
    });
    const actions = (await db().audit.orderBy('seq').toArray()).map((r) => r.action).filter((a) => a.startsWith('complaint.'));
    expect(actions).toEqual(['complaint.receive', 'complaint.verify', 'complaint.requestRectification', 'complaint.markRectified', 'complaint.close']);
    expect(verifyAudit(await db().audit.orderBy('seq').toArray())).toMatchObject({ ok: true });
  });

  it('an overdue rectification stands out; another unit’s admin and the collective cannot handle it', async () => {
    const w = await world();
    const e = await recordEvaluation(w.shAdmin.actor, input(w.metroId, { complaint: true, content: '态度差' }), TERM);
    await handleComplaint(w.shAdmin.actor, e.id, { action: 'verify', note: '' });
    await handleComplaint(w.shAdmin.actor, e.id, { action: 'requestRectification', note: '整改', deadline: TODAY });
    const before = await snapshot();
    await expect(handleComplaint(w.jsAdmin.actor, e.id, { action: 'markRectified', note: 'x' })).rejects.toThrow(ScopeError);
    await expect(handleComplaint(w.metro.actor, e.id, { action: 'markRectified', note: 'x' })).rejects.toThrow(ScopeError);
    expect(await snapshot()).toBe(before);
    // the deadline day is still in time; two days later it is overdue
    expect((await listEvaluations(w.shAdmin.actor, TERM, { overdueOnly: true }, TODAY)).length).toBe(0);
    const later = daysFromToday(2);
    const overdue = await listEvaluations(w.shAdmin.actor, TERM, { overdueOnly: true }, later);
    expect(overdue.map((v) => [v.overdue, v.daysOverdue])).toEqual([[true, 2]]);
    expect((await supervisionFacts(w.shAdmin.unit.path, TERM, later)).complaints.overdue).toBe(1);
    const dash = await supervisionDashboard(w.shAdmin.actor, TERM, 60, new Date(Date.now() + 2 * 86_400_000));
    expect(dash.overdue.map((o) => [o.collectiveName, o.daysOverdue])).toEqual([['上海地铁一号线徐家汇站', 2]]);
  });

  it('closes an unfounded complaint from verified with a reason; it is not substantiated', async () => {
    const w = await world();
    const e = await recordEvaluation(w.shAdmin.actor, input(w.metroId, { complaint: true, content: '收费' }), TERM);
    await handleComplaint(w.shAdmin.actor, e.id, { action: 'verify', note: '' });
    await expect(handleComplaint(w.shAdmin.actor, e.id, { action: 'closeUnfounded', note: '' })).rejects.toThrow('请填写不属实的理由');
    await handleComplaint(w.shAdmin.actor, e.id, { action: 'closeUnfounded', note: '经查未收费' });
    expect((await supervisionFacts(w.shAdmin.unit.path, TERM)).complaints).toMatchObject({ total: 1, open: 0, substantiated: 0 });
  });
});

describe('spreadsheet import', () => {
  const file = (rows: (string | number)[][]) => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['集体名称', '用户名（编码）', '评价来源', '评分', '评价内容', '评价日期', '是否投诉'], ...rows]), '社会评价');
    return parseEvaluationWorkbook(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
  };

  it('writes every row in one go; re-importing the same file changes nothing', async () => {
    const w = await world();
    const parsed = file([
      ['上海地铁一号线徐家汇站', '', '群众', 5, '引导清楚', '2017-05-01', ''],
      ['', w.metroCode, '监督员', 2, '站厅卫生差', '2017-05-02', '是'],
      ['上海市第一人民医院急诊科', '', '互评', '★★★★', '', '2017-05-03', '否'],
    ]);
    const plan = await planImport(w.shAdmin.actor, parsed);
    expect(plan.valid).toBe(true);
    expect(await commitImport(w.shAdmin.actor, plan, TERM, '评价.xlsx')).toEqual({ written: 3, skipped: 0 });
    const rows = await listEvaluations(w.shAdmin.actor, TERM);
    expect(rows.map((r) => [r.evaluation.source, r.evaluation.rating, r.evaluation.complaintState])).toEqual([
      ['peerCollective', 4, null],
      ['supervisionTeam', 2, 'received'],
      ['public', 5, null],
    ]);
    const again = await planImport(w.shAdmin.actor, parsed);
    expect(again.create).toEqual([]);
    expect(again.skipped).toHaveLength(3);
    const before = await snapshot();
    expect(await commitImport(w.shAdmin.actor, again, TERM, '评价.xlsx')).toEqual({ written: 0, skipped: 3 });
    expect((await db().evaluations.count())).toBe(3);
    expect(JSON.parse(await snapshot())[0]).toEqual(JSON.parse(before)[0]);
  });

  it('writes nothing when any row is wrong or names a collective outside the admin’s scope', async () => {
    const w = await world();
    const before = await snapshot();
    const plan = await planImport(
      w.shAdmin.actor,
      file([
        ['上海地铁一号线徐家汇站', '', '群众', 5, '', '2017-05-01', ''],
        ['南京市鼓楼医院急诊科', '', '群众', 5, '', '2017-05-01', ''],
      ]),
    );
    expect(plan.valid).toBe(false);
    expect(plan.problems[0]!.issues[0]!.message).toContain('找不到集体“南京市鼓楼医院急诊科”');
    await expect(commitImport(w.shAdmin.actor, plan, TERM, 'x.xlsx')).rejects.toThrow('未导入任何数据');
    await expect(planImport(w.metro.actor, file([]))).rejects.toThrow(ScopeError);
    expect(await snapshot()).toBe(before);
  });
});

describe('supervision dashboard', () => {
  it('counts collectives without a log for N days, logs per month, ratings; N is a setting only level-1 admins change', async () => {
    const w = await world();
    expect(await staleLogDays()).toBe(60);
    await saveWorkUpdate(w.metro.actor, { title: '开放周', date: '2017-05-04', text: '', collectiveId: w.metroId, keepHashes: [], add: [], submit: true }, TERM);
    await recordEvaluation(w.shAdmin.actor, input(w.metroId, { rating: 5 }), TERM);
    await recordEvaluation(w.shAdmin.actor, input(w.hospitalId, { rating: 3 }), TERM);
    const now = new Date();
    const dash = await supervisionDashboard(w.shAdmin.actor, TERM, 60, now);
    expect(dash.collectives).toBe(2);
    expect(dash.freshness).toEqual({ recent: 1, stale: 0, never: 1 });
    expect(dash.stale.map((s) => [s.name, s.days])).toEqual([['上海市第一人民医院急诊科', null]]);
    expect(dash.logsPerMonth).toHaveLength(12);
    expect(dash.logsPerMonth.at(-1)!.count).toBe(1);
    expect(dash.logs).toMatchObject({ submitted: 1, read: 0, unreadByMe: 1, thisMonth: 1 });
    expect(dash.ratings.map((r) => r.count)).toEqual([0, 0, 1, 0, 1]);
    expect(dash.averageRating).toBe(4);
    // 61 days later the metro's log is stale too
    const later = await supervisionDashboard(w.shAdmin.actor, TERM, 60, new Date(now.getTime() + 61 * 86_400_000));
    expect(later.freshness).toEqual({ recent: 0, stale: 1, never: 1 });
    expect(later.stale.map((s) => [s.name, s.days])).toEqual([
      ['上海市第一人民医院急诊科', null],
      ['上海地铁一号线徐家汇站', 61],
    ]);
    expect((await supervisionDashboard(w.shAdmin.actor, TERM, 90, new Date(now.getTime() + 61 * 86_400_000))).freshness.recent).toBe(1);
    // Jiangsu sees none of it
    expect((await supervisionDashboard(w.jsAdmin.actor, TERM, 60)).logs.submitted).toBe(0);
    await expect(supervisionDashboard(w.metro.actor, TERM, 60)).rejects.toThrow(ScopeError);
    await expect(supervisionFactsFor(w.jsAdmin.actor, 'unit-R09', TERM)).rejects.toThrow(ScopeError);
    expect((await supervisionFactsFor(w.national.actor, 'unit-R09', TERM)).logs.submitted).toBe(1);

    await expect(saveStaleLogDays(w.metro.actor, 30)).rejects.toThrow(ScopeError);
    await expect(saveStaleLogDays(w.shAdmin.actor, 0)).rejects.toThrow('天数应为 1—3650 的整数');
    await expect(supervisionDashboard(w.shAdmin.actor, TERM, 0)).rejects.toThrow('天数应为');
    await saveStaleLogDays(w.shAdmin.actor, 30);
    expect(await staleLogDays()).toBe(30);
    await saveStaleLogDays(w.shAdmin.actor, 45);
    expect(await staleLogDays()).toBe(45);
    expect(await db().settings.where('key').equals('staleLogDays').count()).toBe(1);
  });
});
