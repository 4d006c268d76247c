/**
 * Collective names: normalisation for search and duplicate detection (part 一.4: one channel,
 * no double filing; DOMAIN "One channel").
 *
 * Policy:
 * - `normaliseName` is a comparison form, never a display form: NFKC (full-width letters,
 *   digits and punctuation → half-width), every kind of whitespace removed (incl. U+3000,
 *   NBSP, zero-width), brackets （）()【】[]〔〕［］〈〉《》「」『』 and quotes removed, dashes unified
 *   to "-", middle dots unified to "·", Latin lower-cased. Two names with the same normalised
 *   form are the same name written differently: the roster treats them as one collective.
 * - `nameKey` goes further, for *likely* duplicates that an administrator must resolve: it
 *   drops all punctuation and then trailing words that describe the recognition rather than
 *   the collective (see NAME_NOISE_SUFFIXES). It never drops words that carry identity
 *   (分公司, 分行, 支行, 营业部, 车间, 科, 站, 所, 队 …) nor organisational prefixes (中国…).
 * - Likely duplicates are only ever shown for review; nothing is merged automatically.
 */
import { pinyin } from 'pinyin-pro';
import type { Channel } from '../model/entities';

const WHITESPACE = /[\s\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]+/gu;
// After NFKC the full-width forms （）［］ have become ()[]; the CJK brackets have no
// compatibility decomposition and are listed themselves.
const BRACKETS_AND_QUOTES = /[()[\]{}【】〔〕〖〗〘〙〚〛〈〉《》「」『』﹙﹚﹛﹜﹝﹞“”‘’"'`′″‹›«»]/gu;
// Hyphen, non-breaking hyphen, figure dash, en/em dash, horizontal bar, minus, small hyphen.
const DASHES = /[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d~～〜]/gu;
// Middle dot, bullet, katakana middle dot, hyphenation point, dot operators.
const MIDDLE_DOTS = /[\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65\u0387]/gu;

/** Comparison form of a name (see the policy above). Safe on any string, including ''. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(WHITESPACE, '')
    .replace(BRACKETS_AND_QUOTES, '')
    .replace(DASHES, '-')
    .replace(MIDDLE_DOTS, '·')
    .toLowerCase();
}

/**
 * Trailing words stripped by `nameKey`, longest first. They name the honour or the kind of
 * record ("…青年文明号", "…创建集体"), not the collective: "某医院急诊科青年文明号" and
 * "某医院急诊科" are the same collective. Deliberately NOT listed:
 * - bare "集体" (e.g. "某村集体" is a village's collective economic organisation),
 * - "青年突击队", "服务队", "班组", "中心" and every organisational word — they are the name,
 * - legal forms such as "有限公司"/"股份有限公司" — different legal entities stay different.
 * "团队" is stripped: in a roster of youth collectives "某营业部团队" and "某营业部" are the same
 * collective, and a false match only costs an administrator one look.
 */
export const NAME_NOISE_SUFFIXES: readonly string[] = [
  '全国青年文明号创建集体',
  '青年文明号创建集体',
  '全国青年文明号集体',
  '青年文明号集体',
  '全国青年文明号',
  '省级青年文明号',
  '青年文明号',
  '创建集体',
  '青年集体',
  '青年团队',
  '团队',
];

/** A key shorter than this is not stripped further (it would match too much). */
const MIN_KEY_AFTER_STRIP = 4;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/** Key for likely-duplicate detection (see NAME_NOISE_SUFFIXES). */
export function nameKey(s: string): string {
  let key = normaliseName(s).replace(NOT_LETTER_OR_DIGIT, '');
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const suffix of NAME_NOISE_SUFFIXES) {
      if (key.endsWith(suffix) && [...key].length - [...suffix].length >= MIN_KEY_AFTER_STRIP) {
        key = key.slice(0, key.length - suffix.length);
        stripped = true;
        break;
      }
    }
  }
  return key;
}

/**
 * Pinyin initials for search: 上海市第一人民医院 → "shsdyrmyy". Latin letters and digits are kept
 * (lower-case, half-width); punctuation and brackets are dropped. Polyphones follow pinyin-pro's
 * word-level reading (银行 → yh, 重庆 → cq).
 */
