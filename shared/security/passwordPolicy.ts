/**
 * Password policy for passwords people choose (first login, change, setup).
 *
 * A new password is refused when it
 * - has fewer than 10 or more than 128 characters (Unicode code points, after NFC);
 * - is one of the notice's fixed initial passwords 1406 / 123456, or is built mostly from one
 *   (what remains after removing every occurrence is shorter than 6 characters:
 *   123456123456, 123456abcd, 1406140614 …);
 * - contains the account's code (用户名（编码）), ignoring case and full/half width, or
 *   contains the account's display name (4 characters or more; equal to it for shorter names);
 * - is on the built-in list of common passwords, also when only digits or symbols were added
 *   before or after it (Password123!), or when it repeats a listed one (abc123abc123);
 * - uses fewer than two of the classes letters (any script) / digits / symbols;
 * - is one character repeated, or a pattern of at most 4 characters repeated (a1a1a1a1a1).
 * Length is the main defence (PBKDF2 makes each guess slow); the rest removes the guesses an
 * attacker tries first. Messages are shown as a list, all at once.
 */
import { normaliseCodeInput } from './codes';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** The initial passwords printed in the notice (annex 2 五.1): never usable. */
export const NOTICE_DEFAULT_PASSWORDS = ['1406', '123456'] as const;

/**
 * Common choices, lower case: world-wide top lists plus Chinese favourites (keyboard walks,
 * 520/1314 love numbers, pinyin) and words of this product's own domain.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  // digit runs and repeats
  '123456789', '1234567890', '12345678', '1234567', '0123456789', '987654321', '9876543210',
  '0987654321', '123123', '123123123', '123321', '1234554321', '123654', '654321', '112233',
  '11223344', '111111', '1111111111', '000000', '0000000000', '666666', '66666666', '888888',
  '88888888', '8888888888', '999999', '147258369', '147258', '159357', '159753', '19491001',
  '20082008', '110110',
  // love numbers
  '5201314', '1314520', '1314521', '5211314', '520520', '521521', '7758521', '7758258', '3344520',
  // pinyin and English phrases
  'woaini', 'woaini1314', 'woaini520', 'woaini521', 'aini1314', 'iloveyou', 'iloveyou1314',
  'zhongguo', 'china', 'beijing', 'shanghai', 'huawei', 'nihao', 'wodemima', 'mima',
  // password / admin
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'password1', 'password123', 'admin',
  'admin123', 'admin888', 'admin1234', 'administrator', 'root', 'root123', 'guest', 'test',
  'test123', 'welcome', 'letmein', 'master', 'monkey', 'dragon', 'football', 'baseball',
  'sunshine', 'princess', 'superman', 'trustno1', 'changeme', 'default', 'hello', 'hello123',
  // keyboard walks
  'qwerty', 'qwerty123', 'qwertyuiop', 'qwe123', 'qweasd', 'qweasdzxc', 'qwe123456', 'asdfgh',
  'asdfghjkl', 'zxcvbnm', 'zxcvbnm123', '1qaz2wsx', '1qaz2wsx3edc', '1qazxsw2', '12qwaszx',
  '1q2w3e4r', '1q2w3e4r5t', 'q1w2e3r4', 'q1w2e3r4t5', '1234qwer', 'qwer1234', '123qwe',
  '123qweasd', '123qweasdzxc', 'asd123', 'asd123456', 'zxc123', 'zxc123456', 'qazwsx',
  'qazwsxedc',
  // letters + digits
  'a123456', 'a12345678', 'a123456789', 'aa123456', 'abc123', 'abc12345', 'abc123456',
  'abcd1234', '1234abcd', 'abcdefg', 'abcdefgh', 'abcdefghij', '123456a', '123456abc',
  '123456aa', '123abc', 'qq123456', '123456qq',
  // this product's own words
  'qingnian', 'qingnianwenminghao', 'qnwmh', 'qnwmh123', 'tuanwei', 'tuanwei123',
  'gongqingtuan', 'gqt123', 'yca', 'yca123', 'yca2017', 'qingnianhao',
]);

const CLASS_LETTER = /\p{L}/u;
const CLASS_DIGIT = /\p{Nd}/u;

function chars(s: string): string[] {
  return [...s];
}

/** Fold for comparisons: compatibility forms (full width) and case. */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/** The shortest unit the whole string repeats (itself when it does not repeat). */
function repeatUnit(s: string): string {
  const c = chars(s);
  for (let n = 1; n <= c.length / 2; n++) {
    if (c.length % n !== 0) continue;
    const unit = c.slice(0, n).join('');
    if (unit.repeat(c.length / n) === s) return unit;
  }
  return s;
}

function isCommon(folded: string): boolean {
  const candidates = new Set<string>([
    folded,
    folded.replace(/[^\p{L}]+$/u, ''), // Password123!
    folded.replace(/^[^\p{L}]+/u, ''), // 2017password
    folded.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''),
    folded.replace(/[^\p{L}\p{Nd}]+$/u, ''), // woaini1314!!
    repeatUnit(folded), // abc123abc123
  ]);
  for (const c of candidates) if (c.length >= 3 && COMMON_PASSWORDS.has(c)) return true;
  return false;
}

export interface PasswordContext {
  /** the account's code (用户名（编码）); '' when not yet known */
  code: string;
  displayName?: string;
}

/** Problems with a proposed password, as Chinese sentences; empty = acceptable. */
export function checkNewPassword(password: string, ctx: PasswordContext): string[] {
  const problems: string[] = [];
  const pw = String(password ?? '').normalize('NFC');
  const cs = chars(pw);
  const folded = fold(pw);

  if (cs.length < PASSWORD_MIN_LENGTH) problems.push(`密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`);
  if (cs.length > PASSWORD_MAX_LENGTH) problems.push(`密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`);

  for (const d of NOTICE_DEFAULT_PASSWORDS) {
    if (folded === d) problems.push(`不能使用初始密码 ${d}`);
    else if (folded.includes(d) && chars(folded.split(d).join('')).length < 6) {
      problems.push(`不能使用初始密码 ${d} 或在其基础上简单变化的密码`);
    }
  }

  const code = normaliseCodeInput(ctx.code ?? '').toLowerCase();
  if (code) {
    // a code is short only in tests or hand-made data: then only equality is meaningful
    const hit = code.length >= 3 ? folded.includes(code) : folded === code;
    if (hit) problems.push('密码不能包含用户名（编码）');
  }

  const name = fold(ctx.displayName ?? '').replace(/\s+/g, '');
  if (name) {
    const compact = folded.replace(/\s+/g, '');
    const hit = chars(name).length >= 4 ? compact.includes(name) : compact === name;
    if (hit) problems.push('密码不能包含账号名称');
  }

  if (cs.length > 0 && isCommon(folded)) problems.push('这是常见密码，很容易被猜到，请换一个');

  const classes =
    (CLASS_LETTER.test(pw) ? 1 : 0) + (CLASS_DIGIT.test(pw) ? 1 : 0) + (cs.some((c) => !CLASS_LETTER.test(c) && !CLASS_DIGIT.test(c)) ? 1 : 0);
  if (cs.length > 0 && classes < 2) problems.push('密码需要包含字母、数字、符号中的至少两类');

  const unit = chars(repeatUnit(folded));
  if (cs.length > 1 && unit.length === 1) problems.push('密码不能由同一个字符重复组成');
  else if (cs.length > 1 && unit.length <= 4 && unit.length < cs.length) problems.push('密码不能是简单重复的字符组合');

  return problems;
}
