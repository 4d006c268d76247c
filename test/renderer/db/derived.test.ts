/**
 * The derived log counts (renderer/db/derived.ts) must equal a full count of the logs after any
 * sequence of writes, through every kind of Dexie write, and move with the logs when a
 * transaction fails. The oracle is a plain count over every stored log.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb, YcaDb } from '../../../renderer/db/db';
import { countedFor, type LogCount } from '../../../renderer/db/derived';
import { SCHEMA_VERSIONS } from '../../../renderer/db/schema';
import type { WorkUpdate } from '../../../shared/model/entities';

/** Write logs into a database declared only up to schema v1, then close it. */
async function seedV1(name: string, seed: (old: YcaDb) => Promise<void>): Promise<void> {
  const old = new YcaDb(name, SCHEMA_VERSIONS.filter((v) => v.version === 1));
  await old.open();
  await seed(old);
  old.close();
}

let n = 0;
beforeEach(async () => {
  await closeDb();
  initDb(`derived-test-${n++}`);
});

const COLLECTIVES = ['c1', 'c2', 'c3', 'c4'];

function log(id: string, collectiveId: string, state: WorkUpdate['state'], deleted = false): WorkUpdate {
  return {
    id,
    collectiveId,
    unitPath: '/unit-N00/unit-R09/',
    term: '2017-2018',
    title: '日志',
    date: '2017-05-01',
    text: '正文',
    attachmentHashes: [],
    state,
    submittedAt: state === 'submitted' ? '2017-05-01T00:00:00.000Z' : null,
    authorId: 'a',
    hasMedia: false,
    createdAt: '',
    updatedAt: '',
    rev: '',
    ...(deleted ? { deleted: true } : {}),
  } as WorkUpdate;
}

/** What the counts must be: a full count over the stored logs. */
async function oracle(d: YcaDb = db()): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const w of await d.workUpdates.toArray()) {
    const c = countedFor(w);
    if (c !== null) out[c] = (out[c] ?? 0) + 1;
  }
  return out;
}

async function stored(d: YcaDb = db()): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of (await d.logCounts.toArray()) as LogCount[]) out[r.collectiveId] = r.submitted;
  return out;
}

