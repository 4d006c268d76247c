import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import {
  evaluationKey,
  evaluationProblems,
  evaluationTemplate,
  EVALUATION_FATAL,
  matchEvaluationHeader,
  parseDateText,
  parseEvaluationWorkbook,
  parseRating,
  parseYesNo,
  planEvaluationImport,
  resolveSource,
  type EvaluationCollectiveRef,
} from '../../shared/evaluations';

type Cell = string | number | Date | null;
const TODAY = '2017-09-01';

function book(aoa: Cell[][], opts: { merges?: XLSX.Range[]; bookType?: XLSX.BookType; sheets?: [string, Cell[][]][] } = {}): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of opts.sheets ?? []) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true });
  if (opts.merges) ws['!merges'] = opts.merges;
  XLSX.utils.book_append_sheet(wb, ws, '社会评价');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: opts.bookType ?? 'xlsx' }) as ArrayBuffer);
}

const HEADER = ['序号', '集体名称', '评价来源', '评分', '评价内容', '评价日期', '是否投诉'];
const parse = (aoa: Cell[][], opts?: Parameters<typeof book>[1]) => parseEvaluationWorkbook(book(aoa, opts), { today: TODAY });

const COLLECTIVES: EvaluationCollectiveRef[] = [
  { id: 'c1', code: 'R09J000017', name: '上海市第一人民医院急诊科', formerNames: ['上海市第一医院急诊科'] },
  { id: 'c2', code: 'R09J000025', name: '上海地铁一号线徐家汇站', formerNames: [] },
  { id: 'c3', code: 'R09J000033', name: '浦东青年服务队', formerNames: [] },
  { id: 'c4', code: 'R09J000041', name: '浦东青年服务队', formerNames: [] },
];

describe('cell readers', () => {
  it('reads ratings 1–5 in the ways people write them, and nothing else', () => {
    expect(['5', '５', '4分', '3星', '★★', '★★★☆☆', '五星', '二'].map((t) => parseRating(t))).toEqual([5, 5, 4, 3, 2, 3, 5, 2]);
    expect(['0', '6', '4.5', '', '好', '★★★★★★'].map((t) => parseRating(t))).toEqual([null, null, null, null, null, null]);
    expect(parseRating('4', 4)).toBe(4);
    expect(parseRating('4.5', 4.5)).toBeNull();
  });

  it('reads dates as calendar days and refuses impossible ones', () => {
    expect(['2017-05-04', '2017/5/4', '2017.5.4', '2017年5月4日', '20170504', '２０１７-０５-０４'].map(parseDateText)).toEqual(Array(6).fill('2017-05-04'));
    expect(['2017-02-29', '2017-13-01', '5/4/2017', '昨天'].map(parseDateText)).toEqual([null, null, null, null]);
  });

  it('reads the complaint flag; an empty cell is no', () => {
    expect(['是', 'Y', '√', '1', '投诉'].map(parseYesNo)).toEqual([true, true, true, true, true]);
    expect(['否', 'n', '×', '0', ''].map(parseYesNo)).toEqual([false, false, false, false, false]);
    expect(parseYesNo('可能')).toBeNull();
  });

  it('maps the notice’s four sources and their common names', () => {
    expect(['社会公众', '群众', '监督员', '社会监督员', '第三方机构', '专业机构', '互评互查', '同行集体', '互评互查（同行集体）'].map(resolveSource)).toEqual([
      'public',
      'public',
      'supervisionTeam',
      'supervisionTeam',
      'professionalBody',
      'professionalBody',
      'peerCollective',
      'peerCollective',
      'peerCollective',
    ]);
    expect(resolveSource('领导')).toBeNull();
  });

  it('recognises headers exactly, without bracketed notes, and by head noun', () => {
    expect(matchEvaluationHeader('*评分（1-5）')).toBe('rating');
    expect(matchEvaluationHeader('被评价集体')).toBe('collective');
    expect(matchEvaluationHeader('群众评价内容')).toBe('content');
    expect(matchEvaluationHeader('收到日期')).toBe('date');
    expect(matchEvaluationHeader('备注')).toBeNull();
  });
});

