/**
 * What every hostile-input test checks, in one place: the file is read within a hang guard, the
 * message is Chinese, no prototype was polluted, and — through the real repo functions on a
 * fake-indexeddb laptop — the database is byte-for-byte what it was before.
 *
 * The hang guard is a bound, not a performance assertion: 20 s is far above anything the product
 * takes on these files (milliseconds to a few seconds); only a runaway loop or an allocation storm
 * would reach it. Timings are printed so a person can watch them drift (npm run bench is where
 * performance is measured).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { closeDb, db, initDb } from '../../renderer/db/db';
import { issueAccount, setHashOptionsForTests } from '../../renderer/db/repos/accounts';
import { login, type Session } from '../../renderer/db/repos/auth';
import { runSetup } from '../../renderer/db/repos/setup';
import { loadClock, resetClockForTests } from '../../renderer/db/write';

export const HANG_GUARD_MS = 20_000;
export const PW = 'Shanghai#2017yca';
export const TERM = '2017-2018';

const HOSTILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hostile');

export function fixture(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(HOSTILE, rel)));
}

/** Run `fn`, print how long it took, and fail if it took longer than the hang guard. */
export async function bounded<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  console.log(`hostile: ${label}: ${ms.toFixed(0)} ms`);
  expect(ms, `${label} took ${ms.toFixed(0)} ms: a hang, not a refusal`).toBeLessThan(HANG_GUARD_MS);
  return result;
}

const HAN = /[\u4e00-\u9fff]/;

/** A message an administrator can read: Chinese, and not an English exception text. */
export function expectChinese(message: string | undefined | null): void {
  expect(message, 'a message is shown').toBeTruthy();
  expect(message!).toMatch(HAN);
  expect(message!).not.toMatch(/TypeError|RangeError|undefined|null|Cannot read|is not a function|\[object Object\]/);
}

/** Nothing reached Object.prototype (or Array.prototype) on the way. */
export function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(OBJECT_PROTOTYPE_NAMES);
}
const OBJECT_PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** Every table of the laptop, meta and audit included, with Blobs read out: equal means unchanged. */
export async function dbSnapshot(): Promise<string> {
  const d = db();
  const out: Record<string, unknown> = {};
  for (const t of [...d.tables].sort((a, b) => a.name.localeCompare(b.name))) {
    const rows = await t.toArray();
    out[t.name] = await Promise.all(
      rows.map(async (r) => {
        const o: Record<string, unknown> = { ...(r as object) };
        for (const [k, v] of Object.entries(o)) if (v instanceof Blob) o[k] = `blob:${v.type}:${Buffer.from(await v.arrayBuffer()).toString('base64')}`;
        return o;
      }),
    );
  }
  return JSON.stringify(out);
}

/** The error a promise rejects with (fails if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal, but the import went ahead');
}

let n = 0;

/** A fresh laptop database (fake-indexeddb), fast password hashing. */
export async function freshLaptop(prefix: string): Promise<string> {
  await closeDb();
  resetClockForTests();
  const name = `${prefix}-${Date.now()}-${n++}`;
  initDb(name);
  await loadClock();
  setHashOptionsForTests({ iterations: 1000 });
  return name;
}

/** 上海's level-1 laptop, with the two collectives the evaluation corpus names. */
export async function shanghaiLaptop(prefix: string, collectives: readonly string[] = []): Promise<Session> {
  await freshLaptop(prefix);
  const { code } = await runSetup({ unitCode: 'R09', adminName: '王晓明', password: PW, recoveryEmail: '' });
  const admin = await login(code, PW);
  for (const name of collectives) await issueAccount(admin.actor, { role: 'collective', unitId: 'unit-R09', displayName: name, recoveryEmail: '' }, TERM);
  return admin;
}

/** Switch to an existing laptop database (as if that laptop's app were opened). */
export async function useLaptop(name: string): Promise<void> {
  await closeDb();
  resetClockForTests();
  initDb(name);
  await loadClock();
}
