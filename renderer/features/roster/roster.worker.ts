/**
 * Web Worker that reads a roster workbook (shared/roster/parse.ts), so a large or hostile file
 * never freezes the window: the page shows 正在读取… with 取消, which terminates the worker.
 * One file per worker; the page starts a new one for each read.
 */
import { parseRosterWorkbook, type RosterParseOptions, type RosterParseResult } from '../../../shared/roster/parse';
import type { JobReply } from '../ledger/ledgerClient';

export interface RosterParseJob {
  data: Uint8Array;
  options: RosterParseOptions;
}

const post = (msg: JobReply<RosterParseResult, never>): void => self.postMessage(msg);

self.onmessage = (e: MessageEvent<RosterParseJob>) => {
  try {
    post({ type: 'done', result: parseRosterWorkbook(e.data.data, e.data.options) });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
