/**
 * Character count of the 情况报告 (annex 3 一.3: “创建工作情况报告（2000字以内）”).
 *
 * Rule (the notice only says 字; this is the product's documented reading, close to how word
 * processors count 字数 for Chinese text):
 * - the text is first normalised to NFC, so a precomposed and a decomposed letter count alike;
 * - every other character counts 1: each CJK character, letter, digit and punctuation mark,
 *   Chinese or Latin (“青年”=2, “YCA”=3, “2017”=4, “！”=1, “,”=1);
 * - whitespace counts 0: spaces, tabs, line breaks, the ideographic space U+3000, NBSP …;
 * - combining marks (accents, variation selectors) count 0 — they belong to the character before;
 * - invisible format and control characters (zero-width joiner, BOM, soft hyphen) count 0;
 * - counting is by Unicode code point, not UTF-16 unit, so an emoji or any character outside the
 *   Basic Multilingual Plane (𠮷) counts 1, not 2.
 * Limit: 2000; export is refused above it.
 */

export const REPORT_LIMIT = 2000;

// \s covers ASCII whitespace, U+3000, NBSP and the other Unicode spaces and line separators.
const NOT_COUNTED = /[\s\p{M}\p{Cc}\p{Cf}]/u;

export function countReportChars(text: string): number {
  let n = 0;
  for (const ch of text.normalize('NFC')) {
    if (!NOT_COUNTED.test(ch)) n++;
  }
  return n;
}

export interface ReportCheck {
  ok: boolean;
  count: number;
  limit: number;
  /** characters to remove before export; 0 when within the limit */
  over: number;
  message: string;
}

/** May the report be exported? An empty report may not: there is nothing to submit. */
export function reportExportCheck(text: string, limit: number = REPORT_LIMIT): ReportCheck {
  const count = countReportChars(text);
  const over = Math.max(0, count - limit);
  if (count === 0) {
    return { ok: false, count, limit, over, message: '情况报告尚无内容，请填写后再导出' };
  }
  if (over > 0) {
    return {
      ok: false,
      count,
      limit,
      over,
      message: `情况报告共 ${count} 字，超过 ${limit} 字的上限，请删减 ${over} 字后再导出`,
    };
  }
  return { ok: true, count, limit, over, message: `情况报告共 ${count} 字，未超过 ${limit} 字的上限` };
}
