/**
 * Allocation worksheet: next term's 基数 per unit from this term's bases and assessment totals
 * (annex 3 一.5: “工作成绩作为该届全国青年文明号名额分配的重要依据”). A worksheet, not a
 * decision: the national office edits k and the result before publishing a new quota table.
 *
 * Policy (formula, editable through the options):
 *   mean_c   = mean assessment total of the units of channel c (industry / region) that have one
 *   factor_i = max(0, 1 + k × (score_i − mean_c) / 100), k = 0.5 by default;
 *              a unit without a score keeps factor 1
 *   weight_i = base_i × factor_i
 *   new bases are weight_i scaled so that each channel's total base is kept EXACTLY, with a
 *   minimum base of 1, rounded by the largest-remainder method.
 * Why: channels are published as separate tables with separate totals (industries 1096, regions
 * 483), so units compete within their own channel and neither table grows at the other's cost.
 * k = 0.5 means a unit 10 points above its channel's mean gains about 5 % of its base before
 * rescaling — enough for the assessment to matter, small enough that one term cannot upend the
 * published proportions.
 * Largest remainder: every unit first gets the whole part of its exact share; the seats left
 * over go to the largest fractional parts (ties: higher score, then larger old base, then code).
 * A unit whose exact share falls below the minimum is fixed at the minimum and the rest is
 * shared again among the others, so the minimum never breaks the total.
 * A quota sub-row (快递 under 交通运输) has no assessment of its own: it takes its parent line's
 * score (inheritParentScore), but only units with their own score enter the channel mean.
 * New required = 10 × new base (part 一.2), shown for convenience.
 */
import type { Channel } from '../model/entities';
import { REQUIRED_PER_BASE } from '../reference/quota';

export const DEFAULT_ALLOCATION_K = 0.5;
export const DEFAULT_MIN_BASE = 1;

export interface AllocationInputRow {
  code: string;
  name: string;
  channel: Channel;
  base: number;
  /** assessment total (normalised + bonus + deduction); null: not assessed */
  score: number | null;
  parentCode?: string | null;
}

export interface AllocationOptions {
  k?: number;
  minBase?: number;
  inheritParentScore?: boolean;
}

export interface AllocationRow {
  code: string;
  name: string;
  channel: Channel;
  oldBase: number;
  /** the score used: own, inherited from the parent row, or null */
  score: number | null;
  scoreInherited: boolean;
  factor: number;
  weight: number;
  /** exact share of the channel total before rounding */
  exactShare: number;
  newBase: number;
  change: number;
  newRequired: number;
}

export interface ChannelSummary {
  channel: Channel;
  rows: number;
  oldTotal: number;
  newTotal: number;
  /** mean of the own scores in the channel; null when none */
  meanScore: number | null;
}

export interface AllocationResult {
  k: number;
  minBase: number;
  /** the formula in words, shown above the worksheet */
  formula: string;
  rows: AllocationRow[];
  channels: ChannelSummary[];
}

export function allocationFormulaText(k: number, minBase: number): string {
  return (
    `权重 = 本届基数 × (1 + ${k} × (考评得分 − 本归口平均分) ÷ 100)；无考评得分的单位系数为 1。` +
    `按权重在本归口（行业、地方分别计算）内分配，基数总额保持不变，按最大余数法取整，每个单位至少 ${minBase} 个。`
  );
}

/**
 * Largest-remainder apportionment of `total` among `weights`, each share at least `min`.
 * Returns integer shares summing exactly to `total`. `order` breaks ties (lower = earlier).
 */
export function apportion(
  weights: readonly number[],
  total: number,
  min: number,
  order: readonly number[] = weights.map((_, i) => i),
): { shares: number[]; exact: number[] } {
  const n = weights.length;
  if (n === 0) return { shares: [], exact: [] };
  if (total < n * min) {
    throw new Error(`基数总额 ${total} 不足以保证 ${n} 个单位每个至少 ${min} 个`);
  }
  const fixed = new Array<boolean>(n).fill(false);
  let exact = new Array<number>(n).fill(0);
  for (;;) {
    const free = weights.map((_, i) => i).filter((i) => !fixed[i]);
    const remaining = total - (n - free.length) * min;
    const w = free.reduce((s, i) => s + weights[i]!, 0);
    exact = weights.map((wi, i) =>
      fixed[i] ? min : w > 0 ? (wi * remaining) / w : remaining / free.length,
    );
    const below = free.filter((i) => exact[i]! < min - 1e-9);
    if (below.length === 0) break;
    for (const i of below) fixed[i] = true;
  }
  const shares = exact.map((x) => Math.max(min, Math.floor(x)));
  let left = total - shares.reduce((a, b) => a + b, 0);
  // Raising a float-noise share like 0.9999999 to the minimum can overshoot by a seat: take it
  // back from the unit that is furthest above its exact share.
  while (left < 0) {
    let worst = -1;
    for (let i = 0; i < n; i++) {
      if (shares[i]! > min && (worst < 0 || exact[i]! - shares[i]! < exact[worst]! - shares[worst]!)) worst = i;
    }
    if (worst < 0) break;
    shares[worst]! -= 1;
    left++;
  }
  const byRemainder = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = exact[a]! - shares[a]!;
      const rb = exact[b]! - shares[b]!;
      if (Math.abs(ra - rb) > 1e-9) return rb - ra;
      return order[a]! - order[b]!;
    });
  for (let j = 0; left > 0; j = (j + 1) % n) {
    shares[byRemainder[j]!]! += 1;
    left--;
  }
  return { shares, exact };
}

