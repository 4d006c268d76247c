/**
 * The `yca` command registry. To add a command: write electron/cli/commands/<name>.ts exporting
 * a `CliCommand`, and add it to COMMANDS below (one import, one entry).
 *
 * Exit codes (keep them stable: scripts and CI depend on them):
 *   0 ok · 1 invalid input (the file or data is wrong) · 2 usage error (the command line is wrong)
 */
import { packageVerifyCommand } from './commands/packageVerify';
import { ledgerValidateCommand } from './commands/ledgerValidate';
import { ledgerAggregateCommand } from './commands/ledgerAggregate';
import { rosterCheckCommand } from './commands/rosterCheck';
import { demoDataCommand } from './commands/demoData';

export interface CliIO {
  out(s: string): void;
  err(s: string): void;
}

export interface CliCommand {
  /** one or more words, e.g. "roster check"; the longest matching name wins */
  name: string;
  /** one line, Chinese, shown in `yca --help` */
  summary: string;
  /** full usage text, Chinese, shown by `yca <name> --help` */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export const EXIT = { ok: 0, invalidInput: 1, usage: 2 } as const;

export const COMMANDS: readonly CliCommand[] = [
  rosterCheckCommand,
  packageVerifyCommand,
  ledgerValidateCommand,
  ledgerAggregateCommand,
  demoDataCommand,
];
