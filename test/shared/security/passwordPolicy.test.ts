import { describe, it, expect } from 'vitest';
import { checkNewPassword } from '../../../shared/security/passwordPolicy';
import { collectiveCode } from '../../../shared/security/codes';

const CODE = collectiveCode('R09', 17);
const ctx = { code: CODE, displayName: '上海铁路局虹桥站客运车间' };

describe('checkNewPassword', () => {
  it('accepts strong passwords', () => {
    expect(checkNewPassword('Shanghai#2017yca', ctx)).toEqual([]);
    expect(checkNewPassword('虹桥站青年-文明号2017', ctx)).toEqual([]);
    expect(checkNewPassword('correct horse battery 9', ctx)).toEqual([]);
  });

  it('refuses fewer than 10 characters, counting Chinese characters as one each', () => {
    expect(checkNewPassword('Ab3#xyz9', ctx)).toContain('密码至少需要 10 个字符');
    expect(checkNewPassword('青年文明号2017!', ctx)).toEqual([]);
    expect(checkNewPassword('青年文明号201', ctx)).toContain('密码至少需要 10 个字符');
  });

  it('refuses more than 128 characters', () => {
    expect(checkNewPassword('Ab3#'.repeat(33), ctx)).toContain('密码不能超过 128 个字符');
  });

  it("refuses the notice's initial passwords and passwords built mostly from them", () => {
    expect(checkNewPassword('123456', ctx)).toContain('不能使用初始密码 123456');
    expect(checkNewPassword('1406', ctx)).toContain('不能使用初始密码 1406');
    for (const pw of ['123456123456', '14061406140614', '123456abcd', 'x1406!!1406y', '123456!!!!']) {
      expect(checkNewPassword(pw, ctx).some((m) => m.startsWith('不能使用初始密码')), pw).toBe(true);
    }
    // a long password that merely contains the digits is fine
    expect(checkNewPassword('Hongqiao-123456-Station', ctx)).toEqual([]);
  });

  it("refuses the account's code, whatever the case, width or position", () => {
    const msg = '密码不能包含用户名（编码）';
    expect(checkNewPassword(CODE, ctx)).toContain(msg);
    expect(checkNewPassword(CODE.toLowerCase(), ctx)).toContain(msg);
    expect(checkNewPassword(`my-${CODE.toLowerCase()}-pw`, ctx)).toContain(msg);
    const fullWidth = [...CODE].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(checkNewPassword(`${fullWidth}!x`, ctx)).toContain(msg);
    // no code yet (first-run setup): nothing to compare with
    expect(checkNewPassword('Shanghai#2017yca', { code: '' })).toEqual([]);
  });

  it("refuses the account's display name", () => {
    expect(checkNewPassword('上海铁路局虹桥站客运车间1', ctx)).toContain('密码不能包含账号名称');
    expect(checkNewPassword('Zhang Wei 2017!', { code: CODE, displayName: 'zhangwei' })).toContain('密码不能包含账号名称');
  });

  it('refuses common passwords, also with digits or symbols added', () => {
    const msg = '这是常见密码，很容易被猜到，请换一个';
    for (const pw of ['woaini1314', 'qwertyuiop', '1qaz2wsx3edc', 'a123456789', '8888888888', 'Password123!', 'P@ssw0rd2024', 'woaini1314!!', '2017qwertyuiop', 'abc123abc123', 'Admin888888', 'qingnianwenminghao']) {
      expect(checkNewPassword(pw, ctx), pw).toContain(msg);
    }
  });

  it('refuses a single character class', () => {
    const msg = '密码需要包含字母、数字、符号中的至少两类';
    expect(checkNewPassword('hongqiaozhan', ctx)).toContain(msg);
    expect(checkNewPassword('虹桥站客运车间青年文明号', ctx)).toContain(msg);
    expect(checkNewPassword('2017092820', ctx)).toContain(msg);
    expect(checkNewPassword('!@#$%^&*()_', ctx)).toContain(msg);
  });

  it('refuses one repeated character and short repeated patterns', () => {
    expect(checkNewPassword('aaaaaaaaaaaa', ctx)).toContain('密码不能由同一个字符重复组成');
    expect(checkNewPassword('a1a1a1a1a1a1', ctx)).toContain('密码不能是简单重复的字符组合');
    expect(checkNewPassword('ab1!ab1!ab1!', ctx)).toContain('密码不能是简单重复的字符组合');
  });

  it('reports every problem at once', () => {
    expect(checkNewPassword('aaaa', ctx)).toEqual(
      expect.arrayContaining(['密码至少需要 10 个字符', '密码需要包含字母、数字、符号中的至少两类', '密码不能由同一个字符重复组成']),
    );
  });
});
