/**
 * The corpus itself: what is committed is exactly what make.ts writes (so the files can be
 * regenerated and reviewed as code), each file is small, and each one is exercised by the hostile
 * test of its target.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../fixtures/hostile/corpus';
import { corpusFiles, HOSTILE_DIR, MAX_COMMITTED_BYTES } from '../fixtures/hostile/make';

const here = path.dirname(fileURLToPath(import.meta.url));

function committed(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.endsWith('.ts')) out.push(path.relative(HOSTILE_DIR, p).split(path.sep).join('/'));
    }
  };
  walk(HOSTILE_DIR);
  return out.sort();
}

describe('hostile corpus', () => {
  it('lists every committed file, and make.ts reproduces each byte for byte', () => {
    const made = corpusFiles();
    expect(committed()).toEqual([...made.keys()].sort());
    expect(CORPUS.map((c) => c.file).sort()).toEqual(committed());
    // the ledger attacks start from test/fixtures/ledger/valid.xlsx: after regenerating that, run make.ts again
    for (const [rel, bytes] of made) {
      expect(Buffer.compare(Buffer.from(bytes), readFileSync(path.join(HOSTILE_DIR, rel))), `${rel} differs: run npx tsx test/fixtures/hostile/make.ts`).toBe(0);
    }
  });

  it('keeps every committed file under 200 KB', () => {
    for (const rel of committed()) expect(statSync(path.join(HOSTILE_DIR, rel)).size, rel).toBeLessThan(MAX_COMMITTED_BYTES);
  });

  it('exercises every file in the test of its target', () => {
    const testOf = { roster: 'roster', evaluations: 'evaluations', ledger: 'ledger', package: 'packages', backup: 'backups' } as const;
    for (const c of CORPUS) {
      const source = readFileSync(path.join(here, `${testOf[c.target]}.test.ts`), 'utf8');
      expect(source, `${c.file} is not used by ${testOf[c.target]}.test.ts`).toContain(path.basename(c.file));
    }
  });
});
