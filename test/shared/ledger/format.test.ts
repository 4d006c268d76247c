import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURRENT_LEDGER_VERSION, FORMAT_V1, META_KEYS, columnLetter, dateToSerial, parseHonour, honourText, serialToDate } from '../../../shared/ledger/format';
import { readmeSheetRows } from '../../../shared/ledger/export';

describe('format YCA-LEDGER v1', () => {
  it('has unique sheet names, and unique headers and keys within every sheet', () => {
    expect(new Set(FORMAT_V1.map((s) => s.name)).size).toBe(FORMAT_V1.length);
    for (const s of FORMAT_V1) {
      expect(new Set(s.columns.map((c) => c.header)).size).toBe(s.columns.length);
      expect(new Set(s.columns.map((c) => c.key)).size).toBe(s.columns.length);
    }
  });

  it('gives every option a distinct label, so a cell decodes to exactly one value', () => {
    for (const s of FORMAT_V1) {
      for (const c of s.columns.filter((x) => x.type === 'enum')) {
        const labels = Object.values(c.labels!);
        expect(new Set(labels).size, `${s.name} ${c.header}`).toBe(labels.length);
      }
    }
  });

  it('is documented in docs/ledger-format.md and in the workbook’s 说明 sheet, column by column', () => {
    const doc = readFileSync('docs/ledger-format.md', 'utf8');
    const readme = readmeSheetRows(FORMAT_V1, CURRENT_LEDGER_VERSION);
    for (const s of FORMAT_V1) {
      expect(doc).toContain(`### ${s.name}`);
      s.columns.forEach((c, i) => {
        expect(doc).toContain(`| ${columnLetter(i)} | ${c.header} |`);
        expect(readme.some((r) => r[0] === s.name && r[1] === columnLetter(i) && r[2] === c.header)).toBe(true);
      });
    }
    for (const key of Object.values(META_KEYS)) expect(doc).toContain(`| ${key} |`);
  });

  it('converts dates to Excel serials and back, for the whole accepted range', () => {
    expect(dateToSerial('1900-03-01')).toBe(61);
    expect(dateToSerial('2017-09-30')).toBe(43008);
    for (const d of ['1990-01-01', '2016-02-29', '2017-09-30', '2100-12-31']) expect(serialToDate(dateToSerial(d))).toBe(d);
  });

  it('writes and reads honours', () => {
    const h = { title: '青年文明号（复核）', year: 2016, level: 'provincial' as const, kind: 'recertified' as const };
    expect(honourText(h)).toBe('青年文明号（复核）（2016年省级复核认定）');
    expect(parseHonour(honourText(h))).toEqual(h);
    expect(parseHonour('全国青年文明号 2014')).toBeNull();
  });
});