export function allocateBases(
  input: readonly AllocationInputRow[],
  options: AllocationOptions = {},
): AllocationResult {
  const k = options.k ?? DEFAULT_ALLOCATION_K;
  const minBase = options.minBase ?? DEFAULT_MIN_BASE;
  const inherit = options.inheritParentScore ?? true;
  if (!Number.isFinite(k) || k < 0) throw new Error(`调节系数 k 必须是非负数：${k}`);
  if (!Number.isSafeInteger(minBase) || minBase < 0) throw new Error(`最低基数必须是非负整数：${minBase}`);
  const codes = new Set<string>();
  for (const r of input) {
    if (codes.has(r.code)) throw new Error(`单位编码重复：${r.code}`);
    codes.add(r.code);
    if (!Number.isSafeInteger(r.base) || r.base < 0) throw new Error(`${r.name} 的基数必须是非负整数：${r.base}`);
    if (r.score !== null && !Number.isFinite(r.score)) throw new Error(`${r.name} 的考评得分不是有效数字`);
  }

  const byCode = new Map(input.map((r) => [r.code, r]));
  const scoreOf = (r: AllocationInputRow): { score: number | null; inherited: boolean } => {
    if (r.score !== null) return { score: r.score, inherited: false };
    if (inherit && r.parentCode) {
      const parent = byCode.get(r.parentCode);
      if (parent && parent.score !== null) return { score: parent.score, inherited: true };
    }
    return { score: null, inherited: false };
  };

  const rows: AllocationRow[] = new Array(input.length);
  const channels: ChannelSummary[] = [];
  const channelOrder = [...new Set(input.map((r) => r.channel))];
  for (const channel of channelOrder) {
    const idx = input.map((r, i) => (r.channel === channel ? i : -1)).filter((i) => i >= 0);
    const own = idx.map((i) => input[i]!.score).filter((s): s is number => s !== null);
    const mean = own.length ? own.reduce((a, b) => a + b, 0) / own.length : null;
    const used = idx.map((i) => scoreOf(input[i]!));
    const factors = used.map(({ score }) =>
      score === null || mean === null ? 1 : Math.max(0, 1 + (k * (score - mean)) / 100),
    );
    const weights = idx.map((i, j) => input[i]!.base * factors[j]!);
    const total = idx.reduce((s, i) => s + input[i]!.base, 0);
    // Tie order: higher score, larger old base, then code — a stable, explainable order.
    const rank = idx
      .map((i, j) => j)
      .sort((a, b) => {
        const sa = used[a]!.score ?? mean ?? 0;
        const sb = used[b]!.score ?? mean ?? 0;
        if (sa !== sb) return sb - sa;
        const ba = input[idx[a]!]!.base;
        const bb = input[idx[b]!]!.base;
        if (ba !== bb) return bb - ba;
        return input[idx[a]!]!.code < input[idx[b]!]!.code ? -1 : 1;
      });
    const order = new Array<number>(idx.length);
    rank.forEach((j, pos) => (order[j] = pos));
    const { shares, exact } = apportion(weights, total, minBase, order);
    idx.forEach((i, j) => {
      const r = input[i]!;
      rows[i] = {
        code: r.code,
        name: r.name,
        channel,
        oldBase: r.base,
        score: used[j]!.score,
        scoreInherited: used[j]!.inherited,
        factor: factors[j]!,
        weight: weights[j]!,
        exactShare: exact[j]!,
        newBase: shares[j]!,
        change: shares[j]! - r.base,
        newRequired: shares[j]! * REQUIRED_PER_BASE,
      };
    });
    channels.push({
      channel,
      rows: idx.length,
      oldTotal: total,
      newTotal: shares.reduce((a, b) => a + b, 0),
      meanScore: mean,
    });
  }
  return { k, minBase, formula: allocationFormulaText(k, minBase), rows, channels };
}
