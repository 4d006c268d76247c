/** The `yca` dispatcher, free of process globals so tests can drive it. */
import { EXIT, type CliCommand, type CliIO } from './registry';

export interface CliOptions {
  commands: readonly CliCommand[];
  version: string;
}

const HELP_FLAGS = new Set(['-h', '--help']);
const VERSION_FLAGS = new Set(['-v', '--version']);

export function usageText({ commands, version }: CliOptions): string {
  const width = Math.max(12, ...commands.map((c) => c.name.length)) + 2;
  const list = commands.length === 0 ? ['  （暂无可用命令）'] : commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  return [
    `yca ${version} — 青年文明号创建管理（YCA Desk）命令行工具`,
    '',
    '用法：',
    '  npm run yca -- <命令> [参数…]',
    '  npm run yca -- <命令> --help    查看某个命令的详细用法',
    '',
    '命令：',
    ...list,
    '',
    '选项：',
    '  -h, --help       显示本帮助',
    '  -v, --version    显示版本号',
    '',
    '退出码：0 成功；1 输入的文件或数据有误；2 命令用法错误',
  ].join('\n');
}

/** The command whose (possibly multi-word) name is the longest prefix of args. */
export function findCommand(args: readonly string[], commands: readonly CliCommand[]): { command: CliCommand; rest: string[] } | null {
  let best: CliCommand | null = null;
  let bestWords = 0;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.length > bestWords && words.every((w, i) => args[i] === w)) {
      best = command;
      bestWords = words.length;
    }
  }
  return best ? { command: best, rest: args.slice(bestWords) } : null;
}

function unknown(args: readonly string[], io: CliIO): number {
  io.err(`未知命令：${args.join(' ')}`);
  io.err('运行 npm run yca -- --help 查看可用命令。');
  return EXIT.usage;
}

export async function runCli(argv: readonly string[], io: CliIO, options: CliOptions): Promise<number> {
  const [first] = argv;
  if (first === undefined) {
    io.err(usageText(options));
    return EXIT.usage;
  }
  if (argv.length === 1 && HELP_FLAGS.has(first)) {
    io.out(usageText(options));
    return EXIT.ok;
  }
  if (argv.length === 1 && VERSION_FLAGS.has(first)) {
    io.out(options.version);
    return EXIT.ok;
  }
  if (first === 'help') {
    if (argv.length === 1) {
      io.out(usageText(options));
      return EXIT.ok;
    }
    const found = findCommand(argv.slice(1), options.commands);
    if (!found || found.rest.length > 0) return unknown(argv.slice(1), io);
    io.out(found.command.usage);
    return EXIT.ok;
  }
  if (first.startsWith('-')) {
    io.err(`未知选项：${first}`);
    io.err('运行 npm run yca -- --help 查看用法。');
    return EXIT.usage;
  }
  const found = findCommand(argv, options.commands);
  if (!found) return unknown(argv, io);
  if (found.rest.some((a) => HELP_FLAGS.has(a))) {
    io.out(found.command.usage);
    return EXIT.ok;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (err) {
    // commands report bad input themselves; an escaped exception is still the input's fault
    // far more often than ours (unreadable file, wrong format), so it maps to 1, not a crash
    io.err(`命令执行失败：${err instanceof Error ? err.message : String(err)}`);
    return EXIT.invalidInput;
  }
}
