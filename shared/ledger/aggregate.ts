/**
 * National aggregation of many units' ledgers (台账汇总) and the summary workbook.
 *
 * Policy:
 * - One row per unit. A ledger belongs to the unit in its 元数据 (the first row of 网络创建完成情况);
 *   when a unit sent several, the one exported last (元数据 导出时间) counts and the others are
 *   listed as replaced — whatever order the files were loaded in. Equal export times are decided
 *   by the checksum, so the result never depends on the order.
 * - A ledger whose unit appears inside another counted ledger (a city's ledger next to its
 *   province's) is listed as covered and not counted twice.
 * - Invalid ledgers, national-scope ledgers and ledgers of another term are not counted and are
 *   listed with the reason. The term is the one asked for, else the most frequent among valid
 *   ledgers (ties: the latest).
 * - Figures per unit come from the unit's own row of 网络创建完成情况 (its whole subtree), the
 *   五个一 checklist of its own work entries (shared/assessment/fiveOnes.ts), its self-assessment
 *   and the submitted national assessments (scored by shared/assessment/rubric.ts scoreSheet;
 *   several national scorers: their mean).
 * - Duplicates: a collective appears in more than one unit's ledger when its normalised name
 *   (nameKey), one of its former names' or its code matches a collective of another unit's
 *   ledger. Collectives superseded by a transfer are left out (the transfer resolved them).
 */
import type * as XLSX from 'xlsx';
import { fiveOnesChecklist, FIVE_ONES_KINDS } from '../assessment/fiveOnes';
import { BONUS_ITEM, DEDUCTION_ITEM, DEFAULT_RUBRIC, PROVINCIAL_ONLY_ITEMS, round1, scoreSheet, type RubricFields } from '../assessment/rubric';
import type { RubricItem } from '../model/entities';
import { STATUS_LABEL } from '../rules/status';
import { nameKey } from '../text/names';
import { displayWidth, safeText, workbookBytes } from './cells';
import { round4 } from './build';
import { CHANNEL_LABEL, columnLetter, type AssessmentLedgerRow, type LedgerData } from './format';
import { issueText, type LedgerImportResult } from './import';

export interface AggregateInput {
  fileName: string;
  result: LedgerImportResult;
}

export type FileStatus = 'included' | 'replaced' | 'covered' | 'refused';

export interface FileOutcome {
  fileName: string;
  unitCode: string;
  unitName: string;
  exportedAt: string;
  status: FileStatus;
  reason: string;
  checksumOk: boolean | null;
}

export interface UnitSummary {
  unitCode: string;
  unitName: string;
  channel: LedgerData['units'][number]['channel'];
  base: number | null;
  required: number | null;
  filed: number;
  approved: number;
  completionRate: number | null;
  /** approved ≥ required (null without a quota) */
  met: boolean | null;
  formerNational: number;
  nonPublic: number;
  socialOrg: number;
  collectives: number;
  fiveOnesMet: number;
  fiveOnesMissing: string[];
  selfScore: number | null;
  selfSubmitted: boolean;
  nationalScore: number | null;
  nationalScorers: number;
  exportedAt: string;
  fileName: string;
  checksumOk: boolean | null;
}

export interface Totals {
  label: string;
  units: number;
  base: number;
  required: number;
  filed: number;
  approved: number;
  completionRate: number | null;
  metUnits: number;
  formerNational: number;
  nonPublic: number;
  socialOrg: number;
  collectives: number;
  fiveOnesComplete: number;
  selfScoreMean: number | null;
  nationalScoreMean: number | null;
}

export interface DuplicateEntry {
  group: number;
  name: string;
  code: string;
  status: string;
  unitCode: string;
  unitName: string;
  /** the ledger (unit) it was listed in */
  ledgerUnitCode: string;
  ledgerUnitName: string;
  matchedBy: string;
}

