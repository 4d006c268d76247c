import { describe, it, expect } from 'vitest';
import { REFERENCE_UNITS } from '../../../shared/reference/term2017';
import {
  allocateBases,
  apportion,
  DEFAULT_ALLOCATION_K,
  type AllocationInputRow,
} from '../../../shared/assessment/allocation';

/** Deterministic pseudo-random scores (mulberry32), some units unscored. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rows(seed: number, unscoredEvery = 7): AllocationInputRow[] {
  const r = rng(seed);
  return REFERENCE_UNITS.map((u, i) => ({
    code: u.code,
    name: u.name,
    channel: u.channel,
    base: u.base,
    parentCode: u.parentCode,
    // sub-rows carry no score of their own: they inherit their parent line's
    score: u.parentCode ? null : i % unscoredEvery === 3 ? null : Math.round((40 + r() * 70) * 10) / 10,
  }));
}

const total = (rs: { channel: string; newBase: number }[], channel: string) =>
  rs.filter((r) => r.channel === channel).reduce((s, r) => s + r.newBase, 0);

describe('allocation worksheet', () => {
  it('keeps each channel total exactly: 26 industry rows 1096, 34 region rows 483', () => {
    const input = rows(2018);
    expect(input.filter((r) => r.channel === 'industry')).toHaveLength(26);
    expect(input.filter((r) => r.channel === 'region')).toHaveLength(34);
    const res = allocateBases(input);
    expect(res.k).toBe(DEFAULT_ALLOCATION_K);
    expect(total(res.rows, 'industry')).toBe(1096);
    expect(total(res.rows, 'region')).toBe(483);
    expect(res.channels).toEqual([
      expect.objectContaining({ channel: 'industry', rows: 26, oldTotal: 1096, newTotal: 1096 }),
      expect.objectContaining({ channel: 'region', rows: 34, oldTotal: 483, newTotal: 483 }),
    ]);
    for (const r of res.rows) {
      expect(Number.isInteger(r.newBase)).toBe(true);
      expect(r.newBase).toBeGreaterThanOrEqual(1);
      expect(r.change).toBe(r.newBase - r.oldBase);
      expect(r.newRequired).toBe(r.newBase * 10);
      // rounding moves a unit by less than one from its exact share
      expect(Math.abs(r.newBase - r.exactShare)).toBeLessThan(1);
    }
    expect(res.formula).toContain('最大余数法');
  });

  it('keeps the totals for many score sets and values of k', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const k = [0, 0.25, 0.5, 1, 2, 5][seed % 6]!;
      const res = allocateBases(rows(seed, 2 + (seed % 9)), { k });
      expect(total(res.rows, 'industry')).toBe(1096);
      expect(total(res.rows, 'region')).toBe(483);
      expect(res.rows.every((r) => r.newBase >= 1)).toBe(true);
    }
  });

  it('changes nothing with k = 0, or when nobody is scored', () => {
    const same = allocateBases(rows(7), { k: 0 });
    expect(same.rows.every((r) => r.change === 0)).toBe(true);
    const none = allocateBases(rows(7).map((r) => ({ ...r, score: null })));
    expect(none.rows.every((r) => r.change === 0 && r.factor === 1)).toBe(true);
  });

  it('moves base from below-mean to above-mean units; unscored units keep factor 1', () => {
    const input: AllocationInputRow[] = [
      { code: 'A', name: '甲', channel: 'region', base: 20, score: 90 },
      { code: 'B', name: '乙', channel: 'region', base: 20, score: 70 },
      { code: 'C', name: '丙', channel: 'region', base: 20, score: null },
    ];
    const res = allocateBases(input);
    // mean 80: A factor 1.05, B 0.95, C 1 → weights 21, 19, 20 of 60 → exactly 21, 19, 20
    expect(res.rows.map((r) => r.factor)).toEqual([1.05, 0.95, 1]);
    expect(res.rows.map((r) => r.newBase)).toEqual([21, 19, 20]);
    expect(res.channels[0]!.meanScore).toBe(80);
  });

  it('a sub-row inherits its parent line score, without entering the mean', () => {
    const res = allocateBases(rows(3));
    const express = res.rows.find((r) => r.code === 'I06-1')!;
    const transport = res.rows.find((r) => r.code === 'I06')!;
    expect(express.scoreInherited).toBe(true);
    expect(express.score).toBe(transport.score);
    const own = rows(3).filter((r) => r.channel === 'industry' && r.score !== null).map((r) => r.score!);
    expect(res.channels[0]!.meanScore).toBeCloseTo(own.reduce((a, b) => a + b, 0) / own.length, 9);
  });

  it('largest remainder with a minimum of 1', () => {
    // exact shares 0.33…, 3.33…, 6.33… of 10: the tiny unit is lifted to 1 and the rest re-shared
    const { shares } = apportion([1, 10, 19], 10, 1);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(10);
    expect(shares[0]).toBe(1);
    expect(shares).toEqual([1, 3, 6]);
    expect(apportion([1, 1, 1], 10, 1).shares).toEqual([4, 3, 3]);
    expect(() => apportion([1, 1, 1], 2, 1)).toThrow(/不足以保证/);
  });

  it('refuses bad input', () => {
    expect(() => allocateBases(rows(1), { k: -1 })).toThrow(/调节系数/);
    expect(() =>
      allocateBases([{ code: 'A', name: '甲', channel: 'region', base: 1.5, score: 1 }]),
    ).toThrow(/基数必须是非负整数/);
  });
});
