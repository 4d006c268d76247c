/**
 * Personal information leaving the laptop (issue 10, item 4; docs/security.md "Personal
 * information"): which fields each package and export carries, checked on the real files.
 *
 * World: 上海's level-1 laptop with a subunit (徐汇区团委); collectives imported from a roster with
 * their contact phones and recovery e-mails (two in 上海 itself, two in 徐汇); a level-2
 * administrator for each unit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { db } from '../../renderer/db/db';
import { createSubunit, issueAccount } from '../../renderer/db/repos/accounts';
import type { Session } from '../../renderer/db/repos/auth';
import { exportPackage, exportSetupPackage, readPackageFile, type ReadPackage } from '../../renderer/db/repos/exchange';
import { gatherLedgerSource } from '../../renderer/db/repos/ledger';
import { devicePrivateKey } from '../../renderer/db/repos/peers';
import { importRoster } from '../../renderer/db/repos/roster';
import { codesWorkbook, DISTRIBUTION_WARNINGS } from '../../renderer/features/roster/codesSheet';
import { EXCHANGED_TABLES } from '../../shared/exchange/authority';
import { buildLedger } from '../../shared/ledger/build';
import { exportLedger } from '../../shared/ledger/export';
import type { Account, Collective } from '../../shared/model/entities';
import { parseRosterWorkbook } from '../../shared/roster/parse';
import { book, ROSTER_HEADER, rosterRow } from '../fixtures/hostile/corpus';
import { shanghaiLaptop, TERM } from './harness';

let admin: Session;
let subunitId = '';
/** contact data and secrets per collective, by name */
const people = {
  sh1: { name: '上海市第一人民医院急诊科', phone: '13911110001', email: 'jizhen@example.com' },
  sh2: { name: '上海地铁一号线徐家汇站', phone: '13911110002', email: 'xjh@example.com' },
  xh1: { name: '徐汇区某银行营业部', phone: '13922220001', email: 'yyb@example.com' },
  xh2: { name: '徐汇区某社区服务中心', phone: '13922220002', email: 'sq@example.com' },
};
let accounts: Account[] = [];
let collectives: Collective[] = [];
let admin1Account: Account;

const hashOf = (a: Account): string => JSON.stringify(a.password);
const byName = (name: string): Collective => collectives.find((c) => c.profile.name === name)!;
const accountOf = (c: Collective): Account => accounts.find((a) => a.collectiveId === c.id)!;

async function read(bytes: Uint8Array): Promise<ReadPackage> {
  const r = await readPackageFile(bytes);
  if (!r.ok) throw new Error(r.message);
  return r;
}
const text = (pkg: ReadPackage): string => JSON.stringify(pkg.tables);

beforeAll(async () => {
  admin = await shanghaiLaptop('privacy');
  subunitId = (await createSubunit(admin.actor, 'unit-R09', '徐汇区团委')).id;
  const roster = (list: (typeof people)[keyof typeof people][]) =>
    parseRosterWorkbook(book([{ name: '集体名单', aoa: [ROSTER_HEADER, ...list.map((p, i) => rosterRow(i + 1, p.name, { phone: p.phone, email: p.email }))] }]));
  await importRoster(admin.actor, roster([people.sh1, people.sh2]), 'unit-R09', TERM);
  await importRoster(admin.actor, roster([people.xh1, people.xh2]), subunitId, TERM);
  await issueAccount(admin.actor, { role: 'admin2', unitId: 'unit-R09', displayName: '张二级', recoveryEmail: 'zhang2@example.com' }, TERM);
  await issueAccount(admin.actor, { role: 'admin2', unitId: subunitId, displayName: '李二级', recoveryEmail: 'li2@example.com' }, TERM);
  accounts = await db().accounts.toArray();
  collectives = await db().collectives.toArray();
  admin1Account = accounts.find((a) => a.role === 'admin1')!;
  expect(byName(people.xh1.name).profile.leader.phone).toBe(people.xh1.phone);
  expect(accountOf(byName(people.xh1.name)).recoveryEmail).toBe(people.xh1.email);
});

