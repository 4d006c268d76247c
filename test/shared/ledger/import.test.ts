import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { buildLedger } from '../../../shared/ledger/build';
import { exportLedger } from '../../../shared/ledger/export';
import { FORMAT_V1, columnLetter, type DataSheetId, type LedgerData } from '../../../shared/ledger/format';
import { importLedger, issueText, LEDGER_READERS, readerV1, type LedgerIssue, type LedgerReader } from '../../../shared/ledger/import';
import { generateProvince } from './generate';

const FIXTURES = path.resolve('test/fixtures/ledger');
const order = (i: LedgerIssue) => `${i.sheet}\u0000${String(i.row ?? 0).padStart(7, '0')}\u0000${i.column ?? ''}\u0000${i.message}`;
const sorted = (list: LedgerIssue[]) => [...list].sort((a, b) => order(a).localeCompare(order(b)));

describe('golden fixtures: each file gives exactly the errors and warnings written beside it', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.xlsx'));
  it('covers valid and invalid ledgers', () => {
    expect(files).toEqual(
      expect.arrayContaining(['valid.xlsx', 'edited-checksum.xlsx', 'invalid-cells.xlsx', 'invalid-counts.xlsx', 'invalid-structure.xlsx', 'not-a-ledger.xlsx', 'future-version.xlsx']),
    );
  });
  for (const file of files) {
    it(file, async () => {
      const expected = JSON.parse(readFileSync(path.join(FIXTURES, file.replace(/\.xlsx$/, '.json')), 'utf8')) as { errors: LedgerIssue[]; warnings: LedgerIssue[] };
      const r = await importLedger(new Uint8Array(readFileSync(path.join(FIXTURES, file))));
      expect(sorted(r.errors)).toEqual(sorted(expected.errors));
      expect(sorted(r.warnings)).toEqual(sorted(expected.warnings));
      expect(r.ok).toBe(expected.errors.length === 0);
      expect(r.data === null).toBe(expected.errors.length > 0);
    });
  }

  it('every error names its sheet, row and column in Chinese', async () => {
    const r = await importLedger(new Uint8Array(readFileSync(path.join(FIXTURES, 'invalid-cells.xlsx'))));
    expect(r.errors.length).toBe(9);
    for (const e of r.errors) {
      expect(e.row).toBeGreaterThan(1);
      expect(e.column).toMatch(/^[A-Z]+$/);
      expect(issueText(e)).toMatch(/^工作表“[^”]+”第 \d+ 行 [A-Z]+ 列（.+?）：/);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Single rules on a small ledger edited cell by cell

async function small(): Promise<{ data: LedgerData; bytes: Uint8Array }> {
  const data = buildLedger(generateProvince({ seed: 21, collectives: 80, subunits: 2 }));
  return { data, bytes: (await exportLedger(data)).bytes };
}

function edit(bytes: Uint8Array, change: (wb: XLSX.WorkBook) => void): Uint8Array {
  const wb = XLSX.read(bytes, { type: 'array', cellNF: true, cellFormula: true });
  change(wb);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

function address(id: DataSheetId, key: string, row: number): [string, string] {
  const def = FORMAT_V1.find((d) => d.id === id)!;
  return [def.name, `${columnLetter(def.columns.findIndex((c) => c.key === key))}${row}`];
}

function setCell(wb: XLSX.WorkBook, id: DataSheetId, key: string, row: number, cell: XLSX.CellObject | undefined): void {
  const [sheet, a] = address(id, key, row);
  if (cell) wb.Sheets[sheet]![a] = cell;
  else delete wb.Sheets[sheet]![a];
}

const texts = (r: { errors: LedgerIssue[] }) => r.errors.map(issueText);

describe('strict cell rules', () => {
  it('a percentage that does not match its counts, a number stored as text, an unknown status', async () => {
    const { data, bytes } = await small();
    const i = data.collectives.findIndex((c) => c.youthShare !== null);
    const edited = edit(bytes, (wb) => {
      setCell(wb, 'collectives', 'youthShare', i + 2, { t: 'n', v: 0.99999 });
      setCell(wb, 'collectives', 'logCount', 3, { t: 's', v: '3' });
      setCell(wb, 'collectives', 'status', 4, { t: 's', v: '已通过' });
    });
    const r = await importLedger(edited);
    const expected = Math.round((data.collectives[i]!.youthCount / data.collectives[i]!.memberCount) * 10000) / 100;
    expect(texts(r)).toEqual(
      expect.arrayContaining([
        `工作表“创建集体名单”第 ${i + 2} 行 K 列（青年占比）：青年占比应为 ${expected.toFixed(2)}%（35岁以下人数 ÷ 成员人数）`,
        '工作表“创建集体名单”第 3 行 T 列（创建日志数）：应为数值，当前为文本“3”（请填写数字，并将单元格格式设为“数值”）',
        expect.stringMatching(/^工作表“创建集体名单”第 4 行 N 列（状态）：“已通过”不是有效的选项，应为：已派发编码、/),
      ]),
    );
    expect(r.ok).toBe(false);
    expect(r.data).toBeNull();
  });

  it('a formula anywhere is refused, also in 元数据', async () => {
    const { bytes } = await small();
    const edited = edit(bytes, (wb) => {
      wb.Sheets['元数据']!['B4'] = { t: 's', v: 'R09', f: 'CONCAT("R","09")' };
    });
    const r = await importLedger(edited);
    expect(texts(r)).toContain('工作表“元数据”第 4 行 B 列（值）：单元格含公式“=CONCAT("R","09")”：台账只接受直接填写的数值和文本，不接受公式');
  });

  it('an assessment missing items, an item on the wrong line, an item assessed that should not be', async () => {
    const data = buildLedger(generateProvince({ seed: 21, collectives: 10, subunits: 1, channel: 'industry', unitCode: 'I05', unitName: '住房城乡建设' }));
    const bytes = (await exportLedger(data)).bytes;
    const rows = data.assessments;
    const item6 = rows.findIndex((r) => r.itemNo === 6 && r.kind === 'self');
    const item3 = rows.findIndex((r) => r.itemNo === 3 && r.kind === 'self');
    const edited = edit(bytes, (wb) => {
      // self assessment: item 3 moved to item 4's number (duplicate, and 3 missing)
      setCell(wb, 'assessments', 'itemNo', item3 + 2, { t: 'n', v: 4 });
      // an industry line is not assessed on item 6
      setCell(wb, 'assessments', 'assessed', item6 + 2, { t: 's', v: '是' });
    });
    const r = await importLedger(edited);
    expect(texts(r)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^工作表“考评自评表”第 ${item3 + 3} 行 F 列（项目序号）：第 4 项在单位“I05”自评（评分人 .+）中重复（第 ${item3 + 2} 行已有）$`)),
        `工作表“考评自评表”第 ${item3 + 2} 行 H 列（考评项目）：第 4 项应为“跟踪监督”`,
        `工作表“考评自评表”第 ${item6 + 2} 行 J 列（是否考核）：第 6 项只考核省级地方团委，本单位应填“否”`,
      ]),
    );
  });

  it('changes and evaluations must refer to collectives of the list, with their names', async () => {
    const { data, bytes } = await small();
    expect(data.changes.length).toBeGreaterThan(0);
    const edited = edit(bytes, (wb) => {
      setCell(wb, 'evaluations', 'collectiveCode', 2, { t: 's', v: 'R09J99999X' });
      setCell(wb, 'changes', 'collectiveName', 2, { t: 's', v: '另一个名称' });
    });
    const r = await importLedger(edited);
    expect(texts(r)).toEqual(
      expect.arrayContaining([
        '工作表“社会评价与投诉”第 2 行 B 列（集体编码）：集体编码“R09J99999X”不在“创建集体名单”中',
        `工作表“变更与退出记录”第 2 行 C 列（集体名称）：应为“${data.changes[0]!.collectiveName}”（与“创建集体名单”一致）`,
      ]),
    );
  });

  it('a deleted row: the counts in 元数据 and the checksum warn, the unit totals are errors', async () => {
    const { data, bytes } = await small();
    const edited = edit(bytes, (wb) => {
      const ws = wb.Sheets['创建集体名单']!;
      const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
      // remove the first approved collective
      const i = data.collectives.findIndex((c) => c.status === 'approved');
      aoa.splice(i + 1, 1);
      wb.Sheets['创建集体名单'] = XLSX.utils.aoa_to_sheet(aoa);
    });
    const r = await importLedger(edited);
    expect(r.warnings.map(issueText)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`元数据记录“创建集体名单”有 ${data.collectives.length} 行，实际为 ${data.collectives.length - 1} 行`),
        expect.stringContaining('校验值不一致'),
      ]),
    );
    expect(texts(r)).toEqual(expect.arrayContaining([expect.stringMatching(/^工作表“网络创建完成情况”第 2 行 J 列（创建集体）：应为 \d+（按“创建集体名单”统计，含下级单位）/)]));
  });

  it('an edited value that keeps the file consistent is accepted with a checksum warning only', async () => {
    const { bytes } = await small();
    const edited = edit(bytes, (wb) => setCell(wb, 'workEntries', 'participants', 2, { t: 's', v: '全体团干部' }));
    const r = await importLedger(edited);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.message)).toEqual(['校验值不一致：台账内容在导出后被修改过（例如手工编辑）。内容已逐项校验，请向报送单位核实改动。']);
    expect(r.checksum.matches).toBe(false);
    expect(r.data!.workEntries[0]!.participants).toBe('全体团干部');
  });

  it('re-saving in a spreadsheet without changes keeps the checksum (it covers values, not bytes)', async () => {
    const { bytes } = await small();
    const resaved = edit(bytes, () => {});
    expect(Buffer.from(resaved).equals(Buffer.from(bytes))).toBe(false);
    const r = await importLedger(resaved);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.checksum.matches).toBe(true);
  });

  it('blank lines between rows are ignored; an extra sheet is a warning', async () => {
    const { data, bytes } = await small();
    const edited = edit(bytes, (wb) => {
      const aoa = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['创建集体名单']!, { header: 1 });
      aoa.splice(5, 0, [], []);
      wb.Sheets['创建集体名单'] = XLSX.utils.aoa_to_sheet(aoa);
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['备注']]), '我的备注');
    });
    const r = await importLedger(edited);
    expect(r.ok).toBe(true);
    expect(r.checksum.matches).toBe(true);
    expect(r.warnings.map(issueText)).toEqual(['工作表“我的备注”：该工作表不属于台账格式第 1 版，已忽略']);
    expect(r.data!.collectives.length).toBe(data.collectives.length);
  });
});

describe('files that are not ledgers', () => {
  it('empty, not a workbook, or a damaged zip: one clear message, no crash', async () => {
    expect(texts(await importLedger(new Uint8Array()))).toEqual(['工作表“（文件）”：文件为空（0 字节），请选择导出的工作台账 Excel 文件。']);
    expect(texts(await importLedger(new TextEncoder().encode('序号,集体名称\n1,某集体')))).toEqual([
      '工作表“（文件）”：该文件不是 Excel 工作簿（.xlsx）。请选择由 YCA Desk 导出的工作台账。',
    ]);
    const { bytes } = await small();
    const broken = bytes.slice(0, Math.floor(bytes.length / 3));
    const r = await importLedger(broken);
    expect(r.ok).toBe(false);
    expect(r.errors.length).toBe(1);
    expect(r.errors[0]!.message).toMatch(/损坏|不是标准工作台账/);
  });
});

describe('long imports', () => {
  it('report progress up to the whole file and stop when cancelled', async () => {
    const bytes = (await exportLedger(buildLedger(generateProvince({ seed: 8, collectives: 3000 })))).bytes;
    const seen: [number, number][] = [];
    const r = await importLedger(bytes, { onProgress: (p) => seen.push([p.done, p.total]) });
    expect(r.ok).toBe(true);
    const fractions = seen.map(([d, t]) => d / t);
    expect(seen.length).toBeGreaterThan(3);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(fractions[fractions.length - 1]).toBe(1);
    let polls = 0;
    await expect(importLedger(bytes, { shouldCancel: () => ++polls > 1 })).rejects.toThrow('已取消');
  });
});

describe('format versions', () => {
  it('dispatches on 格式版本: a v1 file goes to the v1 reader even when a v2 reader exists', async () => {
    const { bytes } = await small();
    const calls: number[] = [];
    const spyV1: LedgerReader = { ...readerV1, read: (ctx) => (calls.push(1), readerV1.read(ctx)) };
    const fakeV2: LedgerReader = {
      version: 2,
      format: FORMAT_V1,
      async read() {
        calls.push(2);
        return { data: null, counts: {}, checksum: { declared: null, computed: null } };
      },
    };
    const readers = new Map([
      [1, spyV1],
      [2, fakeV2],
    ]);
    const v1 = await importLedger(bytes, { readers });
    expect(v1.ok).toBe(true);
    expect(v1.version).toBe(1);
    const v2file = edit(bytes, (wb) => {
      const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['元数据']!, { header: 1 });
      wb.Sheets['元数据']![`B${rows.findIndex((r) => r[0] === '格式版本') + 1}`] = { t: 'n', v: 2 };
    });
    const v2 = await importLedger(v2file, { readers });
    expect(v2.version).toBe(2);
    expect(calls).toEqual([1, 2]);
  });

  it('the shipped registry reads version 1 and asks to update the software for a newer one', async () => {
    expect([...LEDGER_READERS.keys()]).toEqual([1]);
    const r = await importLedger(new Uint8Array(readFileSync(path.join(FIXTURES, 'future-version.xlsx'))));
    expect(r.version).toBe(2);
    expect(r.errors[0]!.message).toContain('请升级 YCA Desk');
  });
});