export function pinyinInitials(s: string): string {
  const text = normaliseName(s).replace(NOT_LETTER_OR_DIGIT, '');
  if (text === '') return '';
  const parts = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' });
  return parts
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export interface SearchTarget {
  name: string;
  formerNames?: readonly string[];
  code?: string;
  /** precomputed `pinyinInitials(name)`; computed on the fly if absent */
  initials?: string;
}

/**
 * Does a collective match a search box query? A blank query matches everything. Matches when
 * the normalised query is a substring of the name or of a former name (曾用名称), a prefix of
 * the code, or — for a query of Latin letters and digits only — a prefix of the pinyin initials.
 */
export function matchesSearch(query: string, target: SearchTarget): boolean {
  const match = searchMatcher(query);
  return match === null || match(prepareSearchTarget(target));
}

/** A search target normalised once (the collective list keeps one per row, not per keystroke). */
export interface PreparedSearchTarget {
  name: string;
  formerNames: readonly string[];
  code: string | null;
  initials: string;
}

export function prepareSearchTarget(target: SearchTarget): PreparedSearchTarget {
  return {
    name: normaliseName(target.name),
    formerNames: (target.formerNames ?? []).map(normaliseName),
    code: target.code === undefined ? null : normaliseName(target.code),
    initials: target.initials ?? pinyinInitials(target.name),
  };
}

/**
 * The test `matchesSearch` applies, with the query normalised once: name or a former name
 * contains it, the code starts with it, or (letters and digits only) the pinyin initials start
 * with it. Null for an empty query (everything matches).
 */
export function searchMatcher(query: string): ((target: PreparedSearchTarget) => boolean) | null {
  const q = normaliseName(query);
  if (q === '') return null;
  const byInitials = /^[a-z0-9]+$/.test(q);
  return (t) =>
    t.name.includes(q) || t.formerNames.some((f) => f.includes(q)) || (t.code !== null && t.code.startsWith(q)) || (byInitials && t.initials.startsWith(q));
}

export interface DuplicateCandidate {
  id: string;
  name: string;
  unitId: string;
  channel: Channel;
}

export interface DuplicateGroup {
  /** ids in input order */
  ids: string[];
  /** the shared name key; for a similar group, the shorter key that ends the others */
  key: string;
  /** exact: equal name keys; similar: the shorter key is the tail of every other key */
  match: 'exact' | 'similar';
  /** spans both an industry and a region channel — filed through both (part 一.4) */
  crossChannel: boolean;
  /** every member belongs to the same management unit — filed twice in one unit */
  sameUnit: boolean;
}

export interface DuplicateOptions {
  /** also report "similar" groups (default true) */
  similar?: boolean;
  /** shortest key (in characters) that may be the tail of another key (default 6) */
  minSimilarLength?: number;
}

/**
 * Groups of collectives that are probably the same one. Buckets by `nameKey` (linear), then,
 * for "similar" groups, looks up every tail of each key of at least `minSimilarLength`
 * characters in the bucket map (linear in total name length).
 *
 * Why only tails: Chinese names run from the organisation down to the sub-unit, so a key that
 * ends another one differs only by a leading qualifier ("上海市第一人民医院急诊科" vs
 * "第一人民医院急诊科") — probably the same collective; a key that merely *starts* another is
 * usually its parent ("某分行" vs "某分行营业部") — a different collective. Similar groups are
 * stars around the shorter key (no transitive chaining), so one generic short name cannot pull
 * a whole province into one group.
 */
export function findLikelyDuplicates(collectives: readonly DuplicateCandidate[], options: DuplicateOptions = {}): DuplicateGroup[] {
  const similar = options.similar ?? true;
  const minLen = options.minSimilarLength ?? 6;
  const order = new Map<DuplicateCandidate, number>();
  collectives.forEach((c, i) => order.set(c, i));
  const buckets = new Map<string, DuplicateCandidate[]>();
  for (const c of collectives) {
    const key = nameKey(c.name);
    if (key === '') continue;
    const bucket = buckets.get(key);
    if (bucket) bucket.push(c);
    else buckets.set(key, [c]);
  }

  const groups: DuplicateGroup[] = [];
  for (const [key, members] of buckets) {
    if (members.length > 1) groups.push(makeGroup(key, 'exact', members, order));
  }
  if (!similar) return groups;

  // shorter key → the longer keys that end with it
  const tails = new Map<string, string[]>();
  for (const key of buckets.keys()) {
    const chars = [...key];
    for (let i = 1; chars.length - i >= minLen; i++) {
      const tail = chars.slice(i).join('');
      if (buckets.has(tail)) {
        const list = tails.get(tail);
        if (list) list.push(key);
        else tails.set(tail, [key]);
      }
    }
  }
  for (const [short, longer] of tails) {
    const members = [...(buckets.get(short) ?? []), ...longer.flatMap((k) => buckets.get(k) ?? [])];
    groups.push(makeGroup(short, 'similar', members, order));
  }
  return groups;
}

function makeGroup(
  key: string,
  match: 'exact' | 'similar',
  unordered: readonly DuplicateCandidate[],
  order: ReadonlyMap<DuplicateCandidate, number>,
): DuplicateGroup {
  const members = [...unordered].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const channels = new Set(members.map((m) => m.channel));
  const units = new Set(members.map((m) => m.unitId));
  return {
    ids: members.map((m) => m.id),
    key,
    match,
    crossChannel: channels.has('industry') && channels.has('region'),
    sameUnit: units.size === 1,
  };
}
