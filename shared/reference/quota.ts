/**
 * Quota rules (part 一.2 of the notice; annex 3 item 7): a unit's creation collectives must
 * number at least 10 × its base (基数). Published numbers win over the rule: a row whose
 * published required count differs is flagged, never corrected (see term2017.ts, the 公安 row).
 */
import type { Channel } from '../model/entities';

/** 应完成网络创建数 = 基数 × 10 */
export const REQUIRED_PER_BASE = 10;

/** The fields the rules need; satisfied by ReferenceUnit and by edited quota rows. */
export interface QuotaRow {
  code: string;
  channel: Channel;
  parentCode: string | null;
  base: number;
  required: number;
}

export interface QuotaTotals {
  base: number;
  required: number;
  /** number of rows summed (a sub-row counts as a row, as in the published totals) */
  rows: number;
}

/** Base and required counts are whole, non-negative numbers. */
export function isQuotaCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** The count the rule asks for. Throws on a base that is not a whole non-negative number. */
export function requiredByRule(base: number): number {
  if (!isQuotaCount(base)) throw new RangeError(`基数必须是非负整数：${base}`);
  return REQUIRED_PER_BASE * base;
}

/** True when the published (or edited) required count is not 10 × base. */
export function deviatesFromRule(row: Pick<QuotaRow, 'base' | 'required'>): boolean {
  return row.required !== REQUIRED_PER_BASE * row.base;
}

function sum(rows: readonly Pick<QuotaRow, 'base' | 'required'>[]): QuotaTotals {
  let base = 0;
  let required = 0;
  for (const r of rows) {
    base += r.base;
    required += r.required;
  }
  return { base, required, rows: rows.length };
}

/** Totals of one channel, counting sub-rows separately as the published totals do. */
export function channelTotals(rows: readonly QuotaRow[], channel: Channel): QuotaTotals {
  return sum(rows.filter((r) => r.channel === channel));
}

/**
 * A unit's quota together with its sub-rows (交通运输 + 快递 = 106/1060). Descendants are
 * followed to any depth so later terms may nest further; a cycle in edited data is ignored
 * rather than looping. Returns null for an unknown code so a caller cannot mistake a typo for
 * a zero quota.
 */
export function unitTotal(rows: readonly QuotaRow[], code: string): QuotaTotals | null {
  const root = rows.find((r) => r.code === code);
  if (!root) return null;
  const included = new Set<string>([root.code]);
  const picked: QuotaRow[] = [root];
  for (let i = 0; i < picked.length; i++) {
    const parent = picked[i]!.code;
    for (const r of rows) {
      if (r.parentCode === parent && !included.has(r.code)) {
        included.add(r.code);
        picked.push(r);
      }
    }
  }
  return sum(picked);
}

/**
 * Approved creation collectives as a share of the required count: 0 … 1, above 1 when the
 * unit exceeds its quota. When nothing is required the quota is met, so the rate is 1 (never
 * NaN or Infinity, which would break progress bars and sorting).
 */
export function completionRate(approved: number, required: number): number {
  if (!isQuotaCount(approved)) throw new RangeError(`创建集体数必须是非负整数：${approved}`);
  if (!isQuotaCount(required)) throw new RangeError(`应完成数必须是非负整数：${required}`);
  if (required === 0) return 1;
  return approved / required;
}

/**
 * The explanation shown beside a deviating quota, or null when the row follows the rule.
 * e.g. 公安: 公布的应完成数 100 与“基数 × 10 = 1000”的规则不一致（按公布数执行）
 * A quota the national office edited (Quota.source 'edited') is worded as 设定的 … 按设定数执行,
 * so the screen does not claim the notice published a number it did not.
 */
export function quotaDeviationMessage(
  row: Pick<QuotaRow, 'base' | 'required'> & { source?: 'published' | 'edited' },
): string | null {
  if (!deviatesFromRule(row)) return null;
  const [adjective, basis] = row.source === 'edited' ? ['设定的', '按设定数执行'] : ['公布的', '按公布数执行'];
  return `${adjective}应完成数 ${row.required} 与“基数 × ${REQUIRED_PER_BASE} = ${REQUIRED_PER_BASE * row.base}”的规则不一致（${basis}）`;
}
