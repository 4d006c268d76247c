import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { createSubunit, issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login } from '../../../renderer/db/repos/auth';
import { listAudit } from '../../../renderer/db/repos/audit';
import { gatherLedgerSource, LedgerCancelled, LedgerError, ledgerScopes, recordLedgerExport } from '../../../renderer/db/repos/ledger';
import { runSetup } from '../../../renderer/db/repos/setup';
import { resetClockForTests, SYSTEM_ACTOR, writeTx } from '../../../renderer/db/write';
import { READING_PHASE, runLedgerJob } from '../../../renderer/features/ledger/jobs';
import { buildLedger } from '../../../shared/ledger/build';
import { exportLedger } from '../../../shared/ledger/export';
import { importLedger } from '../../../shared/ledger/import';
import type { Account, ChangeRequest, Collective, ReviewEvent, SelfReport, WorkUpdate } from '../../../shared/model/entities';
import { ScopeError } from '../../../shared/rules/scope';
import { verifyAudit } from '../../../shared/security/audit';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`ledger-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

/** A national-office laptop: 上海 with a district and three collectives, 江苏 with one. */
async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const sh = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海管理员', recoveryEmail: '' }, TERM);
  const js = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R10', displayName: '江苏管理员', recoveryEmail: '' }, TERM);
  const shAdmin = await login(sh.account.code, sh.oneTimePassword);
  const jsAdmin = await login(js.account.code, js.oneTimePassword);
  const district = await createSubunit(shAdmin.actor, 'unit-R09', '浦东新区团委');
  await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海市第一人民医院急诊科', recoveryEmail: '' }, TERM);
  await issueAccount(shAdmin.actor, { role: 'collective', unitId: district.id, displayName: '=HYPERLINK("http://evil","点我")', recoveryEmail: '' }, TERM);
  const pudong = await issueAccount(shAdmin.actor, { role: 'collective', unitId: district.id, displayName: '浦东新区青年志愿服务队', recoveryEmail: '' }, TERM);
  await issueAccount(jsAdmin.actor, { role: 'collective', unitId: 'unit-R10', displayName: '南京地铁新街口站', recoveryEmail: '' }, TERM);
  const districtAdmin2 = await issueAccount(shAdmin.actor, { role: 'admin2', unitId: district.id, displayName: '浦东二级', recoveryEmail: '' }, TERM);
  const d2 = await login(districtAdmin2.account.code, districtAdmin2.oneTimePassword);
  const collective = await login(pudong.account.code, pudong.oneTimePassword);
  return { national, shAdmin, jsAdmin, district, d2, collective };
}

const opts = (unitId: string, includeReport = false) => ({ unitId, term: TERM, includeReport, appVersion: '0.1.0', exportedAt: '2018-03-01T00:00:00.000Z' });

describe('scope of a ledger export', () => {
  it('a level-1 admin exports its unit with every subunit; the ledger round-trips', async () => {
    const { shAdmin } = await world();
    const src = await gatherLedgerSource(shAdmin.actor, opts('unit-R09'));
    expect(src.root.code).toBe('R09');
    expect(src.units.map((u) => u.code).sort()).toEqual(['R09', 'R09-01']);
    expect(src.collectives.map((c) => c.profile.name).sort()).toEqual(['=HYPERLINK("http://evil","点我")', '上海市第一人民医院急诊科', '浦东新区青年志愿服务队']);
    expect(src.quotas.map((q) => [q.unitId, q.base, q.required])).toEqual([['unit-R09', 21, 210]]);
    expect(src.exportedBy).toMatch(/^上海管理员（R09A1001.）$/);
    // nothing but id, code, name and role of an account leaves the database
    for (const a of src.accounts) expect(Object.keys(a).sort()).toEqual(['code', 'displayName', 'id', 'role']);
    const data = buildLedger(src);
    expect(data.units[0]).toMatchObject({ unitCode: 'R09', base: 21, required: 210, filed: 0, approved: 0 });
    const back = await importLedger((await exportLedger(data)).bytes);
    expect(back.ok).toBe(true);
    expect(back.data).toEqual(data);
  });

  it('counts submitted creation logs per collective (drafts not), from the index alone', async () => {
    const { shAdmin } = await world();
    const d = db();
    const cols = await d.collectives.toArray();
    const er = cols.find((c) => c.profile.name === '上海市第一人民医院急诊科')!;
    const nj = cols.find((c) => c.profile.name === '南京地铁新街口站')!;
    await writeTx(SYSTEM_ACTOR, [d.workUpdates], async (w) => {
      const log = (c: typeof er, state: WorkUpdate['state'], i: number) =>
        w.create<WorkUpdate>({ id: `log-${c.code}-${i}`, collectiveId: c.id, unitPath: c.unitPath, term: TERM, title: '日志', date: '2017-05-01', text: '很长的正文'.repeat(50), attachmentHashes: [], state, submittedAt: state === 'submitted' ? w.now : null, authorId: 'x', hasMedia: false });
      await d.workUpdates.bulkPut([log(er, 'submitted', 1), log(er, 'submitted', 2), log(er, 'draft', 3), log(nj, 'submitted', 4)]);
    });
    const src = await gatherLedgerSource(shAdmin.actor, opts('unit-R09'));
    // one counted entry per collective in scope with submitted logs (南京 is outside 上海's scope)
    expect(src.workUpdates).toEqual([{ collectiveId: er.id, state: 'submitted', term: TERM, count: 2 }]);
    const row = buildLedger(src).collectives.find((c) => c.code === er.code)!;
    expect(row.logCount).toBe(2);
  });

  it('reports the steps of its read, and stops when cancelled', async () => {
    const { shAdmin } = await world();
    const seen: [number, number][] = [];
    const src = await gatherLedgerSource(shAdmin.actor, { ...opts('unit-R09'), onProgress: (done, total) => seen.push([done, total]) });
    expect(seen[0]).toEqual([0, 3]);
    expect(seen[seen.length - 1]).toEqual([3, 3]);
    expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((a, b) => a - b));
    expect(src.collectives.length).toBeGreaterThan(0);
    await expect(gatherLedgerSource(shAdmin.actor, { ...opts('unit-R09'), cancelled: () => true })).rejects.toBeInstanceOf(LedgerCancelled);
  });

  it('the worker job reads the database itself and writes the same ledger as the page would', async () => {
    const { shAdmin, jsAdmin } = await world();
    const phases: string[] = [];
    const r = await runLedgerJob(
      { kind: 'exportFromDb', dbName: db().name, actor: shAdmin.actor, ...opts('unit-R09') },
      { onProgress: (p) => phases.push(`${p.phase} ${p.done}/${p.total}`) },
    );
    if (r.kind !== 'export') throw new Error(r.kind);
    const expected = buildLedger(await gatherLedgerSource(shAdmin.actor, opts('unit-R09')));
    const back = await importLedger(r.bytes);
    expect(back.ok).toBe(true);
    expect(back.data).toEqual(expected);
    expect(phases[0]).toBe(`${READING_PHASE} 0/3`);
    expect(phases).toContain(`${READING_PHASE} 3/3`);
    // the same scope rule as on the page: nothing is read for a unit the account may not see
    await expect(runLedgerJob({ kind: 'exportFromDb', dbName: db().name, actor: jsAdmin.actor, ...opts('unit-R09') })).rejects.toThrow(ScopeError);
  });

  it('a large scope reads review events and the reporting collectives\' accounts whole, with the same result', async () => {
    const { shAdmin } = await world();
    const d = db();
    const base = (await d.collectives.toArray()).find((c) => c.profile.name === '上海市第一人民医院急诊科')!;
    const baseAccount = (await d.accounts.where('collectiveId').equals(base.id).first())!;
    const N = 230; // over both thresholds (200)
    await writeTx(SYSTEM_ACTOR, [d.collectives, d.accounts, d.reviewEvents, d.changes], async (w) => {
      for (let i = 0; i < N; i++) {
        const c = w.create<Collective>({ ...base, id: `big-c-${i}`, code: `R09BIG${String(i).padStart(4, '0')}` });
        const a = w.create<Account>({ ...baseAccount, id: `big-a-${i}`, code: `R09BIGA${String(i).padStart(4, '0')}`, collectiveId: c.id, displayName: `集体${i}` });
        await d.collectives.add(c);
        await d.accounts.add(a);
        await d.reviewEvents.add(w.create<ReviewEvent>({ id: `big-e-${i}`, collectiveId: c.id, term: TERM, action: 'submit', fromStatus: 'registered', toStatus: 'filed', actorId: a.id, actorRole: 'collective', comment: '', at: w.now }));
        await d.changes.add(w.create<ChangeRequest>({ id: `big-x-${i}`, collectiveId: c.id, unitPath: c.unitPath, kind: 'rename', state: 'reported', reason: '更名', evidenceHashes: [], details: {}, reportedBy: a.id, decidedBy: null, decidedAt: null, endsQualification: false }));
      }
    });
    const src = await gatherLedgerSource(shAdmin.actor, opts('unit-R09'));
    expect(src.reviewEvents.filter((e) => e.id.startsWith('big-e-'))).toHaveLength(N);
    const named = new Map(src.accounts.map((a) => [a.id, a]));
    for (let i = 0; i < N; i++) expect(named.get(`big-a-${i}`)).toEqual({ id: `big-a-${i}`, code: `R09BIGA${String(i).padStart(4, '0')}`, displayName: `集体${i}`, role: 'collective' });
    expect(named.get(shAdmin.actor.accountId)?.role).toBe('admin1');
  });

  it('refuses another unit, and a lower admin above its own unit, reading nothing', async () => {
    const { shAdmin, jsAdmin, d2, district } = await world();
    await expect(gatherLedgerSource(shAdmin.actor, opts('unit-R10'))).rejects.toThrow(ScopeError);
    await expect(gatherLedgerSource(jsAdmin.actor, opts('unit-R09'))).rejects.toThrow(ScopeError);
    await expect(gatherLedgerSource(d2.actor, opts('unit-R09'))).rejects.toThrow(ScopeError);
    const own = await gatherLedgerSource(d2.actor, opts(district.id));
    expect(own.collectives.length).toBe(2);
  });

  it('a collective exports no ledger', async () => {
    const { collective } = await world();
    await expect(gatherLedgerSource(collective.actor, opts('unit-R09'))).rejects.toThrow(ScopeError);
    expect(await ledgerScopes(collective.actor)).toEqual([]);
  });

  it('the national office exports any unit, or everything', async () => {
    const { national } = await world();
    const all = await gatherLedgerSource(national.actor, opts('unit-N00'));
    expect(all.collectives.length).toBe(4);
    expect(buildLedger(all).meta.scope).toBe('national');
    const js = await gatherLedgerSource(national.actor, opts('unit-R10'));
    expect(js.collectives.map((c) => c.profile.name)).toEqual(['南京地铁新街口站']);
  });

  it('offers the units the account may export, its own first, subunits after their parent', async () => {
    const { shAdmin, national } = await world();
    expect((await ledgerScopes(shAdmin.actor)).map((u) => u.code)).toEqual(['R09', 'R09-01']);
    const all = (await ledgerScopes(national.actor)).map((u) => u.code);
    expect(all[0]).toBe('N00');
    expect(all.length).toBe(62); // national office + 60 published rows + the district
    expect(all.indexOf('R09-01')).toBe(all.indexOf('R09') + 1);
    expect(all.indexOf('I06-1')).toBe(all.indexOf('I06') + 1);
  });

  it('rejects an unknown unit or term with a Chinese message', async () => {
    const { national } = await world();
    await expect(gatherLedgerSource(national.actor, opts('unit-nope'))).rejects.toThrow('所选单位不存在');
    await expect(gatherLedgerSource(national.actor, { ...opts('unit-R09'), term: '2099-2100' })).rejects.toThrow('届次 2099-2100 不存在');
  });
});

describe('embedding the 情况报告', () => {
  async function putReport(text: string) {
    const d = db();
    await writeTx(SYSTEM_ACTOR, [d.selfReports], async (w) => {
      await d.selfReports.put(w.create<SelfReport>({ id: 'sr-R09', unitId: 'unit-R09', term: TERM, text }));
    });
  }

  it('refuses when the unit has no report, or one over 2000 characters', async () => {
    const { shAdmin } = await world();
    await expect(gatherLedgerSource(shAdmin.actor, opts('unit-R09', true))).rejects.toThrow(LedgerError);
    await expect(gatherLedgerSource(shAdmin.actor, opts('unit-R09', true))).rejects.toThrow('上海尚未填写2017—2018年度的情况报告');
    await putReport('字'.repeat(2001));
    await expect(gatherLedgerSource(shAdmin.actor, opts('unit-R09', true))).rejects.toThrow('超过 2000 字的上限');
  });

  it('embeds it as a sheet when asked', async () => {
    const { shAdmin } = await world();
    await putReport('一、机制规范\n本届召开专题会议 2 次。');
    const src = await gatherLedgerSource(shAdmin.actor, opts('unit-R09', true));
    expect(buildLedger(src).report).toEqual([
      { paragraph: 1, text: '一、机制规范' },
      { paragraph: 2, text: '本届召开专题会议 2 次。' },
    ]);
    expect((await gatherLedgerSource(shAdmin.actor, opts('unit-R09', false))).selfReport).toBeNull();
  });
});

describe('audit', () => {
  it('records a ledger export with its checksum in the audit chain; refuses out of scope', async () => {
    const { shAdmin } = await world();
    await recordLedgerExport(shAdmin.actor, 'unit-R09', '导出工作台账：上海，2017—2018年度；校验值 abc');
    const { rows } = await listAudit(shAdmin.actor, { action: 'ledger.export' });
    expect(rows.map((r) => r.summary)).toEqual(['导出工作台账：上海，2017—2018年度；校验值 abc']);
    expect(verifyAudit(await db().audit.orderBy('seq').toArray()).ok).toBe(true);
    await expect(recordLedgerExport(shAdmin.actor, 'unit-R10', 'x')).rejects.toThrow(ScopeError);
  });
});
