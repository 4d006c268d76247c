/**
 * Eligibility of a filing for a term's 创建集体 (part 一.1, 一.3; annex 2 一.1–一.2).
 *
 * Policy:
 * - Every rule is checked and reported, passed or not, so the reviewer sees the whole picture;
 *   the filing is eligible only when all pass. Only the national office may override
 *   (`canOverride`), and the override is recorded as its own review action elsewhere.
 * - Dates: a yyyy-mm-dd string is taken as is; an ISO instant is read as a calendar date in
 *   Beijing time (UTC+8, the notice's time zone), because "before 2017-09-30" is a date there.
 * - Open interpretation (the notice says only "最近一届的省级青年文明号命名或复核认定"): a
 *   provincial naming or re-certification counts as "the latest" when its year lies within
 *   `provincialWindowYears` (default 2) calendar years before the term's filing-deadline year,
 *   or in the deadline year itself up to the honour cutoff — for 2017—2018: 2015, 2016, 2017.
 *   Provinces name on different cycles (mostly every two years); the window is a setting the
 *   national office may change, and the UI shows it.
 * - A national honour counts if named (or re-certified, which presupposes a naming) in a year
 *   not after the cutoff year, and — when its date is known — not after the cutoff date.
 */
import type { CollectiveStatus, Honour, Role, Term, TermId } from '../model/entities';

export type EligibilityTerm = Pick<Term, 'code' | 'filingOpens' | 'filingDeadline' | 'honourCutoff'>;

export interface EligibilityHonour extends Honour {
  /** yyyy-mm-dd of the naming, when known (Honour itself stores only the year) */
  date?: string;
}

/** Another filing of the same collective (e.g. through a second channel or an earlier code). */
export interface OtherFiling {
  collectiveId: string;
  code?: string;
  term: TermId;
  status: CollectiveStatus;
}

export interface EligibilityInput {
  /** the collective under review; entries of `otherFilings` with this id are ignored */
  collectiveId?: string;
  profile: { honours: readonly EligibilityHonour[]; basicConditionsAttested: boolean };
  /** when the filing was submitted (ISO instant or yyyy-mm-dd) */
  filedAt: string | null;
  /** the approval date being decided (ISO instant or yyyy-mm-dd) */
  reviewedAt: string | null;
  otherFilings: readonly OtherFiling[];
}

export interface EligibilityOptions {
  /** calendar years before the filing-deadline year in which a provincial honour still counts */
  provincialWindowYears?: number;
  /** time zone of the notice's dates, minutes east of UTC (default 480, Beijing) */
  utcOffsetMinutes?: number;
}

export type EligibilityRule = 'basicConditions' | 'honour' | 'filingWindow' | 'reviewWindow' | 'oneFilingPerTerm';

export interface EligibilityReason {
  rule: EligibilityRule;
  ok: boolean;
  message: string;
}

export interface EligibilityResult {
  eligible: boolean;
  reasons: EligibilityReason[];
}

export const DEFAULT_PROVINCIAL_WINDOW_YEARS = 2;
const BEIJING_OFFSET_MINUTES = 480;

/** Years in which a provincial honour counts as "the latest" (inclusive). */
export function provincialHonourYears(term: EligibilityTerm, windowYears = DEFAULT_PROVINCIAL_WINDOW_YEARS): { from: number; to: number } {
  const deadlineYear = yearOf(term.filingDeadline);
  return { from: deadlineYear - windowYears, to: deadlineYear };
}

/** Statuses that mean the collective has a filing that stands in that term. */
function filingStands(status: CollectiveStatus): boolean {
  // registered: never filed; superseded: moved to a new code, whose filing is the one that counts.
  // disqualified still counts: filing again would undo the national office's decision.
  return status !== 'registered' && status !== 'superseded';
}

const OTHER_STATUS_LABEL: Record<CollectiveStatus, string> = {
  registered: '已派发编码',
  filed: '报备集体',
  preReviewed: '已初审',
  approved: '创建集体',
  returned: '已退回',
  disqualified: '已取消创建资格',
  superseded: '已由新编码取代',
};

export function checkEligibility(input: EligibilityInput, term: EligibilityTerm, options: EligibilityOptions = {}): EligibilityResult {
  const offset = options.utcOffsetMinutes ?? BEIJING_OFFSET_MINUTES;
  const windowYears = options.provincialWindowYears ?? DEFAULT_PROVINCIAL_WINDOW_YEARS;
  const reasons: EligibilityReason[] = [
    basicConditions(input),
    honour(input.profile.honours, term, windowYears),
    ...windows(input, term, offset),
    oneFilingPerTerm(input, term),
  ];
  return { eligible: reasons.every((r) => r.ok), reasons };
}

/** Only the national office may approve against a failed rule (DOMAIN "Roles"). */
export function canOverride(role: Role): boolean {
  return role === 'national';
}

function basicConditions(input: EligibilityInput): EligibilityReason {
  return input.profile.basicConditionsAttested
    ? { rule: 'basicConditions', ok: true, message: '已确认符合2016年11月颁布的《青年文明号管理办法》规定的集体基本条件。' }
    : {
        rule: 'basicConditions',
        ok: false,
        message: '未确认符合2016年11月颁布的《青年文明号管理办法》规定的集体基本条件（通知一.1），请在集体档案中确认。',
      };
}