describe('derived log counts', () => {
  it('count submitted, undeleted logs through add, put, update, modify, delete and clear', async () => {
    const d = db();
    await d.workUpdates.bulkAdd([log('a', 'c1', 'submitted'), log('b', 'c1', 'submitted'), log('c', 'c1', 'draft'), log('d', 'c2', 'submitted')]);
    expect(await stored()).toEqual({ c1: 2, c2: 1 });
    await d.workUpdates.put(log('c', 'c1', 'submitted')); // draft submitted
    expect(await stored()).toEqual({ c1: 3, c2: 1 });
    await d.workUpdates.put(log('d', 'c3', 'submitted')); // moved to another collective
    expect(await stored()).toEqual({ c1: 3, c3: 1 });
    await d.workUpdates.update('a', { deleted: true }); // tombstone
    expect(await stored()).toEqual({ c1: 2, c3: 1 });
    await d.workUpdates.where('collectiveId').equals('c1').modify({ collectiveId: 'c4' });
    expect(await stored()).toEqual({ c4: 2, c3: 1 });
    await d.workUpdates.delete('d');
    expect(await stored()).toEqual({ c4: 2 });
    await d.workUpdates.where(':id').between('a', 'b', true, true).delete();
    expect(await stored()).toEqual({ c4: 1 });
    await d.workUpdates.clear();
    expect(await stored()).toEqual({});
  });

  it('a key written twice in one bulkPut counts once, as its last value', async () => {
    const d = db();
    await d.workUpdates.bulkPut([log('x', 'c1', 'submitted'), log('x', 'c2', 'submitted'), log('y', 'c1', 'draft'), log('y', 'c1', 'submitted')]);
    expect(await stored()).toEqual(await oracle());
    expect(await stored()).toEqual({ c1: 1, c2: 1 });
    await d.workUpdates.bulkDelete(['x', 'x', 'nope']);
    expect(await stored()).toEqual({ c1: 1 });
  });

  it('writes issued together in one transaction (Promise.all) all count', async () => {
    const d = db();
    await d.transaction('rw', d.workUpdates, async () => {
      await Promise.all([
        d.workUpdates.put(log('p1', 'c1', 'submitted')),
        d.workUpdates.put(log('p2', 'c1', 'submitted')),
        d.workUpdates.bulkPut([log('p3', 'c1', 'submitted'), log('p4', 'c2', 'submitted')]),
        d.workUpdates.add(log('p5', 'c1', 'submitted')),
      ]);
      await Promise.all([d.workUpdates.delete('p1'), d.workUpdates.update('p2', { collectiveId: 'c2' }), d.workUpdates.put(log('p6', 'c2', 'submitted'))]);
    });
    expect(await stored()).toEqual(await oracle());
    expect(await stored()).toEqual({ c1: 2, c2: 3 });
  });

  it('an aborted transaction leaves the counts as it leaves the logs', async () => {
    const d = db();
    await d.workUpdates.bulkAdd([log('a', 'c1', 'submitted')]);
    await expect(
      d.transaction('rw', d.workUpdates, async () => {
        await d.workUpdates.bulkPut([log('b', 'c1', 'submitted'), log('c', 'c2', 'submitted')]);
        await d.workUpdates.delete('a');
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await stored()).toEqual({ c1: 1 });
    // a failed add inside a bulkAdd (duplicate key) is not counted; the others are
    await expect(d.workUpdates.bulkAdd([log('a', 'c1', 'submitted'), log('e', 'c2', 'submitted')])).rejects.toThrow();
    expect(await stored()).toEqual(await oracle());
  });

  it('stay equal to a full count after 600 random writes of every kind', async () => {
    const d = db();
    let seed = 7;
    const rand = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const randomLog = (): WorkUpdate => log(`w${rand(60)}`, COLLECTIVES[rand(COLLECTIVES.length)]!, rand(3) ? 'submitted' : 'draft', rand(6) === 0);
    for (let step = 0; step < 600; step++) {
      const op = rand(7);
      if (op === 0) await d.workUpdates.put(randomLog());
      else if (op === 1) await d.workUpdates.bulkPut(Array.from({ length: 1 + rand(8) }, randomLog));
      else if (op === 2) await d.workUpdates.delete(`w${rand(60)}`);
      else if (op === 3) await d.workUpdates.update(`w${rand(60)}`, { state: rand(2) ? 'submitted' : 'draft' });
      else if (op === 4) await d.workUpdates.where('collectiveId').equals(COLLECTIVES[rand(4)]!).modify({ collectiveId: COLLECTIVES[rand(4)]! });
      else if (op === 5) {
        // a transaction that writes and then fails
        await d
          .transaction('rw', d.workUpdates, async () => {
            await d.workUpdates.bulkPut([randomLog(), randomLog()]);
            throw new Error('rollback');
          })
          .catch(() => undefined);
      } else await d.workUpdates.bulkAdd([randomLog()]).catch(() => undefined);
      if (step % 50 === 49) expect(await stored()).toEqual(await oracle());
    }
    expect(await stored()).toEqual(await oracle());
    expect(Object.keys(await oracle()).length).toBeGreaterThan(0);
  });

  it('schema v2 fills the counts from logs written at v1', async () => {
    const name = `derived-migr-${n++}`;
    const logs: WorkUpdate[] = [];
    for (let i = 0; i < 12_345; i++) logs.push(log(`l${String(i).padStart(6, '0')}`, `k${i % 97}`, i % 5 === 0 ? 'draft' : 'submitted', i % 11 === 0));
    await seedV1(name, async (old) => {
      await old.workUpdates.bulkAdd(logs);
    });
    const upgraded = new YcaDb(name, SCHEMA_VERSIONS);
    await upgraded.open();
    expect(upgraded.verno).toBe(2);
    const expected = await oracle(upgraded);
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBe(logs.filter((w) => countedFor(w) !== null).length);
    expect(await stored(upgraded)).toEqual(expected);
    // and the middleware keeps them from there
    await upgraded.workUpdates.put(log('l000001', 'k1', 'draft'));
    expect(await stored(upgraded)).toEqual(await oracle(upgraded));
    upgraded.close();
  });

  it('a database of an older schema without the table is passed through untouched', async () => {
    const name = `derived-old-${n++}`;
    const old = new YcaDb(name, SCHEMA_VERSIONS.filter((v) => v.version === 1));
    await old.open();
    await old.workUpdates.bulkAdd([log('a', 'c1', 'submitted')]);
    await old.workUpdates.put(log('a', 'c2', 'submitted'));
    expect(await old.workUpdates.count()).toBe(1);
    old.close();
  });
});
