/** Entry point of the `yca` command-line tool: `npm run yca -- <command>` (run by tsx). */
import { readFileSync } from 'node:fs';
import { COMMANDS } from './registry';
import { runCli } from './run';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const io = {
  out: (s: string) => void process.stdout.write(`${s}\n`),
  err: (s: string) => void process.stderr.write(`${s}\n`),
};

runCli(process.argv.slice(2), io, { commands: COMMANDS, version: pkg.version }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    io.err(`内部错误：${String(err)}`);
    process.exitCode = 1;
  },
);
