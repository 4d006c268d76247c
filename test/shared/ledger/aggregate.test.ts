import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { DEFAULT_RUBRIC, scoreSheet } from '../../../shared/assessment/rubric';
import { aggregateLedgers, aggregateWorkbook, SUMMARY_HEADERS, type AggregateInput } from '../../../shared/ledger/aggregate';
import { buildLedger } from '../../../shared/ledger/build';
import { exportLedger } from '../../../shared/ledger/export';
import { importLedger } from '../../../shared/ledger/import';
import { jiangsu, shanghai, shanghaiResent } from '../../fixtures/ledger/make';
import { generateProvince, INJECTION_NAMES } from './generate';

const FIXTURES = path.resolve('test/fixtures/ledger');

async function load(file: string): Promise<AggregateInput> {
  return { fileName: file, result: await importLedger(new Uint8Array(readFileSync(path.join(FIXTURES, file)))) };
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('national aggregation', () => {
  it('gives one row per unit whatever the order; a re-sent ledger replaces the earlier one', async () => {
    const inputs = await Promise.all(['valid.xlsx', 'valid-jiangsu.xlsx', 'valid-resent.xlsx', 'invalid-cells.xlsx'].map(load));
    const results = permutations(inputs).map((p) => aggregateLedgers(p));
    for (const r of results) expect(r).toEqual(results[0]);
    const r = results[0]!;
    expect(r.term).toBe('2017-2018');
    expect(r.units.map((u) => [u.unitCode, u.fileName])).toEqual([
      ['R09', 'valid-resent.xlsx'],
      ['R10', 'valid-jiangsu.xlsx'],
    ]);
    expect(r.files.map((f) => [f.fileName, f.status])).toEqual([
      ['valid-resent.xlsx', 'included'],
      ['valid-jiangsu.xlsx', 'included'],
      ['valid.xlsx', 'replaced'],
      ['invalid-cells.xlsx', 'refused'],
    ]);
    expect(r.files[2]!.reason).toBe('已被同一单位 2018-03-16T08:00:00.000Z 导出的台账“valid-resent.xlsx”取代');
    expect(r.files[3]!.reason).toMatch(/^台账校验未通过（9 处错误）：工作表“创建集体名单”第 10 行 C 列（集体名称）：不能为空/);
  });

  it('reports quota completion, 五个一, self score and national score from the unit’s own ledger', async () => {
    const r = aggregateLedgers([await load('valid-resent.xlsx')]);
    const data = shanghaiResent();
    const root = data.units[0]!;
    const u = r.units[0]!;
    expect(u).toMatchObject({
      unitCode: 'R09',
      unitName: '上海',
      base: root.base,
      required: root.required,
      filed: root.filed,
      approved: root.approved,
      completionRate: root.completionRate,
      met: root.approved >= root.required!,
      collectives: data.collectives.length,
      fiveOnesMet: 5,
      fiveOnesMissing: [],
      selfSubmitted: true,
      nationalScorers: 1,
      checksumOk: true,
    });
    // scores computed by the rubric from the source assessments, not from the ledger path
    const src = generateProvince({ seed: 7, collectives: 17, subunits: 3, extraNames: INJECTION_NAMES, exportedAt: '2018-03-16T08:00:00.000Z' });
    const self = src.assessments.find((a) => a.kind === 'self')!;
    const nat = src.assessments.find((a) => a.kind === 'national')!;
    expect(u.selfScore).toBe(scoreSheet(DEFAULT_RUBRIC, { provincialCommittee: true }, self.scores).total);
    expect(u.nationalScore).toBe(scoreSheet(DEFAULT_RUBRIC, { provincialCommittee: true }, nat.scores).total);
    expect(u.selfScore).toBeGreaterThan(0);
  });

  it('a unit missing 五个一 kinds shows them; totals add up by channel', async () => {
    const sh = shanghai();
    sh.workEntries = sh.workEntries.filter((e) => e.type !== '集中培训' && e.type !== '常态化联系平台');
    sh.workEntries.forEach((e, i) => (e.seq = i + 1));
    const js = jiangsu(shanghai());
    const industry = buildLedger(generateProvince({ seed: 4, unitCode: 'I05', unitName: '住房城乡建设', channel: 'industry', base: 108, collectives: 30, subunits: 1 }));
    const inputs: AggregateInput[] = [];
    for (const [name, d] of [['sh', sh], ['js', js], ['in', industry]] as const) inputs.push({ fileName: name, result: await importLedger((await exportLedger(d)).bytes) });
    const r = aggregateLedgers(inputs);
    expect(r.units.map((u) => u.unitCode)).toEqual(['I05', 'R09', 'R10']);
    expect(r.units[1]).toMatchObject({ fiveOnesMet: 3, fiveOnesMissing: ['集中培训', '常态化联系平台'] });
    const [ind, reg, all] = r.totals;
    expect(ind).toMatchObject({ label: '行业合计', units: 1, required: 1080, approved: industry.units[0]!.approved });
    expect(reg).toMatchObject({ label: '地方合计', units: 2, required: 420, approved: sh.units[0]!.approved + js.units[0]!.approved });
    expect(all!.approved).toBe(ind!.approved + reg!.approved);
    expect(all!.completionRate).toBe(Math.round((all!.approved / 1500) * 10000) / 10000);
    expect(all!.fiveOnesComplete).toBe(2);
  });

  it('lists collectives that appear in more than one unit’s ledger (same name, or a former name)', async () => {
    const r = aggregateLedgers(await Promise.all(['valid.xlsx', 'valid-jiangsu.xlsx'].map(load)));
    const sh = shanghai();
    expect(r.duplicateGroups).toBe(2);
    const groups = new Map<number, string[]>();
    for (const d of r.duplicates) groups.set(d.group, [...(groups.get(d.group) ?? []), `${d.ledgerUnitCode}:${d.name}:${d.matchedBy}`]);
    expect([...groups.values()].map((g) => g.sort())).toEqual(
      expect.arrayContaining([
        [`R09:${sh.collectives[8]!.name}:名称相同`, `R10:${sh.collectives[8]!.name}:名称相同`],
        [`R09:${sh.collectives[9]!.name}:名称相同`, 'R10:江苏某医院急诊科:曾用名称相同'],
      ]),
    );
  });

  it('does not count a city ledger whose province ledger is counted, nor national or other-term ledgers', async () => {
    const src = generateProvince({ seed: 7, collectives: 17, subunits: 3, extraNames: INJECTION_NAMES });
    const city = src.units[1]!;
    const cityLedger = buildLedger({ ...src, root: city, units: src.units.filter((u) => u.path.startsWith(city.path)) });
    const nationalRoot = { ...src.root, id: 'unit-N00', code: 'N00', name: '全国办', channel: 'national' as const, parentId: null, path: '/unit-N00/', depth: 0 };
    const nationalLedger = buildLedger({ ...src, root: nationalRoot, units: [nationalRoot, ...src.units] });
    const otherTerm = buildLedger({ ...generateProvince({ seed: 3, unitCode: 'R11', unitName: '浙江', collectives: 5 }), term: { code: '2019-2020', label: '2019—2020年度' } });
    const inputs: AggregateInput[] = [await load('valid.xlsx')];
    for (const [name, d] of [['city.xlsx', cityLedger], ['national.xlsx', nationalLedger], ['zj-2019.xlsx', otherTerm]] as const) {
      inputs.push({ fileName: name, result: await importLedger((await exportLedger(d)).bytes) });
    }
    const r = aggregateLedgers(inputs);
    expect(r.units.map((u) => u.unitCode)).toEqual(['R09']);
    const by = Object.fromEntries(r.files.map((f) => [f.fileName, [f.status, f.reason]]));
    expect(by['city.xlsx']).toEqual(['covered', '该单位已包含在“上海”的台账（valid.xlsx）中，不重复计算']);
    expect(by['national.xlsx']).toEqual(['refused', '全国范围的台账不参与汇总，请使用各单位报送的台账']);
    expect(by['zj-2019.xlsx']).toEqual(['refused', '届次为 2019-2020，与汇总的届次 2017-2018 不一致']);
    // asking for the other term turns it round
    expect(aggregateLedgers(inputs, { term: '2019-2020' }).units.map((u) => u.unitCode)).toEqual(['R11']);
  });

  it('writes the summary workbook: 全国汇总 with totals, 重复集体, 台账清单, 说明, frozen headers, real numbers', async () => {
    const r = aggregateLedgers(await Promise.all(['valid.xlsx', 'valid-jiangsu.xlsx', 'not-a-ledger.xlsx'].map(load)));
    const bytes = aggregateWorkbook(r, { generatedAt: '2018-05-01T00:00:00.000Z', appVersion: '0.1.0' });
    const wb = XLSX.read(bytes, { type: 'array', cellNF: true });
    expect(wb.SheetNames).toEqual(['全国汇总', '重复集体', '台账清单', '说明']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['全国汇总']!, { header: 1 });
    expect(rows[0]).toEqual([...SUMMARY_HEADERS]);
    expect(rows.slice(1).map((x) => x[0] ?? x[1])).toEqual(['R09', 'R10', '行业合计', '地方合计', '总计']);
    const rate = wb.Sheets['全国汇总']!['H2'] as XLSX.CellObject;
    expect(rate).toMatchObject({ t: 'n', z: '0.00%' });
    expect((wb.Sheets['全国汇总']!['G2'] as XLSX.CellObject).t).toBe('n');
    const dups = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['重复集体']!);
    expect(dups.length).toBe(4);
    const files = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['台账清单']!);
    expect(files.find((f) => f['来源文件'] === 'not-a-ledger.xlsx')!['处理结果']).toBe('未纳入');
    const zip = unzipSync(bytes);
    for (let i = 1; i <= 4; i++) expect(strFromU8(zip[`xl/worksheets/sheet${i}.xml`]!)).toContain('state="frozen"');
  });

  it('nothing valid: no units, no workbook rows, every file listed with its reason', async () => {
    const r = aggregateLedgers([await load('not-a-ledger.xlsx')]);
    expect(r.units).toEqual([]);
    expect(r.term).toBeNull();
    expect(r.files[0]).toMatchObject({ status: 'refused' });
  });
});
