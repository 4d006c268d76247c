import { describe, it, expect } from 'vitest';
import {
  adminCode,
  checkCharacter,
  collectiveCode,
  deviceId,
  isWellFormedCode,
  nationalOfficeCode,
  normaliseCodeInput,
  parseCode,
  CODE_ALPHABET,
} from '../../../shared/security/codes';

const SAMPLE = [
  collectiveCode('R09', 17),
  collectiveCode('I06-1', 1),
  collectiveCode('I23', 99999),
  collectiveCode('R09-03', 4321),
  adminCode('R09', 1, 1),
  adminCode('I06', 3, 250),
  nationalOfficeCode(),
];
/** every character a person could type in a code, ambiguous ones included */
const TYPEABLE = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('code layout', () => {
  it('builds collective, admin and national office codes with a check character', () => {
    const c = collectiveCode('R09', 17);
    expect(c).toMatch(/^R09J00017[0-9A-HJKMNP-TV-Z]$/);
    expect(c.slice(-1)).toBe(checkCharacter('R09J00017'));
    expect(collectiveCode('I06-1', 5)).toMatch(/^I061J00005.$/);
    expect(adminCode('R09', 2, 7)).toMatch(/^R09A2007.$/);
    expect(nationalOfficeCode()).toMatch(/^N00A0001.$/);
    // the national office has no levels
    expect(adminCode('N00', 1, 1)).toBe(nationalOfficeCode(1));
  });

  it('parses what it built', () => {
    expect(parseCode(collectiveCode('R09', 17))).toEqual({ kind: 'collective', unit: 'R09', seq: 17 });
    expect(parseCode(adminCode('I06-1', 3, 12))).toEqual({ kind: 'admin', unit: 'I061', level: 3, seq: 12 });
    expect(parseCode(nationalOfficeCode(2))).toEqual({ kind: 'national', unit: 'N00', seq: 2 });
    for (const c of SAMPLE) expect(isWellFormedCode(c), c).toBe(true);
  });

  it('refuses bad inputs when building', () => {
    expect(() => collectiveCode('R09', 0)).toThrow(RangeError);
    expect(() => collectiveCode('R09', 100000)).toThrow(RangeError);
    expect(() => adminCode('R09', 4 as never, 1)).toThrow(RangeError);
    expect(() => adminCode('R09', 0, 1)).toThrow(RangeError);
    expect(() => adminCode('R09', 1, 1000)).toThrow(RangeError);
    expect(() => collectiveCode('上海', 1)).toThrow('无效的单位编码');
    expect(() => collectiveCode('RA9', 1)).toThrow(RangeError);
  });

  it('refuses malformed codes', () => {
    const good = collectiveCode('R09', 17);
    for (const bad of ['', good.slice(0, -1), `${good}X`, good.toLowerCase(), `R09J0017${checkCharacter('R09J0017')}`, `R09A4001${checkCharacter('R09A4001')}`, `R09A0001${checkCharacter('R09A0001')}`, `N00A1001${checkCharacter('N00A1001')}`, `R09J00000${checkCharacter('R09J00000')}`]) {
      expect(isWellFormedCode(bad), bad).toBe(false);
    }
  });
});

describe('check character', () => {
  it('catches every single-character substitution', () => {
    let tried = 0;
    for (const code of SAMPLE) {
      for (let i = 0; i < code.length; i++) {
        for (const ch of TYPEABLE) {
          if (ch === code[i]) continue;
          const typo = code.slice(0, i) + ch + code.slice(i + 1);
          expect(isWellFormedCode(typo), `${code} → ${typo}`).toBe(false);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(2000);
  });

  it('catches every transposition of adjacent different characters, the check character included', () => {
    for (const code of SAMPLE) {
      for (let i = 0; i + 1 < code.length; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(isWellFormedCode(swapped), `${code} → ${swapped}`).toBe(false);
      }
    }
  });

  it('uses the whole check alphabet', () => {
    const seen = new Set<string>();
    for (let seq = 1; seq <= 400; seq++) seen.add(collectiveCode('R09', seq).slice(-1));
    expect([...seen].sort().join('')).toBe([...CODE_ALPHABET].sort().join(''));
  });
});

describe('normaliseCodeInput', () => {
  it('folds full width, case, spaces and dashes', () => {
    const code = collectiveCode('R09', 17);
    const fullWidth = [...code.toLowerCase()].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(normaliseCodeInput(`\u3000${fullWidth.slice(0, 4)}－${fullWidth.slice(4)} `)).toBe(code);
    expect(normaliseCodeInput(` ${code.slice(0, 3)}-${code.slice(3, 6)} ${code.slice(6)}\t`)).toBe(code);
  });

  it('reads O as 0 and I/L as 1 after the first character, keeping the leading unit letter', () => {
    const code = collectiveCode('I06-1', 10);
    expect(code.startsWith('I061J00010')).toBe(true);
    const typed = 'i' + code.slice(1).replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normaliseCodeInput(typed)).toBe(code);
    expect(isWellFormedCode(normaliseCodeInput(typed))).toBe(true);
  });
});

describe('deviceId', () => {
  it('is 12 random characters of [A-Za-z0-9]', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = deviceId();
      expect(id).toMatch(/^[A-Za-z0-9]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(200);
  });
});
