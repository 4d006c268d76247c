import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageVerifyCommand } from '../../electron/cli/commands/packageVerify';
import { fingerprint } from '../../shared/exchange/keys';
import { samplePackage, senderKeys } from '../shared/exchange/helpers';

let dir: string;
let good: string;
let bad: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yca-verify-'));
  const pkg = await samplePackage();
  good = join(dir, '上海-to-全国-3.ycapkg');
  await writeFile(good, pkg);
  const tampered = pkg.slice();
  tampered[Math.floor(tampered.length / 2)]! ^= 0x10;
  bad = join(dir, 'tampered.ycapkg');
  await writeFile(bad, tampered);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await packageVerifyCommand.run(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('yca package verify', () => {
  it('describes itself for the command registry', () => {
    expect(packageVerifyCommand.name).toBe('package verify');
    expect(packageVerifyCommand.summary).toMatch(/交换包/);
    expect(packageVerifyCommand.usage).toContain('yca package verify');
  });

  it('prints sender, fingerprint, term, sequence, record counts and attachments of a valid package; exit 0', async () => {
    const r = await run(good);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('交换包有效');
    expect(r.out).toContain('单位 unit-R09 · 设备 devSH01 · 账号 acct-sh-admin');
    expect(r.out).toContain(`公钥指纹：${fingerprint(senderKeys().publicKey)}`);
    expect(r.out).toContain('届次：2017-2018');
    expect(r.out).toContain('序号：3');
    expect(r.out).toMatch(/collectives：3 条（含删除标记 1 条）/);
    expect(r.out).toMatch(/units：1 条/);
    expect(r.out).toMatch(/reviewEvents：0 条/);
    expect(r.out).toMatch(/附件：1 个/);
    expect(r.out).toContain('核对公钥指纹');
  });

  it('prints the refusal of a tampered package in Chinese; exit 1', async () => {
    const r = await run(bad);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^交换包无效（(tampered|badSignature|badManifest|notAPackage)）：交换包/);
  });

  it('offers JSON for scripts', async () => {
    const ok = await run(good, '--json');
    expect(ok.code).toBe(0);
    const parsed = JSON.parse(ok.out) as { ok: boolean; sequence: number; sender: { fingerprint: string }; tables: Record<string, { records: number }> };
    expect(parsed).toMatchObject({ ok: true, sequence: 3, sender: { fingerprint: fingerprint(senderKeys().publicKey) } });
    expect(parsed.tables.collectives).toEqual({ records: 3, deleted: 1 });
    const no = await run('--json', bad);
    expect(no.code).toBe(1);
    expect(JSON.parse(no.out)).toMatchObject({ ok: false });
  });

  it('exit 2 for usage errors and unreadable files', async () => {
    expect((await run()).code).toBe(2);
    expect((await run(good, bad)).code).toBe(2);
    expect((await run('--frobnicate', good)).code).toBe(2);
    const missing = await run(join(dir, 'nope.ycapkg'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('文件不存在');
    expect((await run(dir)).code).toBe(2);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('退出码');
  });
});
