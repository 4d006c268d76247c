/**
 * Account codes (用户名（编码）) — the login names the product issues.
 *
 * Policy / scheme:
 * - Characters: digits and the letters of Crockford's base32 alphabet
 *   `0123456789ABCDEFGHJKMNPQRSTVWXYZ` (no I, L, O, U). The one exception is the unit's own
 *   leading letter (`I` for 行业 industry units, `R` for regions, `N` for the national office),
 *   which always stands first, where only a letter may stand.
 * - Layout (unit part = the unit's code with dashes removed: R09, I06, I061 for sub-row I06-1,
 *   R0903 for a subunit R09-03):
 *     collective      <unit> J <5-digit sequence per unit, 00001…99999> <check>   R09J00017?
 *     administrator   <unit> A <level 1–3> <3-digit sequence, 001…999> <check>    R09A1001?
 *     national office N00 A 0 <3-digit sequence> <check>                          N00A0001?
 *   J (集体) and A (管理员) tell the kind at a glance; the fixed-width fields after them make
 *   parsing unambiguous. Codes are 9–16 characters; today's are 9–11.
 * - Check character: the last character is chosen so that Σ α^i · v_i = 0 in the field GF(32)
 *   (reduction polynomial x⁵ + x² + 1, α = x), where v_i is the character's Crockford value
 *   (I counts as 1: it never competes with a digit for a position) and i counts positions from
 *   the check character (i = 0) leftwards. Because the field has no zero divisors and the
 *   weights α^0…α^30 are distinct and non-zero, every single-character substitution and every
 *   transposition of two adjacent different characters (including the check character itself)
 *   changes the sum: the code no longer validates. This is the GF(q) analogue of the ISBN
 *   weighted check digit, with an alphabet of 32 instead of 11.
 * - Input is forgiving: `normaliseCodeInput` folds full-width characters (Chinese input methods),
 *   case, spaces and dashes, and — after the first character — reads O as 0 and I/L as 1, as
 *   Crockford's decoding does; the letters I, L, O never appear there in an issued code.
 * - Uniqueness: the sequence is per unit and the unit part is the unit's code, so codes are
 *   unique as long as unit codes with dashes removed are unique (units must keep fixed-width
 *   segments below a published row). The store still enforces a unique index on `code`.
 */
import { randomString } from './random';

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const NATIONAL_UNIT_CODE = 'N00';
export const MAX_COLLECTIVE_SEQ = 99_999;
export const MAX_ADMIN_SEQ = 999;

// GF(32) with x^5 + x^2 + 1 (primitive, so x generates all 31 non-zero elements)
const EXP: number[] = [];
const LOG: number[] = new Array<number>(32).fill(0);
{
  let x = 1;
  for (let i = 0; i < 31; i++) {
    EXP.push(x);
    LOG[x] = i;
    x <<= 1;
    if (x & 0x20) x ^= 0b100101;
  }
}
function mulAlphaPow(v: number, power: number): number {
  return v === 0 ? 0 : EXP[(LOG[v]! + power) % 31]!;
}

function charValue(ch: string): number {
  if (ch === 'I') return 1;
  const v = CODE_ALPHABET.indexOf(ch);
  if (v < 0) throw new RangeError(`character ${ch} is not in the code alphabet`);
  return v;
}

/** The check character for a code body (everything before the check character). */
export function checkCharacter(body: string): string {
  if (body.length === 0 || body.length > 30) throw new RangeError('code body must be 1–30 characters');
  let sum = 0;
  for (let k = 0; k < body.length; k++) sum ^= mulAlphaPow(charValue(body[k]!), body.length - k);
  // the check character has weight α^0 = 1, and in characteristic 2 minus is plus
  return CODE_ALPHABET[sum]!;
}