function honour(honours: readonly EligibilityHonour[], term: EligibilityTerm, windowYears: number): EligibilityReason {
  const cutoff = term.honourCutoff;
  const cutoffYear = yearOf(cutoff);
  const cutoffText = chineseDate(cutoff);
  const notAfterCutoff = (h: EligibilityHonour): boolean => h.date === undefined || h.date === '' || h.date <= cutoff;

  const national = honours.find((h) => h.level === 'national' && h.year <= cutoffYear && notAfterCutoff(h));
  if (national) {
    const how = national.kind === 'named' ? '命名' : '复核认定';
    return { rule: 'honour', ok: true, message: `${national.year}年获全国青年文明号${how}（${cutoffText}前），具备创建资格。` };
  }
  const { from, to } = provincialHonourYears(term, windowYears);
  const provincial = honours
    .filter((h) => h.level === 'provincial' && h.year >= from && h.year <= to && notAfterCutoff(h))
    .sort((a, b) => b.year - a.year)[0];
  if (provincial) {
    const how = provincial.kind === 'named' ? '命名' : '复核认定';
    return {
      rule: 'honour',
      ok: true,
      message: `${provincial.year}年获省级青年文明号${how}，属最近一届（按${from}—${to}年认定），具备创建资格。`,
    };
  }
  const late = honours.filter((h) => h.year > cutoffYear || !notAfterCutoff(h));
  const old = honours.filter((h) => h.level === 'provincial' && h.year < from);
  const notes: string[] = [];
  if (late.length > 0) notes.push(`${late.map((h) => (h.date ? chineseDate(h.date) : `${h.year}年`)).join('、')}的荣誉晚于${cutoffText}，不计入`);
  if (old.length > 0) notes.push(`${old.map((h) => `${h.year}年`).join('、')}的省级荣誉早于最近一届（${from}—${to}年），不计入`);
  return {
    rule: 'honour',
    ok: false,
    message: `${cutoffText}前未获全国青年文明号命名，也未获最近一届（${from}—${to}年）省级青年文明号命名或复核认定（通知一.1）${
      notes.length > 0 ? `；${notes.join('；')}` : ''
    }。`,
  };
}

function windows(input: EligibilityInput, term: EligibilityTerm, offset: number): EligibilityReason[] {
  const range = `${chineseDate(term.filingOpens)}至${chineseDate(term.filingDeadline)}`;
  const inWindow = (d: string): boolean => d >= term.filingOpens && d <= term.filingDeadline;
  const filed = input.filedAt === null ? null : calendarDate(input.filedAt, offset);
  const reviewed = input.reviewedAt === null ? null : calendarDate(input.reviewedAt, offset);

  let filing: EligibilityReason;
  if (input.filedAt === null) filing = { rule: 'filingWindow', ok: false, message: '集体尚未提交报备。' };
  else if (filed === null) filing = { rule: 'filingWindow', ok: false, message: `报备日期“${input.filedAt}”无法识别。` };
  else if (!inWindow(filed))
    filing = {
      rule: 'filingWindow',
      ok: false,
      message: `报备日期${chineseDate(filed)}不在本届报备期（${range}）内，不能成为本届创建集体（通知一.3；一届次一申报，当届申报、当届有效）。`,
    };
  else filing = { rule: 'filingWindow', ok: true, message: `报备日期${chineseDate(filed)}在本届报备期（${range}）内。` };

  let review: EligibilityReason;
  if (input.reviewedAt === null) review = { rule: 'reviewWindow', ok: false, message: '未提供审核日期。' };
  else if (reviewed === null) review = { rule: 'reviewWindow', ok: false, message: `审核日期“${input.reviewedAt}”无法识别。` };
  else if (!inWindow(reviewed))
    review = {
      rule: 'reviewWindow',
      ok: false,
      message: `审核日期${chineseDate(reviewed)}不在本届报备期（${range}）内：须在${chineseDate(term.filingDeadline)}前完成报备并通过管理单位审核（通知一.3）。`,
    };
  else if (filed !== null && reviewed < filed)
    review = { rule: 'reviewWindow', ok: false, message: `审核日期${chineseDate(reviewed)}早于报备日期${chineseDate(filed)}。` };
  else review = { rule: 'reviewWindow', ok: true, message: `审核日期${chineseDate(reviewed)}在本届报备期（${range}）内。` };

  return [filing, review];
}

function oneFilingPerTerm(input: EligibilityInput, term: EligibilityTerm): EligibilityReason {
  const clashes = input.otherFilings.filter(
    (f) => f.term === term.code && f.collectiveId !== input.collectiveId && filingStands(f.status),
  );
  if (clashes.length === 0) return { rule: 'oneFilingPerTerm', ok: true, message: '本届没有其他报备。' };
  const list = clashes.map((f) => `${f.code ?? f.collectiveId}（${OTHER_STATUS_LABEL[f.status]}）`).join('、');
  return {
    rule: 'oneFilingPerTerm',
    ok: false,
    message: `该集体本届已有其他报备：${list}。一届次只能申报一次，不可多途径申报（通知一.4；附件2 一.2），请先处理重复报备。`,
  };
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** yyyy-mm-dd of a date or instant in the given time zone; null when unreadable. */
export function calendarDate(value: string, utcOffsetMinutes = BEIJING_OFFSET_MINUTES): string | null {
  const s = value.trim();
  // A date, or a wall-clock time without zone, is already a Beijing calendar date.
  const local = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s);
  if (local) {
    const day = local[1]!;
    const d = new Date(`${day}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? null : day;
  }
  if (!/^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(s)) return null;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}
