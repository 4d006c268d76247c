/**
 * Hostile exchange packages (交换包) through the real import path of a national-office laptop:
 * readPackageFile → previewImport (trust, dry run) → applyImport (renderer/db/repos/exchange.ts),
 * with 上海's level-1 laptop as the trusted sender. Each package: refused with a Chinese message,
 * no crash, no hang, the national laptop's database unchanged.
 *
 * The format-level refusals are specified and tested in test/shared/exchange/ (safety.test.ts:
 * names, duplicates, entry counts, inflation limits; format.test.ts: every flipped byte,
 * manifests, records); this file proves the same files change nothing when they reach the
 * application, also when they are signed with a key the laptop trusts.
 * Corpus: test/fixtures/hostile/packages/ (signed by a fixture key no laptop trusts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../renderer/db/db';
import { issueAccount } from '../../renderer/db/repos/accounts';
import { login, type Session } from '../../renderer/db/repos/auth';
import { applyImport, exportPackage, ExchangeError, previewImport, readPackageFile, type ReadPackage } from '../../renderer/db/repos/exchange';
import { devicePrivateKey, myDeviceId, trustSender } from '../../renderer/db/repos/peers';
import { runSetup } from '../../renderer/db/repos/setup';
import { fingerprint, publicKeyOf } from '../../shared/exchange/keys';
import type { RefusalCode } from '../../shared/exchange/refusal';
import { FIXTURE_PRIVATE_KEY, FIXTURE_SENDER, hundredThousandEntries, packageBuilders, type PackageSenderInfo } from '../fixtures/hostile/corpus';
import { bounded, dbSnapshot, expectChinese, expectNoPollution, fixture, freshLaptop, PW, rejection, TERM, useLaptop } from './harness';

let laptopA = '';
let laptopN = '';
let national: Session;
/** how 上海's trusted device signs: its key and the manifest fields of its next package */
let trusted: PackageSenderInfo;
let firstPackage: Uint8Array;

beforeAll(async () => {
  // 上海 (level 1) issues three collectives and sends everything to the national office
  laptopA = await freshLaptop('hostile-pkg-A');
  const a = await runSetup({ unitCode: 'R09', adminName: '王晓明', password: PW, recoveryEmail: '' });
  const shAdmin = await login(a.code, PW);
  for (const name of ['上海市第一人民医院急诊科', '上海地铁一号线徐家汇站', '上海某社区服务中心']) {
    await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: name, recoveryEmail: '' }, TERM);
  }
  firstPackage = (await exportPackage(shAdmin.actor, { unitId: 'unit-N00' }, { term: TERM, full: true })).bytes;
  const privateKey = await devicePrivateKey();
  const publicKey = publicKeyOf(privateKey);
  trusted = {
    privateKey,
    manifest: {
      sender: { unitId: 'unit-R09', deviceId: await myDeviceId(), accountId: shAdmin.actor.accountId, publicKey, fingerprint: fingerprint(publicKey) },
      recipient: { unitId: 'unit-N00', deviceId: null },
      term: TERM,
      sequence: 50,
      createdAt: '2017-07-01T08:00:00.000Z',
      full: true,
      sinceRev: null,
      appVersion: '0.1.0',
    },
  };

  // the national office trusts 上海's device after comparing fingerprints, and imports its package
  laptopN = await freshLaptop('hostile-pkg-N');
  const n = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  national = await login(n.code, PW);
  const first = await readPackageFile(firstPackage);
  if (!first.ok) throw new Error(first.message);
  await trustSender(national.actor, first.manifest, first.manifest.sender.fingerprint);
  const applied = await applyImport(national.actor, first);
  expect(applied.counts.new).toBeGreaterThan(3);
}, 120_000);

/** What the 数据交换 page does with a file on the national laptop; returns what the admin is told. */
async function importOnNational(label: string, bytes: Uint8Array): Promise<{ refusal?: { code: RefusalCode; message: string }; trust?: string; error?: Error }> {
  await useLaptop(laptopN);
  const before = await dbSnapshot();
  const out = await bounded(label, async () => {
    const read = await readPackageFile(bytes);
    if (!read.ok) return { refusal: { code: read.code, message: read.message } };
    const pkg = read as ReadPackage;
    const preview = await previewImport(national.actor, pkg);
    const error = await rejection(applyImport(national.actor, pkg));
    return { trust: preview.trust.ok ? 'ok' : preview.trust.message, error };
  });
  expectChinese(out.refusal?.message ?? out.trust);
  if (out.error) {
    expect(out.error).toBeInstanceOf(ExchangeError);
    expectChinese(out.error.message);
  }
  expectNoPollution();
  expect(await dbSnapshot()).toBe(before);
  return out;
}

