import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  COLLECTIVE_TYPES,
  MAX_ROSTER_ROWS,
  ROSTER_FATAL,
  ROSTER_FIELDS,
  isEmail,
  isPhoneList,
  matchHeader,
  parseHonours,
  parseRosterWorkbook,
  resolveCollectiveType,
  rosterPlan,
  rosterSummary,
  rosterTemplate,
  type ExistingCollectiveRef,
  type RosterParseResult,
  type RosterRow,
} from '../../shared/roster';
import { ERROR_ROWS, VALID_ROWS } from '../fixtures/roster/make';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'roster');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(fixtures, name)));

type Cell = string | number | null;

function book(
  aoa: Cell[][],
  opts: { merges?: XLSX.Range[]; sheetName?: string; bookType?: XLSX.BookType; extraSheets?: [string, Cell[][]][] } = {},
): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of opts.extraSheets ?? []) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  if (opts.merges) ws['!merges'] = opts.merges;
  XLSX.utils.book_append_sheet(wb, ws, opts.sheetName ?? '名单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: opts.bookType ?? 'xlsx' }) as ArrayBuffer);
}

const HEADER = ['序号', '集体名称', '所属单位', '集体类型', '成员人数', '35岁以下青年人数', '负责人', '联系电话', '保密邮箱'];
const col = (field: string, result: RosterParseResult): string => result.mapping.find((m) => m.field === field)?.column ?? '?';

/** Title + subtitle merged across the table, header in row 3, 30 data rows (rows 4–33), six bad. */
function thirtyRows(): { bytes: Uint8Array; bad: Map<number, string> } {
  const rows: Cell[][] = [];
  const bad = new Map<number, string>();
  for (let i = 0; i < 30; i++) {
    const excelRow = 4 + i;
    const row: Cell[] = [i + 1, `测试集体${i + 1}号`, '测试单位', '事业单位', i % 2 === 0 ? '４２' : 42, i % 2 === 0 ? '３０' : 30, '张三', '１３８００１３８０００', `user${i}@example.com`];
    switch (i) {
      case 3:
        row[1] = '';
        bad.set(excelRow, 'name');
        break;
      case 7:
        row[4] = '０';
        bad.set(excelRow, 'memberCount');
        break;
      case 11:
        row[5] = 50;
        bad.set(excelRow, 'youthCount');
        break;
      case 15:
        row[8] = 'abc@@example.com';
        bad.set(excelRow, 'email');
        break;
      case 23:
        row[3] = '合作社';
        bad.set(excelRow, 'type');
        break;
      case 27:
        row[1] = '长'.repeat(101);
        bad.set(excelRow, 'name');
        break;
    }
    rows.push(row);
  }
  const bytes = book([['２０１７—２０１８年度  全国青年文明号创建集体名单'], ['（此行为填表说明，合并单元格）'], HEADER, ...rows], {
    merges: [
      { s: { r: 0, c: 0 }, e: { r: 0, c: HEADER.length - 1 } },
      { s: { r: 1, c: 0 }, e: { r: 1, c: HEADER.length - 1 } },
    ],
  });
  return { bytes, bad };
}

describe('header recognition', () => {
  it('maps the synonyms of each field', () => {
    const cases: [string, string | null][] = [
      ['规范名称', 'name'],
      ['集体名称', 'name'],
      ['*集体名称', 'name'],
      ['集体名称（规范全称）', 'name'],
      ['集体规范名称', 'name'],
      ['用户名（编码）', 'code'],
      ['编码', 'code'],
      ['所属单位', 'parentOrganisation'],
      ['上级单位', 'parentOrganisation'],
      ['主管单位', 'parentOrganisation'],
      ['上级单位名称', 'parentOrganisation'],
      ['集体类型', 'type'],
      ['单位性质', 'type'],
      ['所在地区', 'region'],
      ['地区', 'region'],
      ['成员人数', 'memberCount'],
      ['人数', 'memberCount'],
      ['总人数', 'memberCount'],
      ['成员人数（人）', 'memberCount'],
      ['35岁以下', 'youthCount'],
      ['３５岁以下', 'youthCount'],
      ['青年人数', 'youthCount'],
      ['35周岁及以下人数', 'youthCount'],
      ['其中：35岁以下', 'youthCount'],
      ['负责人', 'leader'],
      ['联系人', 'leader'],
      ['号长', 'leader'],
      ['联系电话', 'phone'],
      ['手机', 'phone'],
      ['联系人电话', 'phone'],
      ['负责人联系电话', 'phone'],
      ['保密邮箱', 'email'],
      ['邮箱', 'email'],
      ['电子邮箱', 'email'],
      ['E-mail', 'email'],
      ['荣誉', 'honours'],
      ['曾获荣誉', 'honours'],
      ['曾用名称', 'formerNames'],
      ['集体曾用名称', 'formerNames'],
      // not fields
      ['团员人数', null],
      ['序号', null],
      ['备注', null],
      ['__proto__', null],
      ['constructor', null],
      ['toString', null],
    ];
    for (const [header, field] of cases) expect([header, matchHeader(header)?.field ?? null]).toEqual([header, field]);
  });

  it('every canonical template header maps to its own field', () => {
    for (const f of ROSTER_FIELDS) expect(matchHeader(f.header)?.field).toBe(f.field);
  });
});

