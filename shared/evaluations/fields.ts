/**
 * 社会评价 (social evaluations): sources, the import columns with the headers recognised for
 * them, and the rules a single evaluation must meet — shared by the entry form and the
 * spreadsheet import, so both refuse the same things with the same words.
 *
 * Policy:
 * - Sources follow part 二.4 of the notice: 社会公众, 监督队伍 (社会热心人士等组成的监督队伍),
 *   专业机构, and 互评互查 between collectives (peer collectives).
 * - Rating is a whole number 1–5 (5 best). Imports also read "5分", "４", "★★★★" and 一…五星.
 * - Date: a real calendar day, not in the future. Content: at most 2000 characters; a complaint
 *   must say what it is about.
 * - Header matching: exact (after removing blanks, width differences, a leading "*" and a
 *   trailing colon), then exact without bracketed notes ("评分（1-5）" → "评分"), then by the end
 *   of the header for the few head nouns listed as suffix-safe.
 */
import type { EvaluationSource } from '../model/entities';
import { isIsoDate } from '../rules/complaints';

export const EVALUATION_SOURCES: readonly EvaluationSource[] = ['public', 'supervisionTeam', 'professionalBody', 'peerCollective'];

export const EVALUATION_SOURCE_LABEL: Record<EvaluationSource, string> = {
  public: '社会公众',
  supervisionTeam: '监督队伍',
  professionalBody: '专业机构',
  peerCollective: '互评互查（同行集体）',
};

const SOURCE_SYNONYMS: ReadonlyArray<readonly [string, EvaluationSource]> = [
  ['社会公众', 'public'],
  ['公众', 'public'],
  ['群众', 'public'],
  ['人民群众', 'public'],
  ['服务对象', 'public'],
  ['市民', 'public'],
  ['顾客', 'public'],
  ['乘客', 'public'],
  ['患者', 'public'],
  ['群众评议', 'public'],
  ['公开评议', 'public'],
  ['社会评议', 'public'],
  ['监督队伍', 'supervisionTeam'],
  ['监督员', 'supervisionTeam'],
  ['社会监督员', 'supervisionTeam'],
  ['社会监督', 'supervisionTeam'],
  ['监督团', 'supervisionTeam'],
  ['监督小组', 'supervisionTeam'],
  ['监督组', 'supervisionTeam'],
  ['督导组', 'supervisionTeam'],
  ['专业机构', 'professionalBody'],
  ['专业评估机构', 'professionalBody'],
  ['第三方', 'professionalBody'],
  ['第三方机构', 'professionalBody'],
  ['第三方评估', 'professionalBody'],
  ['评估机构', 'professionalBody'],
  ['互评互查', 'peerCollective'],
  ['互评', 'peerCollective'],
  ['互查', 'peerCollective'],
  ['同行集体', 'peerCollective'],
  ['同行互评', 'peerCollective'],
  ['兄弟集体', 'peerCollective'],
  ['互评互查同行集体', 'peerCollective'],
];

function sourceKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[()（）[\]【】]/g, '');
}

const SOURCE_LOOKUP = new Map<string, EvaluationSource>(SOURCE_SYNONYMS.map(([k, v]) => [sourceKey(k), v]));

/** The source a cell means, or null. */
export function resolveSource(text: string): EvaluationSource | null {
  return SOURCE_LOOKUP.get(sourceKey(text)) ?? null;
}

export function sourceSynonyms(): ReadonlyMap<EvaluationSource, string[]> {
  const out = new Map<EvaluationSource, string[]>(EVALUATION_SOURCES.map((s) => [s, []]));
  for (const [k, v] of SOURCE_SYNONYMS) if (k !== EVALUATION_SOURCE_LABEL[v]) out.get(v)!.push(k);
  return out;
}

const CN_DIGITS = new Map([
  ['一', 1],
  ['二', 2],
  ['两', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
]);

/** A rating cell → 1..5, or null when it is not a whole number 1–5. */
export function parseRating(text: string, numeric?: number): number | null {
  if (numeric !== undefined) return Number.isInteger(numeric) && numeric >= 1 && numeric <= 5 ? numeric : null;
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return null;
  if (/^[★☆]+$/.test(t)) {
    const stars = [...t].filter((c) => c === '★').length;
    return stars >= 1 && stars <= 5 ? stars : null;
  }
  const m = /^(\d+|[一二两三四五])(?:分|星|颗星|星级)?$/.exec(t);
  if (!m) return null;
  const n = CN_DIGITS.get(m[1]!) ?? Number(m[1]);
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

const YES = new Set(['是', '有', 'y', 'yes', '√', '✓', '✔', '1', 'true', '投诉', '属于投诉', '是投诉']);
const NO = new Set(['否', '无', '不是', 'n', 'no', '×', '✗', '0', 'false', '非投诉', '不是投诉', '']);

/** 是否投诉 → boolean, or null when unreadable. An empty cell means no. */
export function parseYesNo(text: string): boolean | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return null;
}

/** "2017-05-04", "2017/5/4", "2017.5.4", "2017年5月4日", "20170504" → "2017-05-04", or null. */
export function parseDateText(text: string): string | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

export const MAX_EVALUATION_CONTENT = 2000;

export interface EvaluationInput {
  source: EvaluationSource;
  rating: number;
  content: string;
  /** yyyy-mm-dd */
  date: string;
  complaint: boolean;
}

export type EvaluationInputField = keyof EvaluationInput;

/** Problems with one evaluation (Chinese), by field; [] when it may be stored. `today` is yyyy-mm-dd. */
export function evaluationProblems(input: EvaluationInput, today: string): { field: EvaluationInputField; message: string }[] {
  const out: { field: EvaluationInputField; message: string }[] = [];
  if (!EVALUATION_SOURCES.includes(input.source)) out.push({ field: 'source', message: '请选择评价来源' });
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) out.push({ field: 'rating', message: '评分应为 1—5 的整数（5 为最好）' });
  const content = input.content.trim();
  const len = [...content].length;
  if (len > MAX_EVALUATION_CONTENT) out.push({ field: 'content', message: `评价内容不能超过 ${MAX_EVALUATION_CONTENT} 个字（当前 ${len} 个字）` });
  if (input.complaint && content === '') out.push({ field: 'content', message: '投诉须写明投诉内容' });
  if (!isIsoDate(input.date)) out.push({ field: 'date', message: input.date ? `评价日期“${input.date}”不是有效日期` : '请填写评价日期' });
  else if (input.date > today) out.push({ field: 'date', message: `评价日期（${input.date}）不能晚于今天（${today}）` });
  return out;
}
