// Two laptops in one process: each is its own IndexedDB database (fake-indexeddb), switched
// with `use()`, which also reloads that laptop's device id and clock.
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { changeOwnPassword, issueAccount, resetPassword, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import { runSetup } from '../../../renderer/db/repos/setup';
import { listConflicts, resolveConflict } from '../../../renderer/db/repos/conflicts';
import {
  applyImport,
  exportPackage,
  exportSetupPackage,
  previewImport,
  readPackageFile,
  readSetupPackage,
  setUpFromPackage,
  type ReadPackage,
} from '../../../renderer/db/repos/exchange';
import { devicePrivateKey, listPeers, myDeviceId, proposeTrust, trustSender, type Peer } from '../../../renderer/db/repos/peers';
import { loadClock, resetClockForTests, SYSTEM_ACTOR, writeTx } from '../../../renderer/db/write';
import { buildPackage, type PackageRecord } from '../../../shared/exchange/format';
import { decisionRefusal, relation, visibleTo, writeRefusal, type Authority, type Lookups, type Rec } from '../../../shared/exchange/authority';
import type { Collective } from '../../../shared/model/entities';
import { verifyAudit } from '../../../shared/security/audit';

const PW = 'Shanghai#2017yca';
const PW2 = 'Erji#Pudong2017';
const TERM = '2017-2018';
let n = 0;
let A = '';
let B = '';

async function use(name: string): Promise<void> {
  await closeDb();
  resetClockForTests();
  initDb(name);
  await loadClock();
}

async function read(bytes: Uint8Array): Promise<ReadPackage> {
  const r = await readPackageFile(bytes);
  if (!r.ok) throw new Error(r.message);
  return r;
}

/** Everything a user could notice: every synced table and the audit length. */
async function fingerprintDb(): Promise<string> {
  const d = db();
  const out: unknown[] = [];
  for (const t of ['accounts', 'collectives', 'units', 'peers', 'conflicts', 'packages', 'reviewEvents']) out.push(await d.table(t).toArray());
  out.push(await d.audit.count());
  return JSON.stringify(out);
}

interface World {
  admin1: Session;
  admin2Code: string;
  collectiveId: string;
  setupBytes: Uint8Array;
}

/** Laptop A (上海 level 1) issues a level-2 admin and a collective, and a setup package for B. */
async function laptopA(): Promise<World> {
  await use(A);
  const { code } = await runSetup({ unitCode: 'R09', adminName: '王晓明', password: PW, recoveryEmail: '' });
  const admin1 = await login(code, PW);
  const a2 = await issueAccount(admin1.actor, { role: 'admin2', unitId: 'unit-R09', displayName: '张二级', recoveryEmail: '' }, TERM);
  const c = await issueAccount(admin1.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海地铁一号线徐家汇站', recoveryEmail: '' }, TERM);
  const setup = await exportSetupPackage(admin1.actor, a2.account.id, { term: TERM });
  otp = a2.oneTimePassword;
  return { admin1, admin2Code: a2.account.code, collectiveId: c.collective!.id, setupBytes: setup.bytes };
}
let otp = '';

/** Laptop B set up from the package; the level-2 admin signs in and sets its own password. */
async function laptopB(w: World): Promise<Session> {
  await use(B);
  const info = await readSetupPackage(w.setupBytes);
  expect(info.roleLabel).toBe('二级管理员');
  await expect(setUpFromPackage(info, w.admin2Code, 'WRONG-WRONG-WRON', true)).rejects.toThrow('一次性密码不正确');
  await expect(setUpFromPackage(info, w.admin2Code, otp, false)).rejects.toThrow('指纹');
  expect(await db().accounts.count()).toBe(0);
  await setUpFromPackage(info, w.admin2Code, otp, true);
  const first = await login(w.admin2Code, otp);
  expect(first.account.mustChangePassword).toBe(true);
  await changeOwnPassword(first.actor, null, PW2);
  return login(w.admin2Code, PW2);
}

async function trustAndApply(actor: Session['actor'], pkg: ReadPackage) {
  let p = await previewImport(actor, pkg);
  if (!p.trust.ok && p.trust.code === 'untrusted') {
    await trustSender(actor, pkg.manifest, pkg.manifest.sender.fingerprint);
    p = await previewImport(actor, pkg);
  }
  expect(p.trust.ok).toBe(true);
  const r = await applyImport(actor, pkg);
  return { preview: p.plan!, result: r };
}

beforeEach(() => {
  A = `exchange-A-${n}`;
  B = `exchange-B-${n}`;
  n++;
  setHashOptionsForTests({ iterations: 1000 });
});

describe('setup package and the first exchange', () => {
  it('sets up a level-2 laptop that sees only its subtree and trusts the level-1 device', async () => {
    const w = await laptopA();
    const aDevice = await myDeviceId();
    const b = await laptopB(w);
    const d = db();
    expect(b.account.role).toBe('admin2');
    const peers = await listPeers();
    expect(peers).toHaveLength(1);
    expect(peers[0]).toMatchObject({ deviceId: aDevice, role: 'admin1', how: 'setupPackage', trusted: true });
    // the level-1 account (and its password hash) does not go down
    expect((await d.accounts.toArray()).map((a) => a.role).sort()).toEqual(['admin2', 'collective']);
    expect(await d.collectives.get(w.collectiveId)).toBeTruthy();
    // the units above it and its own subtree, not the other 59 published rows
    expect((await d.units.toArray()).map((u) => u.id).sort()).toEqual(['unit-N00', 'unit-R09']);
    expect(await d.terms.count()).toBe(1);
    expect(verifyAudit(await d.audit.orderBy('seq').toArray())).toMatchObject({ ok: true });
  });

  it('imports the level-2 package after fingerprint confirmation: dry run first, then applied', async () => {
    const w = await laptopA();
    const b = await laptopB(w);
    const pkgB = await exportPackage(b.actor, { peerId: (await listPeers())[0]!.id }, { term: TERM, full: false });
    expect(pkgB.full).toBe(true); // nothing sent to that device before

    await use(A);
    const pkg = await read(pkgB.bytes);
    const before = await fingerprintDb();
    const untrusted = await previewImport(w.admin1.actor, pkg);
    expect(untrusted.trust).toMatchObject({ ok: false, code: 'untrusted' });
    expect(await fingerprintDb()).toBe(before); // a dry run writes nothing
    const proposal = await proposeTrust(pkg.manifest);
    expect(proposal.authority.role).toBe('admin2');
    await expect(trustSender(w.admin1.actor, pkg.manifest, 'AAAA-AAAA-AAAA-AAAA-AAAA')).rejects.toThrow('指纹');
    const { preview, result } = await trustAndApply(w.admin1.actor, pkg);
    // the level-2 admin's own password change is the one update; the rest is what A already holds
    expect(preview.counts).toMatchObject({ new: 0, update: 1, conflict: 0, refused: 0 });
    expect(result.counts).toEqual(preview.counts);
    const acct = await db().accounts.where('code').equals(w.admin2Code).first();
    expect(acct!.mustChangePassword).toBe(false);
    expect((await login(w.admin2Code, PW2)).account.role).toBe('admin2');
  });
});

describe('re-import and replay', () => {
  it('refuses the same package again and a package older than one already imported, changing nothing', async () => {
    const w = await laptopA();
    const b = await laptopB(w);
    const peerA = (await listPeers())[0]!.id;
    const p1 = await exportPackage(b.actor, { peerId: peerA }, { term: TERM, full: true });
    const p2 = await exportPackage(b.actor, { peerId: peerA }, { term: TERM, full: true });
    expect(p2.sequence).toBe(p1.sequence + 1);
    await use(A);
    await trustAndApply(w.admin1.actor, await read(p2.bytes));
    const before = await fingerprintDb();
    for (const bytes of [p2.bytes, p1.bytes]) {
      const pkg = await read(bytes);
      const preview = await previewImport(w.admin1.actor, pkg);
      expect(preview.trust).toMatchObject({ ok: false, code: 'replayed' });
      await expect(applyImport(w.admin1.actor, pkg)).rejects.toThrow('不大于已从该发送方导入的序号');
    }
    expect(await fingerprintDb()).toBe(before);
  });

  it('a forced re-import (sequence watermark rolled back) finds nothing to change', async () => {
    const w = await laptopA();
    const b = await laptopB(w);
    const p = await exportPackage(b.actor, { peerId: (await listPeers())[0]!.id }, { term: TERM, full: true });
    await use(A);
    const pkg = await read(p.bytes);
    await trustAndApply(w.admin1.actor, pkg);
    const d = db();
    const peer = (await d.peers.toArray()).find((x) => x.deviceId === pkg.manifest.sender.deviceId)! as Peer;
    await d.peers.put({ ...peer, lastSeqReceived: 0 });
    const accountsBefore = JSON.stringify(await d.accounts.toArray());
    const collectivesBefore = JSON.stringify(await d.collectives.toArray());
    const again = await applyImport(w.admin1.actor, pkg);
    expect(again.counts).toMatchObject({ new: 0, update: 0, conflict: 0, refused: 0 });
    expect(JSON.stringify(await d.accounts.toArray())).toBe(accountsBefore);
    expect(JSON.stringify(await d.collectives.toArray())).toBe(collectivesBefore);
  });
});

describe('scope', () => {
  it('refuses records outside the sender subtree and a level-2 change to a national-office decision', async () => {
    const w = await laptopA();
    // the national office disqualified the collective (as relayed to A earlier)
    await writeTx(SYSTEM_ACTOR, [db().collectives], async (wr) => {
      const c = (await db().collectives.get(w.collectiveId))!;
      await db().collectives.put(wr.touch(c, { status: 'disqualified' }));
    });
    const b = await laptopB(w);
    const peerA = (await listPeers())[0]!;
    // a hostile level-2 laptop signs records it may not write
    const mine = (await db().collectives.get(w.collectiveId))!;
    const key = await devicePrivateKey();
    const device = await myDeviceId();
    const bumped = (rec: object, changes: object): PackageRecord => ({ ...rec, ...changes, rev: `${Date.now() + 1000}`.padStart(13, '0') + `-0000-${device}` }) as PackageRecord;
    const outside: PackageRecord = bumped(
      { ...mine, id: 'c-outside', code: 'R10J000019', unitId: 'unit-R10', unitPath: '/unit-N00/unit-R10/', nameKey: 'x' },
      {},
    );
    const bytes = await buildPackage({
      manifestFields: {
        sender: { unitId: b.actor.unitId, deviceId: device, accountId: b.actor.accountId },
        recipient: { unitId: peerA.unitId, deviceId: peerA.deviceId },
        term: TERM,
        sequence: 7,
        full: true,
        sinceRev: null,
        appVersion: 'test',
      },
      tables: {
        collectives: [bumped(mine, { status: 'approved' }), outside],
        terms: [bumped({ id: 'term-2017-2018', code: '2017-2018', label: 'x', current: true }, {})],
      },
      attachments: [],
      privateKey: key,
    });
    await use(A);
    const pkg = await read(bytes);
    await trustSender(w.admin1.actor, pkg.manifest, pkg.manifest.sender.fingerprint);
    const before = JSON.stringify(await db().collectives.toArray());
    const termBefore = JSON.stringify(await db().terms.toArray());
    const preview = await previewImport(w.admin1.actor, pkg);
    expect(preview.plan!.counts).toMatchObject({ refused: 3, new: 0, update: 0 });
    const reasons = preview.plan!.refusedSamples.map((s) => s.reason).join('|');
    expect(reasons).toContain('全国组委会办公室');
    expect(reasons).toContain('超出发送方的管理范围');
    expect(reasons).toContain('参考数据只能由上级下发');
    await applyImport(w.admin1.actor, pkg);
    expect(JSON.stringify(await db().collectives.toArray())).toBe(before);
    expect(JSON.stringify(await db().terms.toArray())).toBe(termBefore);
    expect(((await db().collectives.get(w.collectiveId)) as Collective).status).toBe('disqualified');
  });
});

describe('unique keys', () => {
  it('refuses a record whose code another local record holds, and the second of two incoming records with one code', async () => {
    const w = await laptopA();
    const b = await laptopB(w);
    const deviceB = await myDeviceId();
    const base = (await db().collectives.get(w.collectiveId))!;
    // level 1 (A) sends down new collectives for B's subtree
    await use(A);
    const key = await devicePrivateKey();
    const device = await myDeviceId();
    const stamp = (rec: object): PackageRecord => ({ ...rec, rev: `${Date.now() + 1000}`.padStart(13, '0') + `-0000-${device}` }) as PackageRecord;
    const here = { ...base, unitId: b.actor.unitId, unitPath: b.actor.unitPath, status: 'issued' as const };
    const taken = stamp({ ...here, id: 'c-taken', code: base.code, nameKey: 'taken' });
    const first = stamp({ ...here, id: 'c-first', code: 'R09J777771', nameKey: 'first' });
    const second = stamp({ ...here, id: 'c-second', code: 'R09J777771', nameKey: 'second' });
    const bytes = await buildPackage({
      manifestFields: {
        sender: { unitId: w.admin1.actor.unitId, deviceId: device, accountId: w.admin1.actor.accountId },
        recipient: { unitId: b.actor.unitId, deviceId: deviceB },
        term: TERM,
        sequence: 9,
        full: true,
        sinceRev: null,
        appVersion: 'test',
      },
      tables: { collectives: [taken, first, second] },
      attachments: [],
      privateKey: key,
    });
    await use(B);
    const pkg = await read(bytes);
    const preview = await previewImport(b.actor, pkg);
    expect(preview.trust.ok).toBe(true);
    const byId = new Map(preview.plan!.decisions.map((d) => [d.id, d]));
    expect(byId.get('c-taken')!.reason).toContain(`与本机已有的另一条记录重复（${base.code}）`);
    expect(byId.get('c-taken')!.outcome).toBe('refused');
    expect(byId.get('c-first')!.outcome).toBe('new');
    expect(byId.get('c-second')!.outcome).toBe('refused');
    expect(byId.get('c-second')!.reason).toContain('与交换包中的另一条记录');
    await applyImport(b.actor, pkg);
    expect(await db().collectives.get('c-taken')).toBeUndefined();
    expect((await db().collectives.get('c-first'))!.code).toBe('R09J777771');
    expect((await db().collectives.get(w.collectiveId))!.code).toBe(base.code);
  });
});

describe('tombstones and conflicts', () => {
  it('a deletion travels down as a tombstone and an older copy does not bring the record back', async () => {
    const w = await laptopA();
    const b = await laptopB(w);
    const bOld = (await db().collectives.get(w.collectiveId))!;
    expect(bOld.deleted).toBeFalsy();
    await use(A);
    await writeTx(w.admin1.actor, [db().collectives], async (wr) => {
      const c = (await db().collectives.get(w.collectiveId))!;
      await db().collectives.put({ ...wr.touch(c), deleted: true });
    });
    const peerB = await (async () => {
      // A learns B's key from B's first package
      await use(B);
      const p = await exportPackage(b.actor, { peerId: (await listPeers())[0]!.id }, { term: TERM, full: false });
      await use(A);
      await trustAndApply(w.admin1.actor, await read(p.bytes));
      return (await listPeers())[0]!;
    })();
    const down = await exportPackage(w.admin1.actor, { peerId: peerB.id }, { term: TERM, full: false });
    expect(down.counts.collectives).toBe(1);
    await use(B);
    const { preview } = await trustAndApply(b.actor, await read(down.bytes));
    expect(preview.byTable.collectives).toMatchObject({ update: 1 });
    expect((await db().collectives.get(w.collectiveId))!.deleted).toBe(true);
    // B sends a full package: its copy is the tombstone now, nothing resurrects on A
    const full = await exportPackage(b.actor, { peerId: (await listPeers())[0]!.id }, { term: TERM, full: true });
    await use(A);
    const { result } = await trustAndApply(w.admin1.actor, await read(full.bytes));
    expect(result.counts.conflict).toBe(0);
    expect((await db().collectives.get(w.collectiveId))!.deleted).toBe(true);
  });

  it('an edit on both laptops becomes a conflict kept until resolved field by field, and the result wins on both', async () => {
    const w = await laptopA();
    const b = await laptopB(w);
    const peerA = (await listPeers())[0]!.id;
    const first = await exportPackage(b.actor, { peerId: peerA }, { term: TERM, full: false });
    await use(A);
    await trustAndApply(w.admin1.actor, await read(first.bytes));
    const admin2 = (await db().accounts.where('code').equals(w.admin2Code).first())!;
    // offline, both laptops change the same account: A resets the password, B changes it again
    const resetOtp = await resetPassword(w.admin1.actor, admin2.id);
    expect(resetOtp).toMatch(/-/);
    await use(B);
    const PW3 = 'Erji#Minhang2018';
    await changeOwnPassword(b.actor, PW2, PW3);
    const second = await exportPackage(b.actor, { peerId: peerA }, { term: TERM, full: false });
    expect(second.full).toBe(false);
    expect(second.counts.accounts).toBe(1);
    await use(A);
    const before = (await db().accounts.get(admin2.id))!;
    const { result } = await trustAndApply(w.admin1.actor, await read(second.bytes));
    expect(result.counts.conflict).toBe(1);
    // nothing lost: the live record is still A's, the conflict holds both
    expect(JSON.stringify(await db().accounts.get(admin2.id))).toBe(JSON.stringify(before));
    const [c] = await listConflicts(w.admin1.actor);
    expect(c!.table).toBe('accounts');
    const paths = c!.fields.map((f) => f.path);
    expect(paths).toContain('password.hash');
    expect(paths).toContain('mustChangePassword');
    const choices = Object.fromEntries(c!.fields.map((f) => [f.path, f.path.startsWith('password') || f.path === 'mustChangePassword' ? 'remote' : 'local'] as const));
    const merged = await resolveConflict(w.admin1.actor, c!.id, choices);
    expect(merged.rev > before.rev).toBe(true);
    expect(await listConflicts(w.admin1.actor)).toHaveLength(0);
    expect((await login(w.admin2Code, PW3)).account.mustChangePassword).toBe(false);
    // back to B: A's resolution is newer than everything B holds → an update, not another conflict
    const peerB = (await listPeers())[0]!;
    const onA = (await db().accounts.get(admin2.id))!; // the resolution, plus the login just now
    const down = await exportPackage(w.admin1.actor, { peerId: peerB.id }, { term: TERM, full: false });
    await use(B);
    const back = await trustAndApply(b.actor, await read(down.bytes));
    expect(back.result.counts).toMatchObject({ conflict: 0, refused: 0, update: 1 });
    expect((await db().accounts.get(admin2.id))!.rev).toBe(onA.rev);
    expect((await login(w.admin2Code, PW3)).account.role).toBe('admin2');
  });
});

describe("a collective's own laptop", () => {
  it('sets up from a setup package, sees only itself, and its package updates its profile but cannot approve itself', async () => {
    await use(A);
    const { code } = await runSetup({ unitCode: 'R09', adminName: '王晓明', password: PW, recoveryEmail: '' });
    const admin1 = await login(code, PW);
    const c1 = await issueAccount(admin1.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海地铁一号线徐家汇站', recoveryEmail: '' }, TERM);
    await issueAccount(admin1.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海地铁人民广场站', recoveryEmail: '' }, TERM);
    const setup = await exportSetupPackage(admin1.actor, c1.account.id, { term: TERM });
    await use(B);
    await setUpFromPackage(await readSetupPackage(setup.bytes), c1.account.code, c1.oneTimePassword, true);
    expect((await db().collectives.toArray()).map((c) => c.id)).toEqual([c1.collective!.id]);
    expect((await db().accounts.toArray()).map((a) => a.id)).toEqual([c1.account.id]);
    const first = await login(c1.account.code, c1.oneTimePassword);
    await changeOwnPassword(first.actor, null, 'Xujiahui#2017a');
    const me = await login(c1.account.code, 'Xujiahui#2017a');
    const { saveProfile } = await import('../../../renderer/db/repos/lifecycle');
    const mine = (await db().collectives.get(c1.collective!.id))!;
    await saveProfile(me.actor, mine.id, { ...mine.profile, memberCount: 30, region: '上海市徐汇区' }, { ...mine.plan, goals: '争创全国青年文明号' });
    const ok = await exportPackage(me.actor, { peerId: (await listPeers())[0]!.id }, { term: TERM, full: false });
    // and a tampered copy of itself that claims approval
    const approved = { ...(await db().collectives.get(mine.id))!, status: 'approved', rev: `${Date.now() + 5000}-0000-${await myDeviceId()}` };
    const peerA = (await listPeers())[0]!;
    const forged = await buildPackage({
      manifestFields: {
        sender: { unitId: me.actor.unitId, deviceId: await myDeviceId(), accountId: me.actor.accountId },
        recipient: { unitId: peerA.unitId, deviceId: peerA.deviceId },
        term: TERM,
        sequence: ok.sequence + 1,
        full: false,
        sinceRev: null,
        appVersion: 'test',
      },
      tables: { collectives: [approved as unknown as PackageRecord] },
      attachments: [],
      privateKey: await devicePrivateKey(),
    });
    await use(A);
    const { result } = await trustAndApply(admin1.actor, await read(ok.bytes));
    expect(result.counts).toMatchObject({ conflict: 0, refused: 0 });
    const onA = (await db().collectives.get(mine.id))!;
    expect(onA.profile.memberCount).toBe(30);
    expect(onA.plan.goals).toBe('争创全国青年文明号');
    const forgedPlan = await previewImport(admin1.actor, await read(forged));
    expect(forgedPlan.plan!.counts.refused).toBe(1);
    expect(forgedPlan.plan!.refusedSamples[0]!.reason).toContain('一级管理员');
  });
});

describe('who may write what (shared/exchange/authority.ts)', () => {
  const national: Authority = { role: 'national', unitPath: '/unit-N00/', collectiveId: null, accountId: 'n' };
  const sh1: Authority = { role: 'admin1', unitPath: '/unit-N00/unit-R09/', collectiveId: null, accountId: 'a1' };
  const sh2: Authority = { role: 'admin2', unitPath: '/unit-N00/unit-R09/', collectiveId: null, accountId: 'a2' };
  const js1: Authority = { role: 'admin1', unitPath: '/unit-N00/unit-R10/', collectiveId: null, accountId: 'j1' };
  const col: Authority = { role: 'collective', unitPath: '/unit-N00/unit-R09/', collectiveId: 'c1', accountId: 'ca' };
  const look: Lookups = {
    unit: (id) => (id === 'unit-R09' ? { path: '/unit-N00/unit-R09/', depth: 1 } : undefined),
    collective: (id) => (id === 'c1' ? { unitPath: '/unit-N00/unit-R09/' } : undefined),
    workUpdate: () => undefined,
  };
  const c = (status: string, extra: object = {}): Rec => ({ id: 'c1', rev: 'r', unitPath: '/unit-N00/unit-R09/', status, code: 'R09J000011', ...extra });

  it('places senders above, below or beside the receiver', () => {
    expect(relation(sh1, sh2)).toBe('upstream');
    expect(relation(sh2, sh1)).toBe('downstream');
    expect(relation(national, sh1)).toBe('upstream');
    expect(relation(js1, sh1)).toBe('peer');
    expect(relation(col, sh2)).toBe('downstream');
  });

  it('only the national office makes or undoes a disqualification; approvals belong to level 1', () => {
    expect(decisionRefusal(sh1, 'collectives', c('approved'), c('disqualified'))).toContain('全国组委会办公室');
    expect(decisionRefusal(sh2, 'collectives', c('disqualified'), c('filed'))).toContain('全国组委会办公室');
    expect(decisionRefusal(national, 'collectives', c('approved'), c('disqualified'))).toBeNull();
    expect(decisionRefusal(sh2, 'collectives', c('preReviewed'), c('approved'))).toContain('一级管理员');
    expect(decisionRefusal(sh2, 'collectives', c('filed'), c('preReviewed'))).toBeNull();
    expect(decisionRefusal(col, 'collectives', c('returned'), c('filed'))).toBeNull();
    expect(decisionRefusal(col, 'collectives', c('filed'), c('preReviewed'))).not.toBeNull();
    expect(decisionRefusal(sh2, 'collectives', undefined, c('registered'))).toContain('一级管理员');
    expect(decisionRefusal(sh2, 'assessments', undefined, { id: 'x', rev: 'r', kind: 'national', unitId: 'unit-R09' })).toContain('全国');
    expect(decisionRefusal(sh2, 'reviewEvents', undefined, { id: 'e', rev: 'r', action: 'disqualify', collectiveId: 'c1' })).toContain('全国');
  });

  it('an account holder may change its own password, not its role; the issuer may reset it', () => {
    const acct = (extra: object): Rec => ({ id: 'a2', rev: 'r', role: 'admin2', unitPath: '/unit-N00/unit-R09/', collectiveId: null, status: 'active', password: { hash: 'x' }, ...extra });
    expect(decisionRefusal(sh2, 'accounts', acct({}), acct({ password: { hash: 'y' } }))).toBeNull();
    expect(decisionRefusal(sh2, 'accounts', acct({}), acct({ role: 'admin1' }))).not.toBeNull();
    expect(decisionRefusal(sh1, 'accounts', acct({}), acct({ password: { hash: 'y' } }))).toBeNull();
    expect(decisionRefusal(sh2, 'accounts', undefined, acct({ id: 'new', role: 'admin3' }))).toContain('上级管理员');
  });

  it('scope: nothing outside the sender subtree, no reference data from below, relays from above', () => {
    const other = c('filed', { unitPath: '/unit-N00/unit-R10/' });
    expect(writeRefusal(sh2, 'downstream', 'collectives', undefined, other, look)).toContain('管理范围');
    expect(writeRefusal(sh2, 'downstream', 'terms', undefined, { id: 't', rev: 'r' }, look)).toContain('参考数据');
    expect(writeRefusal(sh1, 'upstream', 'terms', undefined, { id: 't', rev: 'r' }, look)).toBeNull();
    // a superior relays the national office's decision downwards
    expect(writeRefusal(sh1, 'upstream', 'collectives', c('approved'), c('disqualified'), look)).toBeNull();
    expect(writeRefusal(sh2, 'downstream', 'collectives', c('approved'), c('disqualified'), look)).toContain('全国组委会办公室');
    expect(writeRefusal(sh2, 'downstream', 'peers', undefined, { id: 'p', rev: 'r' }, look)).toContain('不接受');
  });

  it('never sends higher-level accounts down; a collective sees only itself', () => {
    expect(visibleTo(sh2, 'accounts', { id: 'a1', rev: 'r', role: 'admin1', unitPath: '/unit-N00/unit-R09/' }, look)).toBe(false);
    expect(visibleTo(sh2, 'accounts', { id: 'a2', rev: 'r', role: 'admin2', unitPath: '/unit-N00/unit-R09/' }, look)).toBe(true);
    expect(visibleTo(col, 'collectives', c('filed'), look)).toBe(true);
    expect(visibleTo(col, 'collectives', c('filed', { id: 'c2' }), look)).toBe(false);
    expect(visibleTo(sh2, 'units', { id: 'unit-R10', rev: 'r', path: '/unit-N00/unit-R10/', depth: 1 }, look)).toBe(false);
    expect(visibleTo(sh2, 'units', { id: 'unit-N00', rev: 'r', path: '/unit-N00/', depth: 0 }, look)).toBe(true);
  });
});