describe('collective types', () => {
  it('accepts the six types and obvious synonyms', () => {
    for (const t of COLLECTIVE_TYPES) expect(resolveCollectiveType(t)).toBe(t);
    expect(resolveCollectiveType('民营企业')).toBe('非公经济组织');
    expect(resolveCollectiveType('私营企业')).toBe('非公经济组织');
    expect(resolveCollectiveType('国企')).toBe('国有企业');
    expect(resolveCollectiveType('社会团体')).toBe('社会组织');
    expect(resolveCollectiveType('民办非企业单位')).toBe('社会组织');
    expect(resolveCollectiveType('机关')).toBe('党政机关');
    expect(resolveCollectiveType(' 事业 单位 ')).toBe('事业单位');
    expect(resolveCollectiveType('其它')).toBe('其他');
    expect(resolveCollectiveType('合作社')).toBeNull();
    expect(resolveCollectiveType('个人')).toBeNull();
  });
});

describe('cell validators', () => {
  it('e-mail', () => {
    for (const ok of ['a@example.com', 'first.last+tag@mail.example.org.cn', 'x_y@qq.com']) expect([ok, isEmail(ok)]).toEqual([ok, true]);
    for (const bad of ['a@example', 'abc@@example.com', 'a example@x.com', '@example.com', 'a@.com', 'a@example,com', '张三@example.com']) {
      expect([bad, isEmail(bad)]).toEqual([bad, false]);
    }
  });

  it('phone', () => {
    for (const ok of ['13800138000', '021-63240090', '(021)12345678', '021-12345678转123', '+8613800138000', '13700137000/021-88889999', '0571-8888888']) {
      expect([ok, isPhoneList(ok)]).toEqual([ok, true]);
    }
    for (const bad of ['138-abc-0000', '12345', '12800138000', '电话13800138000', '/', '1380013800012345678']) expect([bad, isPhoneList(bad)]).toEqual([bad, false]);
  });

  it('honours free text', () => {
    const { honours, unreadable } = parseHonours('2015年全国青年文明号；2016年上海市青年文明号复核认定，2016年省级青年文明号、杭州市青年文明号；五一劳动奖状');
    expect(honours).toEqual([
      { level: 'national', kind: 'named', year: 2015, title: '2015年全国青年文明号' },
      { level: 'provincial', kind: 'recertified', year: 2016, title: '2016年上海市青年文明号复核认定' },
      { level: 'provincial', kind: 'named', year: 2016, title: '2016年省级青年文明号、杭州市青年文明号' },
    ]);
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]).toContain('五一劳动奖状');
  });
});