describe('single evaluation rules', () => {
  const ok = { source: 'public' as const, rating: 4, content: '服务热情', date: '2017-08-01', complaint: false };
  it('accepts a complete evaluation and one with a rating only', () => {
    expect(evaluationProblems(ok, TODAY)).toEqual([]);
    expect(evaluationProblems({ ...ok, content: '' }, TODAY)).toEqual([]);
  });
  it('refuses a bad rating, a future or impossible date, an empty complaint, overlong content', () => {
    expect(evaluationProblems({ ...ok, rating: 0 }, TODAY).map((p) => p.field)).toEqual(['rating']);
    expect(evaluationProblems({ ...ok, rating: 3.5 }, TODAY).map((p) => p.field)).toEqual(['rating']);
    expect(evaluationProblems({ ...ok, date: '2017-09-02' }, TODAY)[0]!.message).toBe('评价日期（2017-09-02）不能晚于今天（2017-09-01）');
    expect(evaluationProblems({ ...ok, date: '2017-02-30' }, TODAY)[0]!.field).toBe('date');
    expect(evaluationProblems({ ...ok, complaint: true, content: ' ' }, TODAY)[0]!.message).toBe('投诉须写明投诉内容');
    expect(evaluationProblems({ ...ok, content: '字'.repeat(2001) }, TODAY)[0]!.field).toBe('content');
    expect(evaluationProblems({ ...ok, source: 'boss' as never }, TODAY)[0]!.field).toBe('source');
  });
});

describe('parsing an evaluation workbook', () => {
  it('finds the header under a title row and reads typed and text cells alike', () => {
    const r = parse([
      ['2017年上半年社会评价登记表'],
      HEADER,
      [1, '上海市第一人民医院急诊科', '群众', 5, '夜班医生耐心细致', new Date(Date.UTC(2017, 4, 4)), '否'],
      [2, '上海地铁一号线徐家汇站', '监督员', '３分', '高峰期引导不足', '2017/6/1', '是'],
      [3, '', '', '', '', '', ''],
      [4, '浦东青年服务队', '互评', '★★★★', '', 42887, ''],
    ]);
    expect(r.fatal).toBeUndefined();
    expect(r.headerRow).toBe(2);
    expect(r.rows.map((x) => x.rowNumber)).toEqual([3, 4, 6]);
    expect(r.rows.map((x) => x.parsed)).toEqual([
      { source: 'public', rating: 5, date: '2017-05-04', complaint: false },
      { source: 'supervisionTeam', rating: 3, date: '2017-06-01', complaint: true },
      { source: 'peerCollective', rating: 4, date: '2017-06-01', complaint: false },
    ]);
    expect(r.rows.every((x) => x.errors.length === 0)).toBe(true);
  });

  it('reports every bad cell with its row and column, and keeps going', () => {
    const r = parse([
      HEADER,
      [1, '上海地铁一号线徐家汇站', '领导', 7, '', '2017-13-01', '也许'],
      [2, '', '群众', 4, '', '2017-10-01', ''],
      [3, '上海地铁一号线徐家汇站', '群众', 2, '', '2017-08-01', '是'],
    ]);
    const issues = r.rows.map((x) => x.errors.map((e) => `${x.rowNumber}${e.column}:${e.field}`));
    expect(issues).toEqual([['2C:source', '2D:rating', '2F:date', '2G:complaint'], ['3B:collective', '3F:date'], ['4E:content']]);
    expect(r.rows[1]!.errors[1]!.message).toContain('不能晚于今天');
    expect(r.rows[2]!.errors[0]!.message).toContain('投诉须写明投诉内容');
  });

  it('fills a collective name merged down over several rows into each row', () => {
    const r = parse(
      [
        ['集体名称', '评价来源', '评分', '评价日期'],
        ['上海地铁一号线徐家汇站', '群众', 5, '2017-05-01'],
        [null, '群众', 4, '2017-05-02'],
        [null, '群众', 3, '2017-05-03'],
      ],
      { merges: [{ s: { r: 1, c: 0 }, e: { r: 3, c: 0 } }] },
    );
    expect(r.rows.map((x) => x.values.collective)).toEqual(Array(3).fill('上海地铁一号线徐家汇站'));
  });

  it('refuses what is not an evaluation list, in Chinese', () => {
    expect(parseEvaluationWorkbook(new Uint8Array(), { today: TODAY }).fatal).toBe(EVALUATION_FATAL.empty);
    expect(parseEvaluationWorkbook(new TextEncoder().encode('集体名称,评分\n甲,5'), { today: TODAY }).fatal).toBe(EVALUATION_FATAL.notWorkbook);
    expect(parseEvaluationWorkbook(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), { today: TODAY }).fatal).toBe(EVALUATION_FATAL.corrupt);
    expect(parse([['姓名', '电话'], ['张三', '123']]).fatal).toBe(EVALUATION_FATAL.noHeader);
    expect(parse([['集体名称', '评价来源', '评分'], ['甲', '群众', 5]]).fatal).toContain('没有“评价日期”列');
    expect(parse([['集体名称', '评价来源', '评价日期'], ['甲', '群众', '2017-01-01']]).fatal).toContain('没有“评分”列');
  });

  it('refuses more rows than the limit instead of truncating', () => {
    const rows: Cell[][] = [HEADER.slice(1)];
    for (let i = 0; i < 6; i++) rows.push(['甲', '群众', 5, '', '2017-05-01', '']);
    const r = parseEvaluationWorkbook(book(rows), { today: TODAY, maxRows: 5 });
    expect(r.fatal).toContain('超过 5 行');
    expect(r.rows).toEqual([]);
  });

  it('reads the legacy .xls format too', () => {
    const r = parseEvaluationWorkbook(book([HEADER, [1, '甲', '群众', 5, '', '2017-05-01', '']], { bookType: 'biff8' }), { today: TODAY });
    expect(r.fatal).toBeUndefined();
    expect(r.rows).toHaveLength(1);
  });

  it('offers a template that reads back with all columns and no rows', () => {
    const r = parseEvaluationWorkbook(evaluationTemplate(), { today: TODAY });
    expect(r.fatal).toBeUndefined();
    expect(r.headerRow).toBe(2);
    expect(r.mapping.map((m) => m.field)).toEqual(['collective', 'code', 'source', 'rating', 'content', 'date', 'complaint']);
    expect(r.rows).toEqual([]);
  });
});

