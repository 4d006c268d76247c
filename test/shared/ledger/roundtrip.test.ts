import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { buildLedger } from '../../../shared/ledger/build';
import { displayWidth, restoreText, safeText } from '../../../shared/ledger/cells';
import { exportLedger, LedgerCancelled, LedgerExportError } from '../../../shared/ledger/export';
import { FORMAT_V1, META_SHEET, README_SHEET, columnLetter, type LedgerData } from '../../../shared/ledger/format';
import { importLedger, issueText } from '../../../shared/ledger/import';
import { generateProvince, INJECTION_NAMES } from './generate';

const province = (): LedgerData =>
  buildLedger(generateProvince({ seed: 42, collectives: 1500, subunits: 16, extraNames: INJECTION_NAMES }));

function book(bytes: Uint8Array): XLSX.WorkBook {
  return XLSX.read(bytes, { type: 'array', cellFormula: true, cellNF: true, cellStyles: true });
}

describe('round trip: export → import gives the same data', () => {
  it('on a generated province of 1,500+ collectives with subunits, reviews, logs, complaints, changes, assessments and the report', async () => {
    const data = province();
    expect(data.collectives.length).toBe(1500 + INJECTION_NAMES.length);
    expect(data.units.length).toBe(17);
    // the generator produced every kind of row, so the round trip exercises every column type
    expect(data.changes.length).toBeGreaterThan(10);
    expect(data.evaluations.some((e) => e.complaint)).toBe(true);
    expect(data.collectives.some((c) => c.honours.length > 1)).toBe(true);
    expect(data.collectives.some((c) => c.formerNames.length > 0)).toBe(true);
    expect(data.collectives.some((c) => c.youthShare === null)).toBe(true);
    expect(data.assessments.length).toBe(22);
    expect(data.report).not.toBeNull();

    const out = await exportLedger(data);
    const back = await importLedger(out.bytes);
    expect(back.errors.map(issueText)).toEqual([]);
    expect(back.warnings.map(issueText)).toEqual([]);
    expect(back.ok).toBe(true);
    expect(back.data).toEqual(data);
    expect(back.checksum).toEqual({ declared: out.checksum, computed: out.checksum, matches: true });
    expect(back.counts['创建集体名单']).toBe(data.collectives.length);
  });

  it('without the report (the sheet is optional) and for the national office (scope 全国)', async () => {
    const src = generateProvince({ seed: 3, collectives: 40, withReport: false });
    const nationalRoot = { ...src.root, id: 'unit-N00', code: 'N00', name: '全国创建“青年文明号”活动组委会办公室', channel: 'national' as const, parentId: null, path: '/unit-N00/', depth: 0 };
    const national = buildLedger({ ...src, root: nationalRoot, units: [nationalRoot, ...src.units] });
    expect(national.meta.scope).toBe('national');
    expect(national.report).toBeNull();
    const out = await exportLedger(national);
    expect(book(out.bytes).SheetNames).not.toContain('情况报告');
    const back = await importLedger(out.bytes);
    expect(back.ok).toBe(true);
    expect(back.data).toEqual(national);
  });

  it('writes the same bytes for the same data (no timestamps in the file)', async () => {
    const data = buildLedger(generateProvince({ seed: 5, collectives: 30 }));
    const a = await exportLedger(data);
    const b = await exportLedger(data);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });
});