describe('parseRosterWorkbook: committed fixtures', () => {
  it('valid.xlsx: finds the header under title rows, maps columns, normalises cells, no errors', () => {
    const r = parseRosterWorkbook(fixture('valid.xlsx'));
    expect(r.fatal).toBeUndefined();
    expect(r.sheetName).toBe('集体名单');
    expect(r.headerRow).toBe(3);
    expect(r.mapping.map((m) => `${m.column}:${m.field}`)).toEqual([
      'B:name',
      'C:parentOrganisation',
      'D:type',
      'E:region',
      'F:memberCount',
      'G:youthCount',
      'H:leader',
      'I:phone',
      'J:email',
      'K:honours',
    ]);
    expect(r.unmappedHeaders).toEqual([]);
    expect(r.rows).toHaveLength(VALID_ROWS.length);
    expect(r.rows.flatMap((x) => x.errors)).toEqual([]);
    expect(rosterSummary(r)).toMatchObject({ rows: 8, invalidRows: 0, errors: 0, valid: true });

    const icbc = r.rows[1]!;
    expect(icbc.rowNumber).toBe(5);
    expect(icbc.values.memberCount).toBe('35'); // written full-width in the file
    expect(icbc.parsed).toMatchObject({ memberCount: 35, youthCount: 28, type: '国有企业' });
    expect(r.rows[2]!.parsed.type).toBe('国有企业'); // 国企
    expect(r.rows[3]!.parsed.type).toBe('非公经济组织'); // 民营企业
    expect(r.rows[3]!.values.region).toBe('上海市 浦东新区');
    expect(r.rows[3]!.values.phone).toBe('13900139000');
    expect(r.rows[4]!.parsed.type).toBe('社会组织'); // 社会团体
    expect(r.rows[0]!.parsed.honours).toEqual([{ level: 'national', kind: 'named', year: 2016, title: '2016年全国青年文明号' }]);
    expect(r.rows[6]!.parsed.honours[0]).toMatchObject({ level: 'provincial', kind: 'recertified', year: 2016 });
  });

  it('errors.xlsx: reports each planted error in its row and column', () => {
    const r = parseRosterWorkbook(fixture('errors.xlsx'));
    expect(r.fatal).toBeUndefined();
    const errorsAt = new Map(r.rows.map((x) => [x.rowNumber, x.errors]));
    const expected: Record<number, [string, string]> = {
      5: ['B', '集体名称不能为空'],
      6: ['D', '集体类型“个人”无法识别'],
      7: ['F', '成员人数应为正整数，当前为“十二”'],
      8: ['G', '35岁以下青年人数（11）不能大于成员人数（10）'],
      9: ['J', '保密邮箱“e@example”格式不正确'],
      10: ['I', '联系电话“138-abc-0000”格式不正确'],
      11: ['B', '集体名称与第 4 行重复'],
      4: ['B', '集体名称与第 11 行重复'],
    };
    expect(Object.keys(ERROR_ROWS).map(Number).every((n) => n in expected)).toBe(true);
    for (const [row, [column, text]] of Object.entries(expected)) {
      const errs = errorsAt.get(Number(row)) ?? [];
      expect(errs, `row ${row}`).toHaveLength(1);
      expect(errs[0]!.column).toBe(column);
      expect(errs[0]!.message).toContain(text);
    }
    expect(rosterSummary(r)).toMatchObject({ rows: 8, invalidRows: 8, errors: 8, valid: false });
  });

  it('two-row-header.xlsx: reads sub-headers under a merged group heading and fills cells merged downwards', () => {
    const r = parseRosterWorkbook(fixture('two-row-header.xlsx'));
    expect(r.fatal).toBeUndefined();
    expect([r.headerRow, r.headerRows]).toEqual([2, 2]);
    expect(r.mapping.map((m) => `${m.column}:${m.field}`)).toEqual(['B:name', 'C:parentOrganisation', 'D:memberCount', 'E:youthCount', 'F:leader', 'G:phone']);
    expect(r.rows.map((x) => x.rowNumber)).toEqual([4, 5, 6, 7]);
    expect(r.rows.map((x) => x.values.parentOrganisation)).toEqual(['某医院', '某医院', '某医院', '某银行']);
    expect(r.rows.map((x) => x.parsed.youthCount)).toEqual([30, 20, 12, 10]);
    expect(r.rows.flatMap((x) => x.errors)).toEqual([]);
  });
});

