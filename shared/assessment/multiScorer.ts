/**
 * Several national-office scorers assessing one unit: per-item comparison and totals.
 *
 * Policy:
 * - Per item: every scorer's score, the mean of the scores given (unscored ones are left out),
 *   and the spread = highest − lowest.
 * - An item is flagged for discussion when its spread exceeds DEFAULT_SPREAD_THRESHOLD = 30 % of
 *   the item's points (3 of 10, 6 of 20; for bonus and deduction, of the cap). Below that, scorers
 *   differ by less than about a third of the scale, which is ordinary judgement; above it they
 *   read the evidence differently and should talk. The threshold is a parameter.
 * - Each scorer's total is that scorer's own score sheet (normalised, bonus and deduction
 *   clamped); the mean total is the mean of those totals, rounded to 1 decimal. It can differ by
 *   a rounding step from a sheet built from the item means.
 */
import type { ItemScore } from '../model/entities';
import { isApplicable, round1, scoreSheet, type RubricFields, type ScoreSheet } from './rubric';

export const DEFAULT_SPREAD_THRESHOLD = 0.3;

export interface ScorerInput {
  scorerId: string;
  scores: readonly ItemScore[];
}

export interface ItemComparison {
  no: number;
  name: string;
  max: number;
  scores: { scorerId: string; score: number | null }[];
  /** mean of the given scores, 1 decimal; null when nobody scored the item */
  mean: number | null;
  /** max − min of the given scores; 0 with fewer than two */
  spread: number;
  flagged: boolean;
}

export interface MultiScorerResult {
  threshold: number;
  items: ItemComparison[];
  flaggedItems: number[];
  totals: { scorerId: string; total: number; complete: boolean; sheet: ScoreSheet }[];
  meanTotal: number | null;
}

export function compareScorers(
  rubric: RubricFields,
  unit: { provincialCommittee: boolean },
  scorers: readonly ScorerInput[],
  threshold: number = DEFAULT_SPREAD_THRESHOLD,
): MultiScorerResult {
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`分歧阈值应在 0—1 之间：${threshold}`);
  const ids = new Set<string>();
  for (const s of scorers) {
    if (ids.has(s.scorerId)) throw new Error(`同一评分人（${s.scorerId}）提交了多份评分，请先合并`);
    ids.add(s.scorerId);
  }
  const sheets = scorers.map((s) => ({ scorerId: s.scorerId, sheet: scoreSheet(rubric, unit, s.scores) }));

  const items = [...rubric.items]
    .sort((a, b) => a.no - b.no)
    .filter((i) => isApplicable(i, unit))
    .map((item): ItemComparison => {
      // The counted (clamped) score, so a typo beyond the range does not fake a huge spread;
      // the range error itself is on that scorer's sheet.
      const scores = sheets.map(({ scorerId, sheet }) => {
        const line = sheet.lines.find((l) => l.no === item.no);
        return { scorerId, score: line && line.entered !== null ? line.counted : null };
      });
      const given = scores.map((s) => s.score).filter((x): x is number => x !== null);
      const mean = given.length ? round1(given.reduce((a, b) => a + b, 0) / given.length) : null;
      const spread = given.length >= 2 ? round1(Math.max(...given) - Math.min(...given)) : 0;
      return { no: item.no, name: item.name, max: item.max, scores, mean, spread, flagged: spread > threshold * item.max };
    });

  const totals = sheets.map(({ scorerId, sheet }) => ({ scorerId, total: sheet.total, complete: sheet.complete, sheet }));
  const meanTotal = totals.length ? round1(totals.reduce((a, t) => a + t.total, 0) / totals.length) : null;
  return { threshold, items, flaggedItems: items.filter((i) => i.flagged).map((i) => i.no), totals, meanTotal };
}
