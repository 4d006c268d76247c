import { describe, expect, it } from 'vitest';
import { HybridClock, compareRev, formatRev, observe, parseRev, tick } from '../../shared/model/hlc';

describe('hybrid logical clock', () => {
  it('issues strictly increasing stamps when the wall clock stands still or goes back', () => {
    let now = 1_700_000_000_000;
    const c = new HybridClock('devA1', { wall: 0, counter: 0 }, () => now);
    const a = c.next();
    const b = c.next();
    now -= 365 * 24 * 3600 * 1000; // the PC clock is set back a year
    const d = c.next();
    expect(compareRev(a, b)).toBeLessThan(0);
    expect(compareRev(b, d)).toBeLessThan(0);
    expect(parseRev(d).wall).toBe(1_700_000_000_000);
  });

  it('orders after a received stamp from a device whose clock runs ahead', () => {
    const now = 1_000_000;
    const c = new HybridClock('devB2', { wall: 0, counter: 0 }, () => now);
    const remote = formatRev(5_000_000, 7, 'devZZ');
    c.receive(remote);
    expect(compareRev(c.next(), remote)).toBeGreaterThan(0);
  });

  it('borrows the next millisecond when the counter is exhausted', () => {
    const s = { wall: 10, counter: 0xffff };
    tick(s, 10);
    expect(s).toEqual({ wall: 11, counter: 0 });
    const o = { wall: 10, counter: 0xffff };
    observe(o, formatRev(10, 0xffff, 'x1x1'), 5);
    expect(o).toEqual({ wall: 11, counter: 0 });
  });

  it('sorts lexicographically in time order and breaks ties by device', () => {
    const revs = [formatRev(20, 0, 'b'), formatRev(3, 5, 'a'), formatRev(20, 0, 'a'), formatRev(3, 16, 'z')];
    expect([...revs].sort()).toEqual([formatRev(3, 5, 'a'), formatRev(3, 16, 'z'), formatRev(20, 0, 'a'), formatRev(20, 0, 'b')]);
  });

  it('refuses a malformed stamp and a bad device id', () => {
    expect(() => parseRev('yesterday')).toThrow('无效的修订戳');
    expect(() => new HybridClock('a b')).toThrow();
  });
});
