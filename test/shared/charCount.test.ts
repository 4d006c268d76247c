import { describe, it, expect } from 'vitest';
import { countReportChars, REPORT_LIMIT, reportExportCheck } from '../../shared/text/charCount';

describe('情况报告 character count', () => {
  it('counts CJK, letters, digits and punctuation; not whitespace', () => {
    // 青年(2) 文明号(3) YCA(3) 2017(4) ！(1)
    expect(countReportChars('青年 文明号 YCA 2017！\n')).toBe(13);
    expect(countReportChars('创建，规范。“三亮”（亮身份）；a,b.c!')).toBe(22);
    expect(countReportChars('')).toBe(0);
  });

  it('ignores every kind of whitespace, including the ideographic space U+3000', () => {
    expect(countReportChars(' \t\r\n\u3000\u00a0\u2003\u2028')).toBe(0);
    expect(countReportChars('\u3000\u3000一、机制规范\r\n')).toBe(6);
  });

  it('counts code points: an emoji or astral character is 1', () => {
    expect('😀'.length).toBe(2);
    expect(countReportChars('😀')).toBe(1);
    expect(countReportChars('𠮷野家')).toBe(3);
  });

  it('counts combining marks and invisible format characters as 0', () => {
    expect(countReportChars('e\u0301')).toBe(1); // e + combining acute
    expect(countReportChars('é')).toBe(1);
    expect(countReportChars('❤\ufe0f')).toBe(1); // variation selector
    expect(countReportChars('👨\u200d👩\u200d👧')).toBe(3); // ZWJ sequence: three people, no joiners
    expect(countReportChars('\ufeff青年')).toBe(2); // BOM
  });

  it('accepts a 1,990-character report', () => {
    const text = '青年文明号创建工作。\n'.repeat(199);
    expect(countReportChars(text)).toBe(1990);
    const check = reportExportCheck(text);
    expect(check.ok).toBe(true);
    expect(check.count).toBe(1990);
    expect(check.over).toBe(0);
    expect(check.message).toBe('情况报告共 1990 字，未超过 2000 字的上限');
  });

  it('accepts exactly 2,000 and refuses 2,001 with a Chinese message', () => {
    const two = '字'.repeat(REPORT_LIMIT);
    expect(reportExportCheck(two).ok).toBe(true);
    const check = reportExportCheck(`${two}\n 。`);
    expect(check.ok).toBe(false);
    expect(check.count).toBe(2001);
    expect(check.over).toBe(1);
    expect(check.message).toBe('情况报告共 2001 字，超过 2000 字的上限，请删减 1 字后再导出');
  });

  it('refuses an empty report', () => {
    const check = reportExportCheck(' \n\u3000');
    expect(check.ok).toBe(false);
    expect(check.message).toBe('情况报告尚无内容，请填写后再导出');
  });
});
