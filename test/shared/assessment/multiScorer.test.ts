import { describe, it, expect } from 'vitest';
import type { ItemScore } from '../../../shared/model/entities';
import { compareScorers, DEFAULT_SPREAD_THRESHOLD } from '../../../shared/assessment/multiScorer';
import { DEFAULT_RUBRIC } from '../../../shared/assessment/rubric';

const form = (pairs: [number, number | null][]): ItemScore[] =>
  pairs.map(([no, score]) => ({ no, score, comment: '', evidence: '' }));

const base: [number, number][] = [[2, 8], [3, 7], [4, 9], [5, 8], [7, 16], [8, 9], [9, 8]];

describe('several scorers on one unit', () => {
  it('shows each score, mean, spread and flags a spread above 30 % of the item', () => {
    const a = form([...base, [10, 2], [11, 0]]);
    // item 7: 16 vs 9 → spread 7 > 6 (30 % of 20): flagged; item 3: 7 vs 4 → 3, not > 3: not flagged
    const b = form([...base.map(([no, s]): [number, number] => (no === 7 ? [no, 9] : no === 3 ? [no, 4] : [no, s])), [10, 0], [11, -5]]);
    const c = form([...base.map(([no, s]): [number, number | null] => (no === 9 ? [no, null] : [no, s]))]);
    const r = compareScorers(DEFAULT_RUBRIC, { provincialCommittee: false }, [
      { scorerId: 'A', scores: a },
      { scorerId: 'B', scores: b },
      { scorerId: 'C', scores: c },
    ]);
    expect(r.threshold).toBe(DEFAULT_SPREAD_THRESHOLD);
    expect(r.items.map((i) => i.no)).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11]);
    const i7 = r.items.find((i) => i.no === 7)!;
    expect(i7.scores).toEqual([
      { scorerId: 'A', score: 16 },
      { scorerId: 'B', score: 9 },
      { scorerId: 'C', score: 16 },
    ]);
    expect(i7.mean).toBe(13.7);
    expect(i7.spread).toBe(7);
    expect(i7.flagged).toBe(true);
    const i3 = r.items.find((i) => i.no === 3)!;
    expect(i3.spread).toBe(3);
    expect(i3.flagged).toBe(false);
    // an unscored item is left out of mean and spread
    const i9 = r.items.find((i) => i.no === 9)!;
    expect(i9.mean).toBe(8);
    expect(i9.spread).toBe(0);
    // deduction 0 vs −5: 5 ≤ 6, not flagged; bonus 2 vs 0 (C blank)
    expect(r.items.find((i) => i.no === 11)!.spread).toBe(5);
    expect(r.flaggedItems).toEqual([7]);

    // totals per scorer: A 65/80 → 81.3 + 2 = 83.3; B 55/80 → 68.8 − 5 = 63.8; C 57/80 → 71.3
    expect(r.totals.map((t) => [t.scorerId, t.total])).toEqual([
      ['A', 83.3],
      ['B', 63.8],
      ['C', 71.3],
    ]);
    expect(r.totals.find((t) => t.scorerId === 'C')!.complete).toBe(false);
    expect(r.meanTotal).toBe(72.8);
  });

  it('takes the threshold as a parameter', () => {
    const a = form([[3, 7]]);
    const b = form([[3, 4]]);
    const strict = compareScorers(DEFAULT_RUBRIC, { provincialCommittee: true }, [
      { scorerId: 'A', scores: a },
      { scorerId: 'B', scores: b },
    ], 0.2);
    expect(strict.flaggedItems).toEqual([3]);
  });

  it('refuses two forms from one scorer', () => {
    expect(() =>
      compareScorers(DEFAULT_RUBRIC, { provincialCommittee: true }, [
        { scorerId: 'A', scores: [] },
        { scorerId: 'A', scores: [] },
      ]),
    ).toThrow(/多份评分/);
  });
});