describe('the import plan', () => {
  const sheet = (rows: Cell[][]) => parse([['集体名称', '用户名（编码）', '评价来源', '评分', '评价内容', '评价日期', '是否投诉'], ...rows]);

  it('resolves collectives by code, current name and former name', () => {
    const plan = planEvaluationImport(
      sheet([
        ['', 'r09j000025', '群众', 5, '', '2017-05-01', ''],
        ['上海市第一人民医院 急诊科', '', '群众', 4, '', '2017-05-01', ''],
        ['上海市第一医院急诊科', '', '群众', 3, '', '2017-05-01', ''],
      ]),
      COLLECTIVES,
      new Set(),
    );
    expect(plan.valid).toBe(true);
    expect(plan.create.map((p) => p.collectiveId)).toEqual(['c2', 'c1', 'c1']);
  });

  it('makes the whole import invalid if one row names an unknown, ambiguous or mismatched collective', () => {
    const plan = planEvaluationImport(
      sheet([
        ['上海地铁一号线徐家汇站', '', '群众', 5, '', '2017-05-01', ''],
        ['北京某集体', '', '群众', 5, '', '2017-05-01', ''],
        ['浦东青年服务队', '', '群众', 5, '', '2017-05-01', ''],
        ['上海地铁一号线徐家汇站', 'R09J000017', '群众', 5, '', '2017-05-01', ''],
        ['', 'R10J000019', '群众', 5, '', '2017-05-01', ''],
      ]),
      COLLECTIVES,
      new Set(),
    );
    expect(plan.valid).toBe(false);
    expect(plan.problems.map((p) => [p.rowNumber, p.issues[0]!.message])).toEqual([
      [3, '在您的管理范围内找不到集体“北京某集体”，请核对名称或填写用户名（编码）。'],
      [4, '名称“浦东青年服务队”对应多个集体（R09J000033、R09J000041），请填写用户名（编码）。'],
      [5, '集体名称“上海地铁一号线徐家汇站”与编码 R09J000017（上海市第一人民医院急诊科）不一致，请核对。'],
      [6, '用户名（编码）“R10J000019”不存在或不在您的管理范围内。'],
    ]);
  });

  it('skips rows already stored (re-import changes nothing) and refuses identical rows within the file', () => {
    const rows: Cell[][] = [
      ['上海地铁一号线徐家汇站', '', '群众', 5, '很好', '2017-05-01', ''],
      ['上海地铁一号线徐家汇站', '', '群众', 4, '', '2017-05-02', ''],
    ];
    const first = planEvaluationImport(sheet(rows), COLLECTIVES, new Set());
    const stored = new Set(first.create.map((p) => p.key));
    expect(stored.has(evaluationKey('c2', { date: '2017-05-01', source: 'public', rating: 5, complaint: false, content: ' 很 好 ' }))).toBe(true);
    const again = planEvaluationImport(sheet(rows), COLLECTIVES, stored);
    expect(again.valid).toBe(true);
    expect(again.create).toEqual([]);
    expect(again.skipped.map((s) => s.rowNumber)).toEqual([2, 3]);
    const doubled = planEvaluationImport(sheet([rows[0]!, rows[0]!]), COLLECTIVES, new Set());
    expect(doubled.valid).toBe(false);
    expect(doubled.problems[0]!.issues[0]!.message).toBe('与第 2 行完全相同，请核对是否重复录入。');
  });

  it('carries parse errors into the plan, so nothing is written', () => {
    const plan = planEvaluationImport(sheet([['上海地铁一号线徐家汇站', '', '群众', 9, '', '2017-05-01', '']]), COLLECTIVES, new Set());
    expect(plan.valid).toBe(false);
    expect(plan.create).toEqual([]);
  });
});