describe('parseRosterWorkbook: generated workbooks', () => {
  it('30 rows under title rows and merged cells: exactly the bad rows fail, in the right columns', () => {
    const { bytes, bad } = thirtyRows();
    const r = parseRosterWorkbook(bytes);
    expect(r.fatal).toBeUndefined();
    expect(r.headerRow).toBe(3);
    expect(r.rows).toHaveLength(30);
    const failing = r.rows.filter((x) => x.errors.length > 0);
    expect(failing.map((x) => x.rowNumber)).toEqual([...bad.keys()]);
    for (const row of failing) {
      const field = bad.get(row.rowNumber)!;
      expect(row.errors.map((e) => [e.field, e.column])).toEqual([[field, col(field, r)]]);
      expect(row.errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(r.rows[0]!.parsed.memberCount).toBe(42); // '４２'
    expect(r.rows[0]!.values.phone).toBe('13800138000'); // full-width digits
    expect(r.rows[27]!.errors[0]!.message).toContain('不能超过100个字（当前101个字）');
  });

  it('a legacy .xls (BIFF8) renamed to .xlsx reads the same as the .xlsx', () => {
    const rows: Cell[][] = [['集体名称', '成员人数', '联系电话'], ['甲集体', 10, '13800138000'], ['乙集体', 'x', '13800138001']];
    const a = parseRosterWorkbook(book(rows));
    const b = parseRosterWorkbook(book(rows, { bookType: 'biff8' }));
    expect(b.fatal).toBeUndefined();
    expect(b.rows.map((x) => [x.rowNumber, x.values, x.errors])).toEqual(a.rows.map((x) => [x.rowNumber, x.values, x.errors]));
  });

  it('reads SpreadsheetML 2003 and HTML tables saved as .xls, and ODS', () => {
    const rows: Cell[][] = [['集体名称', '成员人数'], ['甲集体', 10]];
    for (const bookType of ['xlml', 'html', 'ods'] as const) {
      const r = parseRosterWorkbook(book(rows, { bookType }));
      expect([bookType, r.fatal, r.rows.map((x) => x.values.name)]).toEqual([bookType, undefined, ['甲集体']]);
    }
  });

  it('a header with a grouped heading and no vertical merges is read as two rows', () => {
    const r = parseRosterWorkbook(
      book(
        [
          ['集体名称', '所属单位', '人数', null, '联系电话'],
          [null, null, '总人数', '35岁以下', null],
          ['甲集体', '某单位', 20, 15, '13800138000'],
        ],
        { merges: [{ s: { r: 0, c: 2 }, e: { r: 0, c: 3 } }] },
      ),
    );
    expect(r.fatal).toBeUndefined();
    expect(r.headerRow).toBe(1);
    expect(r.headerRows).toBe(2);
    expect(r.mapping.filter((m) => m.field === 'memberCount' || m.field === 'youthCount').map((m) => `${m.column}:${m.field}:${m.header}`)).toEqual([
      'C:memberCount:总人数',
      'D:youthCount:35岁以下',
    ]);
    expect(r.rows.map((x) => x.rowNumber)).toEqual([3]);
    expect(r.rows[0]!.parsed).toMatchObject({ memberCount: 20, youthCount: 15 });
  });

  it('skips empty rows and rows with only a serial number; reports formula error cells', () => {
    const ws = XLSX.utils.aoa_to_sheet([['序号', '集体名称', '成员人数'], [1, '甲集体', 10], [2, null, null], [], [3, '乙集体', 5]]);
    ws['C5'] = { t: 'e', v: 0x2a, w: '#N/A' };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const r = parseRosterWorkbook(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
    expect(r.rows.map((x) => x.rowNumber)).toEqual([2, 5]);
    expect(r.rows[1]!.errors).toEqual([{ column: 'C', field: 'memberCount', message: '单元格为公式错误值（#N/A），请改为实际内容。' }]);
  });

  it('warns about names that are probably the same collective, without blocking', () => {
    const r = parseRosterWorkbook(book([['集体名称', '成员人数'], ['某医院急诊科', 10], ['某医院急诊科青年文明号', 12]]));
    expect(r.rows.flatMap((x) => x.errors)).toEqual([]);
    expect(r.rows[0]!.warnings[0]!.message).toContain('第 3 行“某医院急诊科青年文明号”');
    expect(rosterSummary(r).valid).toBe(true);
  });

  it('flags duplicate codes within the file', () => {
    const r = parseRosterWorkbook(book([['集体名称', '用户名（编码）'], ['甲集体', 'R09J00001A'], ['乙集体', 'ｒ09ｊ00001ａ']]));
    expect(r.rows.map((x) => x.errors.map((e) => e.message))).toEqual([['用户名（编码）与第 3 行重复。'], ['用户名（编码）与第 2 行重复。']]);
  });
});

describe('parseRosterWorkbook: sheets and mapping options', () => {
  it('picks the sheet that looks like a roster when an instructions sheet comes first', () => {
    const r = parseRosterWorkbook(book([['集体名称', '成员人数'], ['甲集体', 10]], { sheetName: '名单', extraSheets: [['说明', [['请在名单工作表中填写'], ['集体名称：必填']]]] }));
    expect(r.sheetName).toBe('名单');
    expect(r.sheetNames).toEqual(['说明', '名单']);
    expect(r.rows).toHaveLength(1);
  });

  it('reads the named sheet, and refuses a name that does not exist', () => {
    const bytes = book([['集体名称', '成员人数'], ['甲集体', 10]], { sheetName: '名单', extraSheets: [['旧名单', [['集体名称', '成员人数'], ['乙集体', 3]]]] });
    expect(parseRosterWorkbook(bytes, { sheetName: '旧名单' }).rows.map((x) => x.values.name)).toEqual(['乙集体']);
    expect(parseRosterWorkbook(bytes, { sheetName: '新名单' }).fatal).toContain('没有名为“新名单”的工作表');
  });

  it('accepts a mapping override by header text or column letter, and can unmap a field', () => {
    const rows: Cell[][] = [['青年集体', '人员', '电话', '备注'], ['甲集体', 10, '13800138000', '无']];
    expect(parseRosterWorkbook(book(rows)).fatal).toContain('未找到表头');
    const r = parseRosterWorkbook(book(rows), { mapping: { name: '青年集体', memberCount: 'B', phone: '' } });
    expect(r.fatal).toBeUndefined();
    expect(r.mapping).toEqual([
      { field: 'name', column: 'A', header: '青年集体', source: 'override' },
      { field: 'memberCount', column: 'B', header: '人员', source: 'override' },
    ]);
    expect(r.unmappedHeaders).toEqual([
      { column: 'C', header: '电话' },
      { column: 'D', header: '备注' },
    ]);
    expect(r.rows[0]!.parsed.memberCount).toBe(10);
    expect(r.rows[0]!.values.phone).toBe('');

    const byLetter = parseRosterWorkbook(book(rows), { mapping: { name: 'A' } });
    expect(byLetter.mapping.map((m) => `${m.column}:${m.field}:${m.source}`)).toEqual(['A:name:override', 'C:phone:auto']);
    expect(byLetter.rows.map((x) => x.values.name)).toEqual(['甲集体']);
  });

  it('an override moves a field off the column it was matched to automatically', () => {
    const r = parseRosterWorkbook(book([['集体名称', '联系电话', '手机'], ['甲集体', '021-12345678', '13800138000']]), { mapping: { phone: '手机' } });
    expect(r.mapping.find((m) => m.field === 'phone')).toMatchObject({ column: 'C', source: 'override' });
    expect(r.unmappedHeaders).toEqual([{ column: 'B', header: '联系电话' }]);
    expect(r.rows[0]!.values.phone).toBe('13800138000');
  });

  it('refuses an override naming a column that is not there', () => {
    expect(parseRosterWorkbook(book([['集体名称', '人数'], ['甲', 1]]), { mapping: { email: '邮件地址' } }).fatal).toContain('为“保密邮箱”指定的列“邮件地址”在表头中不存在');
  });

  it('finds no header below row 20 unless told where it is', () => {
    const rows: Cell[][] = [...Array.from({ length: 21 }, (_, i) => [`说明第${i + 1}行`]), ['集体名称', '成员人数'], ['甲集体', 10]];
    const auto = parseRosterWorkbook(book(rows));
    expect(auto.fatal).toContain('前 20 行');
    const told = parseRosterWorkbook(book(rows), { headerRow: 22 });
    expect(told.fatal).toBeUndefined();
    expect(told.rows.map((x) => [x.rowNumber, x.values.name])).toEqual([[23, '甲集体']]);
  });

  it('refuses a header row that has no name column', () => {
    const r = parseRosterWorkbook(book([['所属单位', '成员人数'], ['某单位', 10]]), { headerRow: 1 });
    expect(r.fatal).toContain('没有“集体名称”列');
  });
});

describe('parseRosterWorkbook: refusals (fatal, never a throw)', () => {
  const good = book([['集体名称', '成员人数'], ['甲集体', 10]]);

  it('zero-byte file', () => {
    expect(parseRosterWorkbook(new Uint8Array(0)).fatal).toBe(ROSTER_FATAL.empty);
  });

  it('not a workbook: text, CSV, PNG, random bytes', () => {
    const inputs = [
      new TextEncoder().encode('集体名称,成员人数\n甲集体,10\n'),
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251 | 1),
    ];
    for (const bytes of inputs) expect(parseRosterWorkbook(bytes).fatal).toBe(ROSTER_FATAL.notWorkbook);
  });

  it('truncated .xlsx and .xls', () => {
    expect(parseRosterWorkbook(good.slice(0, Math.floor(good.length / 2))).fatal).toBe(ROSTER_FATAL.corrupt);
    expect(parseRosterWorkbook(good.slice(0, good.length - 10)).fatal).toBe(ROSTER_FATAL.corrupt);
    const xls = book([['集体名称', '成员人数'], ['甲集体', 10]], { bookType: 'biff8' });
    expect(parseRosterWorkbook(xls.slice(0, 1000)).fatal).toBe(ROSTER_FATAL.corrupt);
  });

  it('a zip that is not a workbook (e.g. a Word document)', () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    expect(parseRosterWorkbook(docx).fatal).toBe(ROSTER_FATAL.corrupt);
  });

  it('password-protected (encrypted) workbook', () => {
    // An encrypted OOXML file is an OLE container holding EncryptionInfo + EncryptedPackage.
    const CFB = XLSX.CFB as {
      utils: { cfb_new(): unknown; cfb_add(c: unknown, name: string, content: Uint8Array): void };
      write(c: unknown, o: { type: 'array' }): ArrayBuffer | number[];
    };
    const container = CFB.utils.cfb_new();
    CFB.utils.cfb_add(container, 'EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0, 0, 0, 0, 0]));
    CFB.utils.cfb_add(container, 'EncryptedPackage', new Uint8Array(512));
    const bytes = new Uint8Array(CFB.write(container, { type: 'array' }));
    expect(parseRosterWorkbook(bytes).fatal).toBe(ROSTER_FATAL.encrypted);
  });

  it('a workbook without sheets', () => {
    const files = unzipSync(good);
    files['xl/workbook.xml'] = strToU8(strFromU8(files['xl/workbook.xml']!).replace(/<sheets>.*<\/sheets>/, '<sheets/>'));
    expect(parseRosterWorkbook(zipSync(files)).fatal).toBe(ROSTER_FATAL.noSheet);
  });

  it('a sheet without any recognisable header', () => {
    const r = parseRosterWorkbook(book([['甲', '乙'], [1, 2]]));
    expect(r.fatal).toContain('未找到表头');
    expect(r.rows).toEqual([]);
  });

  it(`more than ${MAX_ROSTER_ROWS} data rows`, () => {
    const rows: Cell[][] = [['集体名称', '成员人数']];
    for (let i = 0; i <= MAX_ROSTER_ROWS; i++) rows.push([`集体${i}`, 1]);
    const r = parseRosterWorkbook(book(rows));
    expect(r.fatal).toContain('超过 50000 行');
    expect(r.rows).toEqual([]);
  });

  it('the row limit counts non-empty rows and allows exactly the limit', () => {
    const rows: Cell[][] = [['集体名称', '成员人数'], ['a', 1], [], ['b', 1], ['c', 1]];
    expect(parseRosterWorkbook(book(rows), { maxRows: 3 }).fatal).toBeUndefined();
    expect(parseRosterWorkbook(book(rows), { maxRows: 2 }).fatal).toContain('超过 2 行');
  });
});

describe('parseRosterWorkbook: hostile content', () => {
  it('a cell at XFD1048576 (huge !ref) costs nothing and adds no row', () => {
    const rows: Cell[][] = [['集体名称', '成员人数']];
    for (let i = 0; i < 30; i++) rows.push([`集体${i}`, 10]);
    const files = unzipSync(book(rows));
    const sheetPath = Object.keys(files).find((p) => p.startsWith('xl/worksheets/'))!;
    files[sheetPath] = strToU8(
      strFromU8(files[sheetPath]!)
        .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')
        .replace('</sheetData>', '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t></is></c></row></sheetData>'),
    );
    const t0 = performance.now();
    const r = parseRosterWorkbook(zipSync(files));
    console.log(`huge !ref: parsed in ${(performance.now() - t0).toFixed(1)} ms`);
    expect(r.fatal).toBeUndefined();
    expect(r.rows).toHaveLength(30);
  });

  it('a sheet, a header and cells named __proto__ / constructor pollute nothing', () => {
    const bytes = book(
      [
        ['集体名称', '__proto__', 'constructor', '成员人数'],
        ['__proto__', '{"polluted":true}', 'x', 10],
        ['constructor', 'y', 'z', 5],
      ],
      { sheetName: 'constructor', extraSheets: [['__proto__', [['集体名称', '成员人数'], ['甲', 1]]]] },
    );
    const r = parseRosterWorkbook(bytes);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(r.fatal).toBeUndefined();
    expect(r.sheetName).toBe('constructor');
    expect(r.notes.some((n) => n.includes('“__proto__”'))).toBe(true);
    expect(r.unmappedHeaders).toEqual([
      { column: 'B', header: '__proto__' },
      { column: 'C', header: 'constructor' },
    ]);
    expect(r.rows.map((x) => x.values.name)).toEqual(['__proto__', 'constructor']);
    expect(Object.keys(r.rows[0]!.values).sort()).toEqual(ROSTER_FIELDS.map((f) => f.field).sort());
  });
});

describe('rosterTemplate', () => {
  it('is a workbook with the canonical headers and a 说明 sheet, which imports as an empty roster', () => {
    const bytes = rosterTemplate();
    const wb = XLSX.read(bytes, { type: 'array' });
    expect(wb.SheetNames).toEqual(['集体名单', '说明']);
    const header = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['集体名单']!, { header: 1 })[1];
    expect(header).toEqual(ROSTER_FIELDS.map((f) => f.header));
    const help = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['说明']!, { header: 1 }).flat().join('\n');
    for (const t of COLLECTIVE_TYPES) expect(help).toContain(t);
    expect(help).toContain('民营企业');

    const r = parseRosterWorkbook(bytes);
    expect(r.fatal).toBeUndefined();
    expect(r.sheetName).toBe('集体名单');
    expect(r.headerRow).toBe(2);
    expect(r.mapping.map((m) => m.field)).toEqual(ROSTER_FIELDS.map((f) => f.field));
    expect(r.rows).toEqual([]);
  });

  it('no template cell starts a formula, and the bytes are stable', () => {
    const wb = XLSX.read(rosterTemplate(), { type: 'array' });
    for (const name of wb.SheetNames) {
      for (const row of XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name]!, { header: 1 })) {
        for (const v of row) if (typeof v === 'string') expect(v).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    expect(Buffer.from(rosterTemplate()).equals(Buffer.from(rosterTemplate()))).toBe(true);
  });

  it('filled in, it imports', () => {
    const wb = XLSX.read(rosterTemplate(), { type: 'array' });
    XLSX.utils.sheet_add_aoa(wb.Sheets['集体名单']!, [['甲集体', '', '某单位', '事业单位', '上海市', 10, 8, '张三', '13800138000', 'a@example.com', '2016年全国青年文明号', '']], { origin: 'A3' });
    const r = parseRosterWorkbook(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
    expect(rosterSummary(r)).toMatchObject({ rows: 1, valid: true });
  });
});

describe('rosterPlan', () => {
  const rowsOf = (bytes: Uint8Array): RosterRow[] => parseRosterWorkbook(bytes).rows;

  it('re-importing the same file creates nothing new', () => {
    const rows = rowsOf(fixture('valid.xlsx'));
    const first = rosterPlan(rows, []);
    expect(first.create).toHaveLength(8);
    expect(first.update).toEqual([]);
    // what the import would have stored
    const existing: ExistingCollectiveRef[] = first.create.map((c, i) => ({ id: `id${i}`, code: `R09J0000${i}X`, name: c.row.values.name }));
    const second = rosterPlan(rows, existing);
    expect(second.create).toEqual([]);
    expect(second.conflicts).toEqual([]);
    expect(second.update.map((u) => [u.id, u.matchedBy, u.nameChanged])).toEqual(existing.map((e) => [e.id, 'name', false]));
  });

  it('matches by normalised name (width, spaces, brackets) when there is no code', () => {
    const rows = rowsOf(book([['集体名称'], ['某医院（急诊科）'], ['ＡＢＣ 公司']]));
    expect(rows).toHaveLength(2);
    const plan = rosterPlan(rows, [
      { id: 'a', code: 'C1', name: '某医院(急诊科)' },
      { id: 'b', code: 'C2', name: 'ABC公司' },
    ]);
    expect(plan.update.map((u) => u.id)).toEqual(['a', 'b']);
  });

  it('matches by code first, and flags a rename', () => {
    const rows = rowsOf(book([['集体名称', '用户名（编码）'], ['某医院急诊医学科', 'r09j00001a']]));
    const plan = rosterPlan(rows, [{ id: 'a', code: 'R09J00001A', name: '某医院急诊科' }]);
    expect(plan.update).toMatchObject([{ id: 'a', matchedBy: 'code', nameChanged: true }]);
  });

  it('an unknown code, an ambiguous name, or two rows on one collective are conflicts', () => {
    const rows = rowsOf(
      book([
        ['集体名称', '用户名（编码）'],
        ['甲集体', 'X99'],
        ['同名集体', ''],
        ['乙集体', 'B1'],
        ['乙集体（新）', 'B1'],
      ]),
    );
    // rows 5 duplicates row 4's code: a parse error, so it is left out as invalid
    const plan = rosterPlan(rows, [
      { id: 's1', code: 'S1', name: '同名集体' },
      { id: 's2', code: 'S2', name: '同名 集体' },
      { id: 'b', code: 'B1', name: '乙集体' },
    ]);
    expect(plan.conflicts.map((c) => c.rowNumber)).toEqual([2, 3]);
    expect(plan.conflicts[0]!.message).toContain('“X99”不存在');
    expect(plan.conflicts[1]!.message).toContain('多个已有集体');
    expect(plan.invalidRows).toEqual([4, 5]);

    // a rename by code plus the old name without code: both land on collective b
    const clean = rowsOf(book([['集体名称', '用户名（编码）'], ['乙集体新名', 'B1'], ['乙 集体', '']]));
    expect(clean.flatMap((r) => r.errors)).toEqual([]);
    const plan2 = rosterPlan(clean, [{ id: 'b', code: 'B1', name: '乙集体' }]);
    expect(plan2.update.map((u) => u.rowNumber)).toEqual([2]);
    expect(plan2.conflicts.map((c) => c.message)).toEqual(['第 3 行与第 2 行对应同一个集体（B1“乙集体”）。']);
  });

  it('leaves out rows with errors and attaches likely duplicates to new collectives', () => {
    const rows = rowsOf(book([['集体名称', '成员人数'], ['某医院急诊科青年文明号', 10], ['坏行', 0]]));
    const plan = rosterPlan(rows, [{ id: 'old', code: 'I10J00001X', name: '某医院急诊科' }]);
    expect(plan.invalidRows).toEqual([3]);
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]!.similarTo).toEqual([{ id: 'old', code: 'I10J00001X', name: '某医院急诊科' }]);
  });
});

describe('performance', () => {
  it('parses 20,000 rows (timing printed, not asserted)', () => {
    const rows: Cell[][] = [['２０１７年集体名单'], HEADER];
    for (let i = 0; i < 20_000; i++) {
      rows.push([i + 1, `第${i}号测试集体`, `测试单位${i % 100}`, COLLECTIVE_TYPES[i % 6]!, 30 + (i % 50), 20, `负责人${i}`, `1380013${String(i).padStart(4, '0')}`, `u${i}@example.com`]);
    }
    const bytes = book(rows, { merges: [{ s: { r: 0, c: 0 }, e: { r: 0, c: 8 } }] });
    const t0 = performance.now();
    const r = parseRosterWorkbook(bytes);
    const ms = performance.now() - t0;
    console.log(`parseRosterWorkbook: 20000 rows, ${(bytes.length / 1024).toFixed(0)} KiB, ${ms.toFixed(0)} ms`);
    expect(r.fatal).toBeUndefined();
    expect(r.rows).toHaveLength(20_000);
    expect(rosterSummary(r).errors).toBe(0);
  });
});