export interface AggregateResult {
  term: string | null;
  termLabel: string;
  units: UnitSummary[];
  totals: Totals[];
  duplicates: DuplicateEntry[];
  /** number of duplicate groups */
  duplicateGroups: number;
  files: FileOutcome[];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Unit codes sort as published: I01 < I06 < I06-1 < R01 … (numeric parts compared as numbers). */
export function compareUnitCodes(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function outcome(input: AggregateInput, status: FileStatus, reason: string): FileOutcome {
  const m = input.result.meta;
  return {
    fileName: input.fileName,
    unitCode: m.unitCode ?? '',
    unitName: m.unitName ?? '',
    exportedAt: m.exportedAt ?? '',
    status,
    reason,
    checksumOk: input.result.checksum.matches,
  };
}

/** The rubric an assessment's 11 rows describe (item points as written in the ledger). */
function rubricFromRows(rows: readonly AssessmentLedgerRow[]): RubricFields {
  const items: RubricItem[] = rows.map((r) => ({
    no: r.itemNo,
    area: r.area,
    name: r.itemName,
    max: r.max,
    provincialOnly: PROVINCIAL_ONLY_ITEMS.includes(r.itemNo),
    kind: r.itemNo === BONUS_ITEM ? 'bonus' : r.itemNo === DEDUCTION_ITEM ? 'deduction' : 'regular',
  }));
  return { ...DEFAULT_RUBRIC, version: rows[0]?.rubricVersion ?? 1, items };
}

function assessmentTotals(data: LedgerData, unitCode: string, provincialCommittee: boolean) {
  const groups = new Map<string, AssessmentLedgerRow[]>();
  for (const r of data.assessments) {
    if (r.unitCode !== unitCode) continue;
    const key = `${r.kind}\u0000${r.scorer}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const total = (rows: AssessmentLedgerRow[]): number =>
    scoreSheet(rubricFromRows(rows), { provincialCommittee }, rows.map((r) => ({ no: r.itemNo, score: r.score, comment: '', evidence: '' }))).total;
  const selfGroups = [...groups.values()].filter((g) => g[0]!.kind === 'self');
  // the latest submitted self-assessment; a draft only when nothing was submitted
  selfGroups.sort((a, b) => byString(a[0]!.submittedOn ?? '', b[0]!.submittedOn ?? '') || byString(a[0]!.scorer, b[0]!.scorer));
  const self = selfGroups[selfGroups.length - 1];
  const national = [...groups.values()].filter((g) => g[0]!.kind === 'national');
  const nationalScores = national.map(total);
  return {
    selfScore: self ? total(self) : null,
    selfSubmitted: self ? self[0]!.submittedOn !== null : false,
    nationalScore: nationalScores.length ? round1(nationalScores.reduce((s, x) => s + x, 0) / nationalScores.length) : null,
    nationalScorers: nationalScores.length,
  };
}

function summarise(input: AggregateInput, data: LedgerData): UnitSummary {
  const root = data.units[0]!;
  const checklist = fiveOnesChecklist(
    data.workEntries.map((e) => ({
      id: String(e.seq),
      unitId: e.unitCode,
      term: data.meta.term,
      type: e.type,
      date: e.date,
      evidenceHashes: new Array<string>(e.evidenceCount).fill(''),
    })),
    root.unitCode,
    data.meta.term,
  );
  return {
    unitCode: root.unitCode,
    unitName: root.unitName,
    channel: root.channel,
    base: root.base,
    required: root.required,
    filed: root.filed,
    approved: root.approved,
    completionRate: root.completionRate,
    met: root.required === null ? null : root.approved >= root.required,
    formerNational: root.formerNational,
    nonPublic: root.nonPublic,
    socialOrg: root.socialOrg,
    collectives: data.collectives.length,
    fiveOnesMet: checklist.metCount,
    fiveOnesMissing: [...checklist.missing],
    ...assessmentTotals(data, root.unitCode, root.provincialCommittee),
    exportedAt: data.meta.exportedAt,
    fileName: input.fileName,
    checksumOk: input.result.checksum.matches,
  };
}

function mean(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? round1(v.reduce((s, x) => s + x, 0) / v.length) : null;
}

function totalsOf(label: string, units: readonly UnitSummary[]): Totals {
  const sum = (f: (u: UnitSummary) => number | null): number => units.reduce((s, u) => s + (f(u) ?? 0), 0);
  const withQuota = units.filter((u) => u.required !== null);
  const required = withQuota.reduce((s, u) => s + u.required!, 0);
  const approvedWithQuota = withQuota.reduce((s, u) => s + u.approved, 0);
  return {
    label,
    units: units.length,
    base: sum((u) => u.base),
    required,
    filed: sum((u) => u.filed),
    approved: sum((u) => u.approved),
    completionRate: withQuota.length === 0 ? null : round4(required === 0 ? 1 : approvedWithQuota / required),
    metUnits: units.filter((u) => u.met === true).length,
    formerNational: sum((u) => u.formerNational),
    nonPublic: sum((u) => u.nonPublic),
    socialOrg: sum((u) => u.socialOrg),
    collectives: sum((u) => u.collectives),
    fiveOnesComplete: units.filter((u) => u.fiveOnesMissing.length === 0).length,
    selfScoreMean: mean(units.map((u) => u.selfScore)),
    nationalScoreMean: mean(units.map((u) => u.nationalScore)),
  };
}

/** Union–find over collective rows of the counted ledgers, keyed by names and codes. */
function findDuplicates(included: readonly LedgerData[]): { entries: DuplicateEntry[]; groups: number } {
  interface Item {
    ledger: LedgerData;
    row: LedgerData['collectives'][number];
  }
  const items: Item[] = [];
  for (const ledger of included) for (const row of ledger.collectives) if (row.status !== 'superseded') items.push({ ledger, row });
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstByKey = new Map<string, number>();
  const keysOf = (it: Item): string[] => {
    const keys = [`code:${it.row.code}`];
    for (const n of [it.row.name, ...it.row.formerNames]) {
      const k = nameKey(n);
      if (k !== '') keys.push(`name:${k}`);
    }
    return keys;
  };
  items.forEach((it, i) => {
    for (const k of keysOf(it)) {
      const first = firstByKey.get(k);
      if (first === undefined) firstByKey.set(k, i);
      else union(first, i);
    }
  });
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  const multi = [...groups.values()].filter((g) => new Set(g.map((i) => items[i]!.ledger.meta.unitCode)).size > 1);
  // order groups by their first name, members by ledger unit then code, so any load order gives one listing
  const sorted = multi
    .map((g) =>
      g
        .map((i) => items[i]!)
        .sort((a, b) => compareUnitCodes(a.ledger.meta.unitCode, b.ledger.meta.unitCode) || byString(a.row.code, b.row.code)),
    )
    .sort((a, b) => byString(nameKey(a[0]!.row.name), nameKey(b[0]!.row.name)) || byString(a[0]!.row.code, b[0]!.row.code));
  const entries: DuplicateEntry[] = [];
  sorted.forEach((members, gi) => {
    const keyCount = new Map<string, number>();
    for (const m of members) for (const k of new Set(keysOf(m))) keyCount.set(k, (keyCount.get(k) ?? 0) + 1);
    for (const m of members) {
      const shared = [...new Set(keysOf(m))].filter((k) => (keyCount.get(k) ?? 0) > 1);
      const by = shared.some((k) => k.startsWith('code:'))
        ? '编码相同'
        : shared.includes(`name:${nameKey(m.row.name)}`)
          ? '名称相同'
          : '曾用名称相同';
      entries.push({
        group: gi + 1,
        name: m.row.name,
        code: m.row.code,
        status: STATUS_LABEL[m.row.status],
        unitCode: m.row.unitCode,
        unitName: m.row.unitName,
        ledgerUnitCode: m.ledger.meta.unitCode,
        ledgerUnitName: m.ledger.meta.unitName,
        matchedBy: by,
      });
    }
  });
  return { entries, groups: sorted.length };
}

export function aggregateLedgers(inputs: readonly AggregateInput[], options: { term?: string } = {}): AggregateResult {
  const files: FileOutcome[] = [];
  const valid: { input: AggregateInput; data: LedgerData }[] = [];
  for (const input of inputs) {
    const data = input.result.data;
    if (!input.result.ok || !data) {
      const n = input.result.errors.length + input.result.omittedErrors;
      const first = input.result.errors.slice(0, 2).map(issueText).join('；');
      files.push(outcome(input, 'refused', `台账校验未通过（${n} 处错误）：${first}${n > 2 ? '……' : ''}`));
    } else if (data.meta.scope === 'national') {
      files.push(outcome(input, 'refused', '全国范围的台账不参与汇总，请使用各单位报送的台账'));
    } else {
      valid.push({ input, data });
    }
  }

  // term: asked for, else the most frequent (ties: the latest)
  let term = options.term ?? null;
  if (term === null && valid.length) {
    const freq = new Map<string, number>();
    for (const v of valid) freq.set(v.data.meta.term, (freq.get(v.data.meta.term) ?? 0) + 1);
    term = [...freq].sort((a, b) => b[1] - a[1] || byString(b[0], a[0]))[0]![0];
  }
  const termLabel = valid.find((v) => v.data.meta.term === term)?.data.meta.termLabel ?? term ?? '';
  const sameTerm = valid.filter((v) => {
    if (v.data.meta.term === term) return true;
    files.push(outcome(v.input, 'refused', `届次为 ${v.data.meta.term}，与汇总的届次 ${term ?? ''} 不一致`));
    return false;
  });

  // one ledger per unit: the latest export wins
  const byUnit = new Map<string, { input: AggregateInput; data: LedgerData }[]>();
  for (const v of sameTerm) {
    const list = byUnit.get(v.data.meta.unitCode);
    if (list) list.push(v);
    else byUnit.set(v.data.meta.unitCode, [v]);
  }
  const latest: { input: AggregateInput; data: LedgerData }[] = [];
  for (const list of byUnit.values()) {
    list.sort(
      (a, b) =>
        byString(b.data.meta.exportedAt, a.data.meta.exportedAt) ||
        byString(b.input.result.checksum.computed ?? '', a.input.result.checksum.computed ?? '') ||
        byString(a.input.fileName, b.input.fileName),
    );
    const [winner, ...older] = list;
    latest.push(winner!);
    for (const o of older) {
      const same = o.data.meta.exportedAt === winner!.data.meta.exportedAt && o.input.result.checksum.computed === winner!.input.result.checksum.computed;
      files.push(
        outcome(
          o.input,
          'replaced',
          same
            ? `与“${winner!.input.fileName}”内容相同，只计一次`
            : `已被同一单位 ${winner!.data.meta.exportedAt} 导出的台账“${winner!.input.fileName}”取代`,
        ),
      );
    }
  }

  // a unit inside another counted ledger is covered by it
  const included: { input: AggregateInput; data: LedgerData }[] = [];
  for (const v of latest) {
    const code = v.data.meta.unitCode;
    const cover = latest.find((o) => o !== v && o.data.units.some((u) => u.unitCode === code));
    if (cover) files.push(outcome(v.input, 'covered', `该单位已包含在“${cover.data.meta.unitName}”的台账（${cover.input.fileName}）中，不重复计算`));
    else included.push(v);
  }
  for (const v of included) files.push(outcome(v.input, 'included', v.input.result.checksum.matches === false ? '已纳入（校验值不一致：台账导出后被修改过）' : '已纳入'));

  const units = included.map((v) => summarise(v.input, v.data)).sort((a, b) => compareUnitCodes(a.unitCode, b.unitCode));
  const totals = [
    totalsOf(`${CHANNEL_LABEL.industry}合计`, units.filter((u) => u.channel === 'industry')),
    totalsOf(`${CHANNEL_LABEL.region}合计`, units.filter((u) => u.channel === 'region')),
    totalsOf('总计', units),
  ];
  const dup = findDuplicates(included.map((v) => v.data));
  const order: Record<FileStatus, number> = { included: 0, covered: 1, replaced: 2, refused: 3 };
  files.sort((a, b) => order[a.status] - order[b.status] || compareUnitCodes(a.unitCode, b.unitCode) || byString(a.fileName, b.fileName));
  return { term, termLabel, units, totals, duplicates: dup.entries, duplicateGroups: dup.groups, files };
}

// ---------------------------------------------------------------------------------------------
// The summary workbook

type Cell = string | number | null;

const STATUS_TEXT: Record<FileStatus, string> = { included: '已纳入', covered: '已包含在上级台账中', replaced: '已被取代', refused: '未纳入' };

function sheet(headers: readonly string[], rows: readonly Cell[][], formats: Record<number, string> = {}): XLSX.WorkSheet {
  const data: (XLSX.CellObject | undefined)[][] = [headers.map((h) => ({ t: 's', v: safeText(h) }) as XLSX.CellObject)];
  for (const row of rows) {
    data.push(
      row.map((v, c): XLSX.CellObject | undefined => {
        if (v === null || v === '') return undefined;
        if (typeof v === 'number') return formats[c] ? { t: 'n', v, z: formats[c] } : { t: 'n', v };
        return { t: 's', v: safeText(v) };
      }),
    );
  }
  const widths = headers.map((h, c) => {
    let w = displayWidth(h);
    for (const r of rows.slice(0, 500)) {
      const v = r[c];
      if (v === null || v === undefined) continue;
      w = Math.max(w, typeof v === 'number' ? (formats[c] === '0.00%' ? 8 : String(v).length) : displayWidth(v));
    }
    return { wch: Math.min(60, Math.max(6, w + 2)) };
  });
  return {
    '!data': data as XLSX.CellObject[][],
    '!ref': `A1:${columnLetter(headers.length - 1)}${data.length}`,
    '!cols': widths,
  };
}

export const SUMMARY_HEADERS = [
  '单位编码',
  '单位名称',
  '归口',
  '基数',
  '应完成网络创建数',
  '已报备',
  '创建集体',
  '完成率',
  '是否达标',
  '其中往届全国青年文明号',
  '其中非公经济组织',
  '其中社会组织',
  '台账集体数',
  '五个一落实项数',
  '五个一尚缺',
  '自评得分',
  '自评状态',
  '全国考评得分',
  '全国考评评分人数',
  '台账导出时间',
  '校验值',
  '来源文件',
] as const;

export function summaryRows(result: AggregateResult): Cell[][] {
  const rows: Cell[][] = result.units.map((u) => [
    u.unitCode,
    u.unitName,
    CHANNEL_LABEL[u.channel],
    u.base,
    u.required,
    u.filed,
    u.approved,
    u.completionRate,
    u.met === null ? null : u.met ? '达标' : '未达标',
    u.formerNational,
    u.nonPublic,
    u.socialOrg,
    u.collectives,
    u.fiveOnesMet,
    u.fiveOnesMissing.length ? u.fiveOnesMissing.join('、') : '已全部落实',
    u.selfScore,
    u.selfScore === null ? '无自评' : u.selfSubmitted ? '已提交' : '未提交（草稿）',
    u.nationalScore,
    u.nationalScorers,
    u.exportedAt,
    u.checksumOk === false ? '不一致（导出后被修改）' : '一致',
    u.fileName,
  ]);
  for (const t of result.totals) {
    rows.push([
      null,
      t.label,
      `${t.units} 个单位`,
      t.base,
      t.required,
      t.filed,
      t.approved,
      t.completionRate,
      `达标 ${t.metUnits} 个`,
      t.formerNational,
      t.nonPublic,
      t.socialOrg,
      t.collectives,
      null,
      `全部落实 ${t.fiveOnesComplete} 个`,
      t.selfScoreMean,
      t.selfScoreMean === null ? null : '平均',
      t.nationalScoreMean,
      null,
      null,
      null,
      null,
    ]);
  }
  return rows;
}

export const DUPLICATE_HEADERS = ['组号', '集体名称', '用户名（编码）', '状态', '管理单位编码', '管理单位', '所在台账', '判定依据'] as const;
export const FILE_HEADERS = ['来源文件', '单位编码', '单位名称', '台账导出时间', '处理结果', '说明'] as const;

export function aggregateWorkbook(result: AggregateResult, meta: { generatedAt: string; appVersion: string }): Uint8Array {
  const summary = sheet(SUMMARY_HEADERS, summaryRows(result), { 7: '0.00%' });
  const duplicates = sheet(
    DUPLICATE_HEADERS,
    result.duplicates.map((d) => [d.group, d.name, d.code, d.status, d.unitCode, d.unitName, `${d.ledgerUnitName}（${d.ledgerUnitCode}）`, d.matchedBy]),
  );
  const files = sheet(
    FILE_HEADERS,
    result.files.map((f) => [f.fileName, f.unitCode, f.unitName, f.exportedAt, STATUS_TEXT[f.status], f.reason]),
  );
  const notes = sheet(
    ['项目', '内容'],
    [
      ['汇总', `${result.termLabel || result.term || ''}全国工作台账汇总：纳入 ${result.units.length} 个单位的台账`],
      ['届次', result.term ?? ''],
      ['生成时间', meta.generatedAt],
      ['软件版本', meta.appVersion],
      ['一单位一行', '每个单位只计一份台账：同一单位重复报送的，以导出时间较晚的为准；下级单位的台账已包含在上级单位台账中的，不重复计算。'],
      ['完成率', '创建集体 ÷ 应完成网络创建数，数据取自各单位台账“网络创建完成情况”第一行（含下级单位）。合计行的完成率只计有名额的单位。'],
      ['五个一', `各单位本级工作记录中 ${FIVE_ONES_KINDS.join('、')} 五类各至少一项即为落实。`],
      ['得分', '按台账中的评分细则计算（未考核第1、6项的单位按规则折算）；全国考评有多名评分人时取平均分。'],
      ['重复集体', '名称（规范化后）、曾用名称或编码相同、且出现在不同单位台账中的集体，请核实是否多途径报备（通知一.4）。已由新编码取代的集体不列入。'],
    ],
  );
  return workbookBytes([
    { name: '全国汇总', sheet: summary },
    { name: '重复集体', sheet: duplicates },
    { name: '台账清单', sheet: files },
    { name: '说明', sheet: notes },
  ]);
}

export function aggregateFileName(result: AggregateResult): string {
  return `全国工作台账汇总_${result.term ?? ''}.xlsx`.replace(/[\\/:*?"<>|\s]+/g, '_');
}