describe('the workbook', () => {
  it('has 说明 first, the data sheets of format v1, 元数据 last, with Chinese headers in row 1', async () => {
    const data = province();
    const wb = book((await exportLedger(data)).bytes);
    expect(wb.SheetNames).toEqual([README_SHEET, ...FORMAT_V1.map((s) => s.name), META_SHEET]);
    for (const def of FORMAT_V1) {
      const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[def.name]!, { header: 1 });
      expect(rows[0]).toEqual(def.columns.map((c) => c.header));
    }
    // the format is documented inside the workbook: every sheet and column appears in 说明
    const readme = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[README_SHEET]!, { header: 1 });
    for (const def of FORMAT_V1) for (const c of def.columns) expect(readme.some((r) => r[0] === def.name && r[2] === c.header)).toBe(true);
  });

  it('stores numbers and dates as real cells (not text), dates formatted yyyy-mm-dd and shares as percentages', async () => {
    const data = province();
    const wb = book((await exportLedger(data)).bytes);
    const ws = wb.Sheets['创建集体名单']!;
    const def = FORMAT_V1[0]!;
    const letter = (key: string) => columnLetter(def.columns.findIndex((c) => c.key === key));
    const i = data.collectives.findIndex((c) => c.filedOn !== null && c.youthShare !== null);
    const row = i + 2;
    const members = ws[`${letter('memberCount')}${row}`] as XLSX.CellObject;
    expect(members).toMatchObject({ t: 'n', v: data.collectives[i]!.memberCount });
    const filed = ws[`${letter('filedOn')}${row}`] as XLSX.CellObject;
    expect(filed.t).toBe('n');
    expect(filed.z).toBe('yyyy-mm-dd');
    expect(XLSX.SSF.format('yyyy-mm-dd', filed.v as number)).toBe(data.collectives[i]!.filedOn);
    const share = ws[`${letter('youthShare')}${row}`] as XLSX.CellObject;
    expect(share).toMatchObject({ t: 'n', v: data.collectives[i]!.youthShare, z: '0.00%' });
    // an empty value is an empty cell, not "" or 0
    const j = data.collectives.findIndex((c) => c.filedOn === null);
    expect(ws[`${letter('filedOn')}${j + 2}`]).toBeUndefined();
    const meta = XLSX.utils.sheet_to_json<[string, unknown]>(wb.Sheets[META_SHEET]!, { header: 1 });
    expect(meta.find((r) => r[0] === '格式版本')?.[1]).toBe(1);
    expect(meta.find((r) => r[0] === '行数：创建集体名单')?.[1]).toBe(data.collectives.length);
  });

  it('freezes the header row of every sheet (a frozen pane in each sheet XML)', async () => {
    const files = unzipSync((await exportLedger(province())).bytes);
    const sheets = Object.keys(files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    expect(sheets.length).toBe(FORMAT_V1.length + 2);
    for (const s of sheets) {
      expect(strFromU8(files[s]!)).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    }
  });

  it('sizes columns to their Chinese content (a CJK character counts 2)', async () => {
    const data = province();
    const wb = book((await exportLedger(data)).bytes);
    const cols = wb.Sheets['创建集体名单']!['!cols']!;
    const def = FORMAT_V1[0]!;
    const nameCol = cols[def.columns.findIndex((c) => c.key === 'name')]!;
    const longest = Math.max(...data.collectives.slice(0, 500).map((c) => displayWidth(c.name)));
    expect(nameCol.wch).toBe(Math.min(60, longest + 2));
    // a short header of four CJK characters still gets 4 × 2 + 2
    const seqWidth = cols[def.columns.findIndex((c) => c.key === 'status')]!.wch!;
    expect(seqWidth).toBeGreaterThanOrEqual(displayWidth('报备集体（待审核）') + 2);
    expect(displayWidth('青年文明号')).toBe(10);
    expect(displayWidth('YCA 2017')).toBe(8);
  });
});

describe('formula injection', () => {
  it('writes names that look like formulas as text cells without a formula, and reads them back as the same plain text', async () => {
    const data = province();
    const out = await exportLedger(data);
    const wb = book(out.bytes);
    const ws = wb.Sheets['创建集体名单']!;
    for (const name of INJECTION_NAMES) {
      const i = data.collectives.findIndex((c) => c.name === name);
      expect(i).toBeGreaterThanOrEqual(0);
      const cell = ws[`C${i + 2}`] as XLSX.CellObject;
      expect(cell.t).toBe('s');
      expect(cell.f).toBeUndefined();
      // the stored text starts with an apostrophe, so no spreadsheet reads it as a formula
      expect(String(cell.v).startsWith("'")).toBe(true);
    }
    // nothing in the file is a formula
    const files = unzipSync(out.bytes);
    for (const [path, bytes] of Object.entries(files)) if (path.startsWith('xl/worksheets/')) expect(strFromU8(bytes)).not.toContain('<f>');
    const back = await importLedger(out.bytes);
    expect(back.data!.collectives.filter((c) => INJECTION_NAMES.includes(c.name)).map((c) => c.name).sort()).toEqual([...INJECTION_NAMES].sort());
    // the report's "=SUM(A1)" paragraph too
    expect(back.data!.report!.some((p) => p.text === '=SUM(A1) 不是公式。')).toBe(true);
  });

  it('safeText and restoreText are inverse for every string, including ones that already start with apostrophes', () => {
    const samples = [...INJECTION_NAMES, '', 'plain', "'", "''", "'abc", "''=x", '=', '-', '中文=不是公式', ' =leading space'];
    for (const s of samples) expect(restoreText(safeText(s))).toBe(s);
    expect(safeText('=1+1')).toBe("'=1+1");
    expect(safeText("'=1+1")).toBe("''=1+1");
    expect(safeText('中文')).toBe('中文');
  });
});

describe('export limits and cancellation', () => {
  it('refuses a text longer than an Excel cell can hold, naming the sheet, row and column', async () => {
    const data = buildLedger(generateProvince({ seed: 9, collectives: 5 }));
    data.workEntries[0]!.description = '长'.repeat(40_000);
    await expect(exportLedger(data)).rejects.toThrow(LedgerExportError);
    await expect(exportLedger(data)).rejects.toThrow('“五个一工作台账”第 2 行“内容简述”有 40000 个字符');
  });

  it('reports progress and stops when cancelled', async () => {
    const data = buildLedger(generateProvince({ seed: 9, collectives: 3000 }));
    const seen: number[] = [];
    await exportLedger(data, { onProgress: (p) => seen.push(p.done / p.total) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen[seen.length - 1]).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    let calls = 0;
    await expect(exportLedger(data, { shouldCancel: () => ++calls > 2 })).rejects.toThrow(LedgerCancelled);
  });
});