describe('refused while reading the file, before trust is even considered', () => {
  const cases: [string, RefusalCode, string][] = [
    ['traversal-dotdot.ycapkg', 'path', '交换包含不安全的文件名 “../../evil.txt”：文件名含 “..” 路径段，可能跳出目标文件夹'],
    ['traversal-absolute.ycapkg', 'path', '交换包含不安全的文件名 “/etc/cron.d/evil”：文件名是绝对路径'],
    ['traversal-backslash.ycapkg', 'path', '交换包含不安全的文件名 “attachments\\\\..\\\\..\\\\evil.exe”：文件名含反斜杠' /* shown escaped */],
    ['bomb-lying.ycapkg', 'tampered', '交换包已损坏或被篡改：文件 records/units.jsonl 解压后超过清单所列的 1000 字节'],
    ['bomb-declared.ycapkg', 'badRecord', '交换包中的文件 records/units.jsonl 最后一行没有换行符（文件不完整）'],
    ['duplicate-name.ycapkg', 'duplicate', '交换包含重复的文件：records/units.jsonl'],
    ['case-collision.ycapkg', 'duplicate', '交换包含仅大小写（或 Unicode 写法）不同的文件：records/units.jsonl 与 records/UNITS.jsonl'],
    ['flipped-byte.ycapkg', 'tampered', '交换包已被篡改：文件 records/units.jsonl 的校验值不符'],
    ['unknown-field.ycapkg', 'badManifest', '交换包清单（manifest.json）无效：字段不符合格式版本 1'],
  ];

  it.each(cases)('%s (corpus file, unknown key)', async (file, code, message) => {
    const out = await importOnNational(file, fixture(`packages/${file}`));
    expect(out.refusal).toEqual({ code, message });
  });

  it.each(cases)('%s, signed by the trusted 上海 device: refused all the same', async (file, code, message) => {
    const build = packageBuilders[file as keyof typeof packageBuilders];
    const out = await importOnNational(`${file} (trusted key)`, build(trusted));
    expect(out.refusal).toEqual({ code, message });
  });

  it('a genuine package with one bit flipped anywhere in its middle', async () => {
    for (const at of [0.25, 0.5, 0.75].map((f) => Math.floor(firstPackage.length * f))) {
      const flipped = new Uint8Array(firstPackage);
      flipped[at]! ^= 0x10;
      const out = await importOnNational(`flip at ${at}`, flipped);
      expect(out.refusal, `flip at byte ${at}`).toBeDefined();
    }
  });
});

describe('refused by trust: a well-formed package from a key this laptop never approved', () => {
  it('unknown-key.ycapkg: shows the fingerprint to compare, and writes nothing', async () => {
    const out = await importOnNational('unknown-key', fixture('packages/unknown-key.ycapkg'));
    expect(out.trust).toContain(`发送方的密钥不在本机的信任列表中（指纹 ${fingerprint(publicKeyOf(FIXTURE_PRIVATE_KEY))}）`);
    expect(out.error!.message).toBe(out.trust);
  });

  it('impersonation: an unknown key claiming the trusted device of 上海 is not that device', async () => {
    const pub = publicKeyOf(FIXTURE_PRIVATE_KEY);
    const forged = packageBuilders['impersonation.ycapkg']({
      privateKey: FIXTURE_PRIVATE_KEY,
      manifest: { ...trusted.manifest, sender: { ...trusted.manifest.sender!, publicKey: pub, fingerprint: fingerprint(pub) } },
    });
    const out = await importOnNational('impersonation', forged);
    expect(out.trust).toContain('发送方的密钥不在本机的信任列表中');
  });

  describe('100,000 entries', () => {
    let bytes: Uint8Array;
    beforeAll(() => {
      // 100,000 tiny files (22 MB of zip headers): built here, not committed
      bytes = hundredThousandEntries(FIXTURE_SENDER);
    }, 60_000);

    it('are read within the limits without a hang, and the package is still refused by trust', async () => {
      const out = await importOnNational('100,000 entries', bytes);
      expect(out.trust).toContain('发送方的密钥不在本机的信任列表中');
    }, 90_000);
  });
});

describe('replayed sequence', () => {
  it('the same package again, or an older one, is refused as a replay and changes nothing', async () => {
    const again = await importOnNational('replay', firstPackage);
    expect(again.trust).toContain('不大于已从该发送方导入的序号');
    // an older sequence, correctly signed by the trusted device
    const older = packageBuilders['unknown-key.ycapkg']({ ...trusted, manifest: { ...trusted.manifest, sequence: 1 } });
    const out = await importOnNational('older sequence', older);
    expect(out.trust).toContain('不大于已从该发送方导入的序号');
    // a package not addressed to this laptop's unit
    const elsewhere = packageBuilders['unknown-key.ycapkg']({ ...trusted, manifest: { ...trusted.manifest, recipient: { unitId: 'unit-R10', deviceId: null } } });
    expect((await importOnNational('wrong recipient', elsewhere)).trust).toMatch(/^此交换包是发给.*的，不是发给本机的。$/);
    expect(await db().peers.count()).toBe(1);
  });
});
