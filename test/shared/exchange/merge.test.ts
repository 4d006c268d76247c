import { describe, expect, it } from 'vitest';
import { readPackage, type PackageRecord } from '../../../shared/exchange/format';
import { classify, fieldDiff, maxRev, planMerge, resolveFields } from '../../../shared/exchange/merge';
import { HybridClock, formatRev } from '../../../shared/model/hlc';
import { collective, samplePackage } from './helpers';

// revisions: the last exchange happened at X; "before" and "after" are relative to it
const X = formatRev(5000, 0, 'devA');
const before = (n: number, dev = 'devA') => formatRev(1000 + n, 0, dev);
const after = (n: number, dev = 'devA') => formatRev(6000 + n, 0, dev);
const rec = (id: string, rev: string, extra: Record<string, unknown> = {}): PackageRecord => ({ id, rev, ...extra });

describe('classify', () => {
  it('new: the record is not here yet', () => {
    expect(classify(undefined, rec('a', after(1)), X)).toBe('new');
    expect(classify(undefined, rec('a', before(1)), null)).toBe('new');
  });

  it('unchanged: same revision on both sides', () => {
    expect(classify(rec('a', after(1)), rec('a', after(1)), X)).toBe('unchanged');
    expect(classify(rec('a', before(1)), rec('a', before(1)), null)).toBe('unchanged');
  });

  it('update: local untouched since the last exchange, incoming newer', () => {
    expect(classify(rec('a', before(1)), rec('a', after(1, 'devB')), X)).toBe('update');
    expect(classify(rec('a', before(1)), rec('a', before(2, 'devB')), X)).toBe('update');
    expect(classify(rec('a', X), rec('a', after(1)), X)).toBe('update'); // L = X counts as not changed since
  });

  it('stale: incoming is a version from before the last exchange and we hold a newer one', () => {
    expect(classify(rec('a', after(1)), rec('a', before(1, 'devB')), X)).toBe('stale');
    expect(classify(rec('a', before(5)), rec('a', before(2, 'devB')), X)).toBe('stale');
  });

  it('conflict: both sides changed after the last exchange, whichever is newer', () => {
    expect(classify(rec('a', after(1)), rec('a', after(2, 'devB')), X)).toBe('conflict');
    expect(classify(rec('a', after(2)), rec('a', after(1, 'devB')), X)).toBe('conflict');
  });

  it('without a previous exchange, any difference is a conflict (no edit dropped silently)', () => {
    expect(classify(rec('a', before(1)), rec('a', after(1, 'devB')), null)).toBe('conflict');
    expect(classify(rec('a', after(1)), rec('a', before(1, 'devB')), null)).toBe('conflict');
  });
});

describe('tombstones travel like any change', () => {
  it('a newer tombstone updates, an unknown one is stored, an old one is stale, one against a local edit conflicts', () => {
    const tomb = (rev: string) => rec('a', rev, { deleted: true });
    expect(classify(rec('a', before(1)), tomb(after(1, 'devB')), X)).toBe('update');
    expect(classify(undefined, tomb(after(1, 'devB')), X)).toBe('new');
    expect(classify(rec('a', after(3)), tomb(before(2, 'devB')), X)).toBe('stale');
    expect(classify(rec('a', after(3)), tomb(after(1, 'devB')), X)).toBe('conflict');
    // a local tombstone against an incoming edit
    expect(classify(tomb(after(3)), rec('a', after(4, 'devB')), X)).toBe('conflict');
    expect(classify(tomb(before(1)), rec('a', after(4, 'devB')), X)).toBe('update'); // restored by the peer
  });
});

