import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import { DemoCancelled, DemoError, demoInfo, demoLaptopRefusal, loadDemoData, type DemoLoadProgress } from '../../../renderer/db/repos/demo';
import { runSetup } from '../../../renderer/db/repos/setup';
import { todoCounts } from '../../../renderer/db/repos/collectives';
import { exportPackage, lookupsOf } from '../../../renderer/db/repos/exchange';
import { actorAuthority } from '../../../renderer/db/repos/peers';
import { EXCHANGED_TABLES, sendable, type Rec } from '../../../shared/exchange/authority';
import { resetClockForTests, currentClock } from '../../../renderer/db/write';
import { DEMO_TABLES, planDemo } from '../../../shared/demo';
import { parseRev } from '../../../shared/model/hlc';
import { ScopeError } from '../../../shared/rules/scope';
import { verifyAudit } from '../../../shared/security/audit';

const PW = 'Shanghai#2017yca';
const COUNTS = { collectives: 120, workUpdates: 900, evaluations: 200, pictures: 12 };
let n = 0;

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`demo-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

async function national(): Promise<Session> {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办管理员', password: PW, recoveryEmail: '' });
  return login(code, PW);
}

async function tableCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of DEMO_TABLES) out[t] = await db().table(t).count();
  return out;
}

describe('loading demo data', () => {
  it('writes exactly the planned records, stamped by this laptop, audited, and remembers what it loaded', async () => {
    const s = await national();
    const before = await tableCounts();
    const progress: DemoLoadProgress[] = [];
    const info = await loadDemoData(s.actor, { scale: 'national', seed: 3, counts: COUNTS, batchSize: 500, onProgress: (p) => progress.push(p) });
    const plan = planDemo({ scale: 'national', seed: 3, counts: COUNTS, own: { accountId: s.account.id, unitCode: 'N00' } });
    const after = await tableCounts();
    for (const t of DEMO_TABLES) expect(after[t]! - before[t]!, t).toBe(plan.totals[t]);
    expect(info.counts).toEqual(plan.totals);
    expect(info.showcase.logs).toBe(50);
    expect((await demoInfo())?.seed).toBe(3);
    // revisions are this laptop's (the records arrived here), history keeps the dataset's dates
    const me = currentClock().deviceId;
    const c = await db().collectives.get(plan.showcase.id);
    expect(parseRev(c!.rev).deviceId).toBe(me);
    expect(c!.createdAt < '2018-01-01').toBe(true);
    const picture = await db().attachments.toCollection().first();
    expect(picture!.data).toBeInstanceOf(Blob);
    // several batches, progress to the end, audit chain intact with a start and an end entry
    expect(progress.filter((p) => p.phase === 'writing').length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]!.phase).toBe('done');
    const audit = await db().audit.orderBy('seq').toArray();
    expect(verifyAudit(audit).ok).toBe(true);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['demo.load.start', 'demo.load.done']));
  });

  it('refuses a laptop that already holds data, and a second load; nothing is written', async () => {
    const s = await national();
    await issueAccount(s.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海市第一人民医院急诊科', recoveryEmail: '' }, '2017-2018');
    expect(await demoLaptopRefusal()).toContain('本机已有数据');
    const before = await tableCounts();
    await expect(loadDemoData(s.actor, { scale: 'province', unitCode: 'R09', counts: COUNTS })).rejects.toThrow(DemoError);
    expect(await tableCounts()).toEqual(before);

    await closeDb();
    resetClockForTests();
    initDb(`demo-test-${n++}`);
    const t = await national();
    await loadDemoData(t.actor, { scale: 'province', unitCode: 'R09', counts: COUNTS });
    const loaded = await tableCounts();
    await expect(loadDemoData(t.actor, { scale: 'province', unitCode: 'R09', counts: COUNTS })).rejects.toThrow('已载入演示数据');
    expect(await tableCounts()).toEqual(loaded);
  });

  it('lets a level-1 administrator load only its own unit at province scale', async () => {
    const { code } = await runSetup({ unitCode: 'R10', adminName: '江苏管理员', password: PW, recoveryEmail: '' });
    const s = await login(code, PW);
    await expect(loadDemoData(s.actor, { scale: 'national', counts: COUNTS })).rejects.toThrow(ScopeError);
    await expect(loadDemoData(s.actor, { scale: 'province', unitCode: 'R09', counts: COUNTS })).rejects.toThrow(ScopeError);
    expect((await tableCounts()).collectives).toBe(0);
    const info = await loadDemoData(s.actor, { scale: 'province', counts: COUNTS });
    expect(info.unitCode).toBe('R10');
    const outside = await db().collectives.filter((c) => !c.unitPath.startsWith(s.actor.unitPath)).count();
    expect(outside).toBe(0);
    // its own admin code was not issued again: the laptop's admin reviewed and scored there
    const admins = await db().accounts.where('unitId').equals('unit-R10').filter((a) => a.role === 'admin1').toArray();
    expect(admins.map((a) => a.id)).toEqual([s.account.id]);
  });

  it('refuses lower administrators and collectives', async () => {
    const s = await national();
    const admin2 = { ...s.actor, role: 'admin2' as const, unitId: 'unit-R09', unitPath: '/unit-N00/unit-R09/' };
    await expect(loadDemoData(admin2, { scale: 'province', counts: COUNTS })).rejects.toThrow(ScopeError);
  });

  it('cancelling removes everything written so far and leaves the laptop as it was', async () => {
    const s = await national();
    const before = await tableCounts();
    const signal = { cancelled: false };
    const run = loadDemoData(s.actor, {
      scale: 'national',
      counts: COUNTS,
      batchSize: 200,
      signal,
      onProgress: (p) => {
        if (p.phase === 'writing' && p.done > 40) signal.cancelled = true;
      },
    });
    await expect(run).rejects.toThrow(DemoCancelled);
    expect(await tableCounts()).toEqual(before);
    expect(await demoInfo()).toBeNull();
    const audit = await db().audit.orderBy('seq').toArray();
    expect(audit.map((a) => a.action)).toContain('demo.load.rollback');
    expect(verifyAudit(audit).ok).toBe(true);
    // and the laptop can still take the demo data afterwards
    await loadDemoData(s.actor, { scale: 'province', unitCode: 'R01', counts: COUNTS });
    expect((await tableCounts()).collectives).toBe(COUNTS.collectives);
  });

  it('the to-do counts, read through the status index, equal a full scan (national and one unit)', async () => {
    const s = await national();
    await loadDemoData(s.actor, { scale: 'national', seed: 5, counts: COUNTS });
    const all = await db().collectives.toArray();
    for (const actor of [s.actor, { ...s.actor, role: 'admin1' as const, unitId: 'unit-R10', unitPath: '/unit-N00/unit-R10/' }]) {
      const mine = all.filter((c) => c.unitPath.startsWith(actor.role === 'national' ? '/' : actor.unitPath));
      const t = await todoCounts(actor, '2017-2018');
      expect(t.waitingPre).toBe(mine.filter((c) => c.status === 'filed').length);
      expect(t.waitingFinal).toBe(mine.filter((c) => c.status === 'preReviewed').length);
      expect(t.returned).toBe(mine.filter((c) => c.status === 'returned').length);
    }
    expect(all.some((c) => c.status === 'filed')).toBe(true);
  });

  it('a package from the national office to one province reads only that province, and holds exactly what a full scan would send', async () => {
    const s = await national();
    await loadDemoData(s.actor, { scale: 'national', seed: 7, counts: COUNTS });
    const r10 = (await db().units.get('unit-R10'))!;
    const pkg = await exportPackage(s.actor, { unitId: r10.id }, { term: '2017-2018', full: true });
    // the oracle: every local record of every exchanged table, filtered by the sharing rule
    const all: Record<string, Rec[]> = {};
    for (const t of EXCHANGED_TABLES) all[t] = (await db().table(t).toArray()) as Rec[];
    const look = lookupsOf(all.units as never, all.collectives as never, all.workUpdates as never);
    const to = { role: 'admin1' as const, unitPath: r10.path, collectiveId: null, accountId: '' };
    const from = actorAuthority(s.actor);
    let outside = 0;
    for (const t of EXCHANGED_TABLES) {
      if (t === 'attachments') continue;
      const expected = all[t]!.filter((rec) => sendable(from, to, t, rec, look)).length;
      expect(pkg.counts[t] ?? 0, t).toBe(expected);
      outside += all[t]!.filter((rec) => typeof rec.unitPath === 'string' && !rec.unitPath.startsWith(r10.path)).length;
    }
    // the national data really holds other provinces' records, and the package has R10's
    expect(outside).toBeGreaterThan(0);
    expect(pkg.counts.collectives).toBeGreaterThan(0);
    expect(pkg.counts.workUpdates).toBeGreaterThan(0);
  });
});
