import { describe, it, expect, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS, EXIT, type CliCommand } from '../../electron/cli/registry';
import { runCli } from '../../electron/cli/run';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

const rosterCheck: CliCommand = {
  name: 'roster check',
  summary: '检查团员花名册',
  usage: '用法：npm run yca -- roster check <花名册.xlsx>',
  run: vi.fn(async (args) => (args.length === 1 ? EXIT.ok : EXIT.usage)),
};
const roster: CliCommand = { name: 'roster', summary: '花名册', usage: '用法：roster', run: vi.fn(async () => EXIT.ok) };
const broken: CliCommand = {
  name: 'ledger validate',
  summary: '校验台账',
  usage: '用法：ledger validate',
  run: async () => {
    throw new Error('无法读取工作簿');
  },
};
const options = { commands: [roster, rosterCheck, broken], version: '9.9.9' };

describe('yca dispatcher', () => {
  it('--help prints Chinese usage listing every command, exit 0', async () => {
    const c = capture();
    expect(await runCli(['--help'], c.io, options)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toContain('用法');
    for (const cmd of options.commands) expect(text).toContain(`${cmd.name}`);
    expect(text).toContain('检查团员花名册');
    expect(c.err).toEqual([]);
  });

  it('--version prints the version, exit 0', async () => {
    const c = capture();
    expect(await runCli(['--version'], c.io, options)).toBe(0);
    expect(c.out).toEqual(['9.9.9']);
  });

  it('an unknown command is a usage error, exit 2, on stderr', async () => {
    const c = capture();
    expect(await runCli(['frobnicate', 'x'], c.io, options)).toBe(EXIT.usage);
    expect(c.err.join('\n')).toContain('未知命令：frobnicate x');
    expect(c.out).toEqual([]);
  });

  it('no arguments or an unknown option is a usage error, exit 2', async () => {
    expect(await runCli([], capture().io, options)).toBe(2);
    expect(await runCli(['--frobnicate'], capture().io, options)).toBe(2);
  });

  it('runs the longest matching multi-word command with the remaining arguments', async () => {
    const c = capture();
    expect(await runCli(['roster', 'check', 'a.xlsx'], c.io, options)).toBe(0);
    expect(rosterCheck.run).toHaveBeenCalledWith(['a.xlsx'], c.io);
    expect(roster.run).not.toHaveBeenCalled();
  });

  it('forwards a command’s own exit code', async () => {
    expect(await runCli(['roster', 'check'], capture().io, options)).toBe(2);
  });

  it('"<command> --help" and "help <command>" print the command usage without running it', async () => {
    const a = capture();
    expect(await runCli(['roster', 'check', '--help'], a.io, options)).toBe(0);
    expect(a.out).toEqual([rosterCheck.usage]);
    const b = capture();
    expect(await runCli(['help', 'roster', 'check'], b.io, options)).toBe(0);
    expect(b.out).toEqual([rosterCheck.usage]);
    expect(rosterCheck.run).not.toHaveBeenCalled();
    expect(await runCli(['help', 'nope'], capture().io, options)).toBe(2);
  });

  it('turns an exception inside a command into exit 1 with a Chinese message', async () => {
    const c = capture();
    expect(await runCli(['ledger', 'validate'], c.io, options)).toBe(EXIT.invalidInput);
    expect(c.err.join('\n')).toContain('命令执行失败：无法读取工作簿');
  });
});

describe('registry', () => {
  it('has unique names and Chinese summaries and usages', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) {
      expect(c.name).toMatch(/^[a-z][a-z-]*( [a-z][a-z-]*)*$/);
      expect(c.summary).toMatch(/[\u4e00-\u9fff]/);
      expect(c.usage).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('npm run yca (real entry point through tsx)', () => {
  const tsx = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(tsx, ['electron/cli/main.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });

  it('--version prints package.json version, exit 0', async () => {
    const r = await run('--version');
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('--help exits 0 with Chinese usage; an unknown command exits 2', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('用法');
    const unknown = await run('no-such-command');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知命令');
  });
});