describe('planMerge', () => {
  it('plans every case at once, with counts, from a Map or a lookup function', () => {
    const local = new Map<string, PackageRecord>([
      ['upd', rec('upd', before(1))],
      ['same', rec('same', before(2))],
      ['old', rec('old', after(3))],
      ['both', rec('both', after(4), { name: '甲' })],
    ]);
    const incoming = [
      rec('fresh', after(1, 'devB')),
      rec('upd', after(2, 'devB')),
      rec('same', before(2)),
      rec('old', before(3, 'devB')),
      rec('both', after(5, 'devB'), { name: '乙' }),
      rec('gone', after(6, 'devB'), { deleted: true }),
    ];
    const plan = planMerge(local, incoming, X);
    expect(plan.decisions.map((d) => [d.id, d.kind])).toEqual([
      ['fresh', 'new'],
      ['upd', 'update'],
      ['same', 'unchanged'],
      ['old', 'stale'],
      ['both', 'conflict'],
      ['gone', 'new'],
    ]);
    expect(plan.counts).toEqual({ new: 2, update: 1, unchanged: 1, conflict: 1, stale: 1 });
    const conflict = plan.decisions.find((d) => d.kind === 'conflict')!;
    expect(conflict.local).toEqual(rec('both', after(4), { name: '甲' })); // both versions kept
    expect(conflict.incoming).toEqual(rec('both', after(5, 'devB'), { name: '乙' }));
    expect(planMerge((id) => local.get(id), incoming, X).counts).toEqual(plan.counts);
  });

  it('refuses duplicate incoming ids rather than planning two outcomes for one record', () => {
    expect(() => planMerge(new Map(), [rec('a', after(1)), rec('a', after(2))], X)).toThrow('重复');
  });

  it('re-importing the same package after applying it yields only unchanged', async () => {
    const r = await readPackage(await samplePackage());
    if (!r.ok) throw new Error(r.message);
    const incoming = r.tables.collectives!;
    // the receiving laptop has an older copy of one collective, untouched since the last exchange
    const older = { ...collective(1), rev: formatRev(1_000, 0, 'devBJ01') };
    const store = new Map<string, PackageRecord>([[older.id, older]]);
    const watermark = formatRev(2_000, 0, 'devBJ01');

    const first = planMerge(store, incoming, watermark);
    expect(first.counts).toMatchObject({ new: 2, update: 1, conflict: 0 });
    // apply: store new and updated records exactly as received (same rev), advance the clock
    const clock = new HybridClock('devBJ01', { wall: 0, counter: 0 }, () => 3_000);
    for (const d of first.decisions) if (d.kind === 'new' || d.kind === 'update') store.set(d.id, d.incoming);
    clock.receive(maxRev(incoming)!);

    const second = planMerge(store, incoming, maxRev(incoming));
    expect(second.counts).toEqual({ new: 0, update: 0, unchanged: 3, conflict: 0, stale: 0 });
    expect(clock.next() > maxRev(incoming)!).toBe(true); // later local edits sort after what was imported
  });

  it('after a conflict is resolved with a fresh local rev, the same package re-imported is stale, not a new conflict', () => {
    const local = new Map([['a', rec('a', after(1), { name: '甲' })]]);
    const incoming = [rec('a', after(2, 'devB'), { name: '乙' })];
    expect(planMerge(local, incoming, X).counts.conflict).toBe(1);
    const resolved = { ...resolveFields(local.get('a')!, incoming[0]!, { name: 'incoming' }), rev: after(9) };
    local.set('a', resolved as PackageRecord);
    expect(planMerge(local, incoming, maxRev(incoming)).decisions[0]!.kind).toBe('stale');
  });
});

describe('fieldDiff and resolveFields', () => {
  const mine = { id: 'a', rev: after(1), updatedAt: '2017-07-01', name: '地铁一号线', memberCount: 20, profile: { leader: { name: '张三' } }, tags: ['a'] };
  const theirs = { id: 'a', rev: after(2, 'devB'), updatedAt: '2017-07-02', name: '地铁1号线', memberCount: 20, profile: { leader: { name: '李四' } }, tags: ['a'], deleted: true };

  it('lists the top-level fields that differ (deeply), not the bookkeeping ones', () => {
    expect(fieldDiff(mine, theirs)).toEqual([
      { field: 'deleted', local: undefined, incoming: true },
      { field: 'name', local: '地铁一号线', incoming: '地铁1号线' },
      { field: 'profile', local: { leader: { name: '张三' } }, incoming: { leader: { name: '李四' } } },
    ]);
    expect(fieldDiff(mine, { ...mine, rev: after(5) })).toEqual([]);
    expect(fieldDiff(mine, mine, []).length).toBe(0);
    expect(fieldDiff(mine, theirs, []).map((d) => d.field)).toEqual(['deleted', 'name', 'profile', 'rev', 'updatedAt']);
  });

  it('builds the resolved record from the chosen side per field, without a rev', () => {
    const merged = resolveFields(mine, theirs, { name: 'incoming', profile: 'local' });
    expect(merged).toEqual({ id: 'a', updatedAt: '2017-07-01', name: '地铁1号线', memberCount: 20, profile: { leader: { name: '张三' } }, tags: ['a'] });
    expect(resolveFields(mine, theirs, { deleted: 'incoming' })).toMatchObject({ deleted: true, name: '地铁一号线' });
  });

  it('keeps a field named __proto__ a plain field', () => {
    const a = JSON.parse('{"id":"a","rev":"x"}') as PackageRecord;
    const b = JSON.parse('{"id":"a","rev":"y","__proto__":{"polluted":true}}') as PackageRecord;
    const choices = JSON.parse('{"__proto__":"incoming"}') as Record<string, 'incoming'>;
    const merged = resolveFields(a, b, choices) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ polluted: true });
    expect(merged.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