describe('packages sent down carry only what the recipient administers', () => {
  it("a level-2 administrator's setup package: its own account and its subtree's collectives; no account at or above its level", async () => {
    const li = accounts.find((a) => a.displayName === '李二级')!;
    const pkg = await read((await exportSetupPackage(admin.actor, li.id, { term: TERM })).bytes);
    const sent = pkg.tables.accounts ?? [];
    expect(sent.map((a) => a.id).sort()).toEqual([li.id, accountOf(byName(people.xh1.name)).id, accountOf(byName(people.xh2.name)).id].sort());
    expect((pkg.tables.collectives ?? []).map((c) => (c.profile as { name: string }).name).sort()).toEqual([people.xh1.name, people.xh2.name].sort());
    const all = text(pkg);
    // the issuing administrator's and the other level-2 administrator's password hashes stay up
    expect(all).not.toContain(hashOf(admin1Account));
    expect(all).not.toContain(hashOf(accounts.find((a) => a.displayName === '张二级')!));
    expect(all).not.toContain('zhang2@example.com');
    // collectives outside its subtree: neither contacts nor hashes
    for (const p of [people.sh1, people.sh2]) {
      expect(all).not.toContain(p.phone);
      expect(all).not.toContain(p.email);
      expect(all).not.toContain(hashOf(accountOf(byName(p.name))));
    }
  });

  it("a collective's setup package: only that collective, its own account and contacts", async () => {
    const c = byName(people.xh1.name);
    const pkg = await read((await exportSetupPackage(admin.actor, accountOf(c).id, { term: TERM })).bytes);
    expect((pkg.tables.accounts ?? []).map((a) => a.id)).toEqual([accountOf(c).id]);
    expect((pkg.tables.collectives ?? []).map((x) => x.id)).toEqual([c.id]);
    const all = text(pkg);
    for (const p of [people.sh1, people.sh2, people.xh2]) {
      expect(all).not.toContain(p.phone);
      expect(all).not.toContain(p.email);
    }
    for (const a of accounts.filter((x) => x.id !== accountOf(c).id)) expect(all).not.toContain(hashOf(a));
  });

  it("an exchange package to the subunit (any device): the subunit's records, never an account of level 1 or above", async () => {
    const pkg = await read((await exportPackage(admin.actor, { unitId: subunitId }, { term: TERM, full: true })).bytes);
    const sent = (pkg.tables.accounts ?? []) as unknown as Account[];
    expect(sent.every((a) => a.unitPath.includes(subunitId))).toBe(true);
    expect(sent.some((a) => a.role === 'admin1' || a.role === 'national')).toBe(false);
    expect(text(pkg)).not.toContain(hashOf(admin1Account));
    for (const p of [people.sh1, people.sh2]) expect(text(pkg)).not.toContain(p.phone);
  });
});

describe('packages sent up', () => {
  it('carry the contacts the national office administers, and never the laptop secrets (key, trust list, audit, device state)', async () => {
    const privateKey = await devicePrivateKey();
    const bytes = (await exportPackage(admin.actor, { unitId: 'unit-N00' }, { term: TERM, full: true })).bytes;
    const pkg = await read(bytes);
    for (const t of Object.keys(pkg.tables)) expect([...EXCHANGED_TABLES, 'syncReceipt', 'syncSetup']).toContain(t);
    for (const p of Object.values(people)) expect(text(pkg)).toContain(p.phone);
    const raw = new TextDecoder('latin1').decode(bytes);
    expect(raw).not.toContain(privateKey);
    expect(text(pkg)).not.toContain(privateKey);
    for (const t of ['peers', 'conflicts', 'packages', 'audit', 'meta']) expect(pkg.tables[t]).toBeUndefined();
  });
});

describe('the standard ledger (工作台账)', () => {
  it('carries no phone number, e-mail address or password hash of anyone', async () => {
    const src = await gatherLedgerSource(admin.actor, { unitId: 'unit-R09', term: TERM, includeReport: false, appVersion: '0.1.0' });
    const ledger = await exportLedger(buildLedger(src));
    const wb = XLSX.read(ledger.bytes, { type: 'array' });
    const cells = wb.SheetNames.flatMap((n) => XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[n]!, { header: 1 }).flat().map(String)).join('\n');
    expect(cells).toContain(people.xh1.name); // the collectives are in it
    for (const p of Object.values(people)) {
      expect(cells).not.toContain(p.phone);
      expect(cells).not.toContain(p.email);
    }
    for (const a of accounts) {
      expect(cells).not.toContain(a.password.hash);
      expect(cells).not.toContain(a.password.salt);
    }
    expect(cells).not.toMatch(/@example\.com/);
    expect(cells).not.toMatch(/PBKDF2/i);
  });
});

describe('the one-time password sheets warn where they go', () => {
  it('编码和一次性密码 carries the warning in its 说明 sheet', () => {
    const wb = XLSX.read(codesWorkbook([{ rowNumber: 2, code: 'R09J00001X', name: '某集体', unitName: '上海', oneTimePassword: 'ABCD-EFGH-JKMN', importedAt: '2017-06-01' }]), { type: 'array' });
    expect(wb.SheetNames).toEqual(['编码和一次性密码', '说明']);
    const notes = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['说明']!, { header: 1 }).flat().join('\n');
    for (const w of DISTRIBUTION_WARNINGS) expect(notes).toContain(w);
    expect(notes).toContain('分发完毕后立即删除本文件');
  });
});