/** Letters a unit code may start with: A–Z except L, O, U (I is allowed: 行业 units). */
const UNIT_RE = /^[A-KMNP-TV-Z][0-9]{2,8}$/;
const CODE_RE = /^([A-KMNP-TV-Z][0-9]{2,8})(?:J([0-9]{5})|A([0-3])([0-9]{3}))([0-9A-HJKMNP-TV-Z])$/;

function unitPart(unitCode: string): string {
  const u = unitCode.normalize('NFKC').toUpperCase().replace(/[\s\-‐‑‒–—―−]/g, '');
  if (!UNIT_RE.test(u)) throw new RangeError(`无效的单位编码：${unitCode}`);
  return u;
}

function seqField(seq: number, max: number, width: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > max) throw new RangeError(`序号超出范围（1–${max}）：${seq}`);
  return String(seq).padStart(width, '0');
}

/** 集体编码: `collectiveCode('R09', 17)` → `R09J00017` + check. */
export function collectiveCode(unitCode: string, seq: number): string {
  const body = `${unitPart(unitCode)}J${seqField(seq, MAX_COLLECTIVE_SEQ, 5)}`;
  return body + checkCharacter(body);
}

/**
 * 管理员编码: `adminCode('R09', 1, 1)` → `R09A1001` + check. The national office has no
 * levels: for unit N00 the level digit is always 0, whatever level is passed.
 */
export function adminCode(unitCode: string, level: 0 | 1 | 2 | 3, seq: number): string {
  const unit = unitPart(unitCode);
  const national = unit === NATIONAL_UNIT_CODE;
  if (!national && !(level === 1 || level === 2 || level === 3)) throw new RangeError(`管理员级别必须是 1–3：${level}`);
  const body = `${unit}A${national ? 0 : level}${seqField(seq, MAX_ADMIN_SEQ, 3)}`;
  return body + checkCharacter(body);
}

/** 全国组委会办公室: `N00A0001` + check for the first account. */
export function nationalOfficeCode(seq = 1): string {
  return adminCode(NATIONAL_UNIT_CODE, 0, seq);
}

export type ParsedCode =
  | { kind: 'collective'; unit: string; seq: number }
  | { kind: 'admin'; unit: string; level: 1 | 2 | 3; seq: number }
  | { kind: 'national'; unit: string; seq: number };

/** Structure and check character of an already normalised code; null when either is wrong. */
export function parseCode(code: string): ParsedCode | null {
  const m = CODE_RE.exec(code);
  if (!m) return null;
  const unit = m[1]!;
  const cSeq = m[2];
  const level = m[3];
  const aSeq = m[4];
  const check = m[5]!;
  if (checkCharacter(code.slice(0, -1)) !== check) return null;
  if (cSeq !== undefined) return Number(cSeq) >= 1 ? { kind: 'collective', unit, seq: Number(cSeq) } : null;
  const seq = Number(aSeq);
  if (seq < 1) return null;
  const national = unit === NATIONAL_UNIT_CODE;
  if (level === '0') return national ? { kind: 'national', unit, seq } : null;
  return national ? null : { kind: 'admin', unit, level: Number(level) as 1 | 2 | 3, seq };
}

/** Expects normalised input (see normaliseCodeInput). */
export function isWellFormedCode(code: string): boolean {
  return typeof code === 'string' && parseCode(code) !== null;
}

/**
 * What a person typed → the canonical code: NFKC folds full-width letters, digits and the
 * ideographic space; case is folded; spaces and dash-like characters go; after the first
 * character, O reads as 0 and I/L as 1.
 */
export function normaliseCodeInput(input: string): string {
  const s = String(input ?? '')
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―−_]/g, '');
  if (!s) return s;
  return s[0]! + s.slice(1).replace(/O/g, '0').replace(/[IL]/g, '1');
}

const DEVICE_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 12-character random device id [A-Za-z0-9] (~71 bits), e.g. for revision stamps. */
export function deviceId(): string {
  return randomString(DEVICE_ID_ALPHABET, 12);
}
