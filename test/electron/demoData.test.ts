import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoDataCommand } from '../../electron/cli/commands/demoData';
import { COMMANDS } from '../../electron/cli/registry';
import { runCli } from '../../electron/cli/run';
import { readPackage } from '../../shared/exchange/format';
import { importLedger } from '../../shared/ledger/import';
import { parseRosterWorkbook, rosterSummary } from '../../shared/roster/parse';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'yca-demo-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => void out.push(s), err: (s) => void err.push(s) }, { commands: COMMANDS, version: 'test' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const files = (d: string): string[] => readdirSync(d).sort();

describe('yca demo-data', () => {
  it('is registered with a Chinese summary and usage', async () => {
    expect(COMMANDS).toContain(demoDataCommand);
    const r = await run(['--help']);
    expect(r.out).toContain('demo-data');
    const u = await run(['demo-data', '--help']);
    expect(u.code).toBe(0);
    expect(u.out).toContain('--scale province|national');
  });

  it('writes a province: a roster, a ledger and a package the product’s own checkers accept (exit 0)', async () => {
    const out = path.join(dir, 'province');
    const r = await run(['demo-data', '--scale', 'province', '-o', out, '--seed', '11']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(files(out)).toEqual(['交换包', '工作台账', '说明.txt', '集体名单']);

    const [roster] = files(path.join(out, '集体名单'));
    expect(roster).toBe('集体名单_R10_江苏省.xlsx');
    const parsed = parseRosterWorkbook(new Uint8Array(readFileSync(path.join(out, '集体名单', roster!))));
    const summary = rosterSummary(parsed);
    expect(summary).toMatchObject({ rows: 2000, errors: 0, warnings: 0, valid: true });

    const [ledger] = files(path.join(out, '工作台账'));
    const checked = await importLedger(new Uint8Array(readFileSync(path.join(out, '工作台账', ledger!))));
    expect(checked.errors).toEqual([]);
    expect(checked.ok).toBe(true);
    expect(checked.counts['创建集体名单']).toBe(2000);

    const [pkg] = files(path.join(out, '交换包'));
    const read = await readPackage(new Uint8Array(readFileSync(path.join(out, '交换包', pkg!))));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.tables.collectives).toHaveLength(2000);
    expect(read.tables.workUpdates).toHaveLength(40000);
    expect(read.manifest.recipient.unitId).toBe('unit-N00');
    // 说明.txt names the sending device's fingerprint, which an administrator compares before trusting it
    expect(readFileSync(path.join(out, '说明.txt'), 'utf8')).toContain(read.manifest.sender.fingerprint);
  }, 120_000);

  it('writes the same files for the same seed', async () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    for (const o of [a, b]) expect((await run(['demo-data', '--scale', 'province', '--unit', 'R30', '-o', o])).code).toBe(0);
    for (const sub of ['集体名单', '工作台账', '交换包']) {
      for (const f of files(path.join(a, sub))) expect(readFileSync(path.join(a, sub, f)).equals(readFileSync(path.join(b, sub, f))), f).toBe(true);
    }
  }, 120_000);

  it('refuses a wrong command line with exit 2 and writes nothing', async () => {
    const cases: [string[], string][] = [
      [['demo-data', '-o', path.join(dir, 'x')], '缺少 --scale'],
      [['demo-data', '--scale', 'world', '-o', path.join(dir, 'x')], '只能是 province 或 national'],
      [['demo-data', '--scale', 'province'], '缺少输出目录'],
      [['demo-data', '--scale', 'province', '--unit', 'R99', '-o', path.join(dir, 'x')], '不是公布的行业或地方单位'],
      [['demo-data', '--scale', 'national', '--unit', 'R09', '-o', path.join(dir, 'x')], '只用于省级规模'],
      [['demo-data', '--scale', 'province', '--seed', '-3', '-o', path.join(dir, 'x')], '非负整数'],
      [['demo-data', '--scale', 'province', '--verbose', '-o', path.join(dir, 'x')], '未知参数'],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
    }
    expect(readdirSync(dir)).not.toContain('x');
  });

  it('refuses a folder that already holds files (exit 2), leaving them untouched', async () => {
    const full = path.join(dir, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, '重要.txt'), '不要覆盖');
    const r = await run(['demo-data', '--scale', 'province', '-o', full]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('不是空目录');
    expect(files(full)).toEqual(['重要.txt']);
  });

  it('reports a folder it cannot create (exit 2)', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await run(['demo-data', '--scale', 'province', '-o', path.join(file, 'sub')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('无法使用输出目录');
  });
});
