/**
 * The roster (集体名单) columns: canonical headers, the synonyms recognised on import, and the
 * collective types with the synonyms accepted for them.
 *
 * Policy:
 * - Header matching is exact first (after removing spaces, width differences, a leading
 *   required-marker "*" and a trailing colon), then exact after removing bracketed notes
 *   ("成员人数（人）" → "成员人数"), then — only for synonyms marked suffix-safe — by the end of
 *   the header ("集体规范名称" ends with "名称"), because a Chinese column heading ends with its
 *   head noun. Generic words such as "人数" are never matched by suffix ("团员人数" must not
 *   become the member count).
 * - Every lookup table is a Map: a heading such as "__proto__" or "constructor" is just text.
 */
import type { CollectiveType } from '../model/entities';
import { normaliseName } from '../text/names';

export type RosterField =
  | 'name'
  | 'code'
  | 'parentOrganisation'
  | 'type'
  | 'region'
  | 'memberCount'
  | 'youthCount'
  | 'leader'
  | 'phone'
  | 'email'
  | 'honours'
  | 'formerNames';

export interface RosterFieldSpec {
  field: RosterField;
  /** canonical header written in the template */
  header: string;
  /** Chinese label for messages */
  label: string;
  /** recognised headers (compared after `headerKey`) */
  synonyms: readonly string[];
  /** synonyms that may also match the END of a longer header */
  suffixSynonyms: readonly string[];
  /** what to write, for the template's 说明 sheet */
  instruction: string;
}

export const ROSTER_FIELDS: readonly RosterFieldSpec[] = [
  {
    field: 'name',
    header: '集体名称',
    label: '集体名称',
    synonyms: ['规范名称', '集体名称', '名称', '集体规范名称', '集体全称', '青年集体名称', '创建集体名称', '青年文明号集体名称', '集体名称(规范全称)'],
    suffixSynonyms: ['名称', '全称'],
    instruction: '必填。集体的规范名称（全称），不超过100个字；同一文件中不能重复。',
  },
  {
    field: 'code',
    header: '用户名（编码）',
    label: '用户名（编码）',
    synonyms: ['用户名', '编码', '用户名(编码)', '集体编码', '用户编码', '账号', '帐号', '登录名', '登录账号'],
    suffixSynonyms: ['用户名', '编码'],
    instruction: '新集体留空，由系统生成；更新已有集体时填写其用户名（编码）。',
  },
  {
    field: 'parentOrganisation',
    header: '所属单位',
    label: '所属单位',
    synonyms: [
      '所属单位',
      '上级单位',
      '主管单位',
      '所在单位',
      '所属单位名称',
      '上级单位名称',
      '主管单位名称',
      '上级主管单位',
      '依托单位',
      '隶属单位',
      '所属机构',
    ],
    suffixSynonyms: ['所属单位', '上级单位', '主管单位', '所在单位', '依托单位', '所属单位名称', '上级单位名称', '主管单位名称'],
    instruction: '集体所在的单位或上级主管单位。',
  },
  {
    field: 'type',
    header: '集体类型',
    label: '集体类型',
    synonyms: ['集体类型', '单位性质', '类型', '性质', '单位类型', '集体性质', '单位类别', '集体类别'],
    suffixSynonyms: ['类型', '性质', '类别'],
    instruction: '党政机关、事业单位、国有企业、非公经济组织、社会组织、其他，六选一（“民营企业”“国企”等常见说法可自动识别）。',
  },
  {
    field: 'region',
    header: '所在地区',
    label: '所在地区',
    synonyms: ['所在地区', '地区', '所在地', '所在省份', '省份', '所在区域', '区域', '所属地区', '行政区划'],
    suffixSynonyms: ['地区', '区域'],
    instruction: '集体所在的省、市、县（区）。',
  },
  {
    field: 'memberCount',
    header: '成员人数',
    label: '成员人数',
    synonyms: ['成员人数', '人数', '总人数', '集体人数', '成员总数', '成员总人数', '集体总人数', '职工人数', '员工人数', '人员总数', '成员数'],
    suffixSynonyms: ['成员人数', '总人数', '成员总数'],
    instruction: '正整数。',
  },
  {
    field: 'youthCount',
    header: '35岁以下青年人数',
    label: '35岁以下青年人数',
    synonyms: [
      '35岁以下',
      '青年人数',
      '35周岁及以下人数',
      '35岁以下人数',
      '35岁以下青年人数',
      '35周岁以下',
      '35周岁以下人数',
      '35周岁以下青年人数',
      '35岁及以下人数',
      '35周岁及以下青年人数',
      '青年成员人数',
      '青年数',
    ],
    suffixSynonyms: ['35岁以下', '35周岁以下', '青年人数', '35岁以下人数', '35周岁以下人数', '35周岁及以下人数', '35岁及以下人数'],
    instruction: '正整数，不大于成员人数。',
  },
  {
    field: 'leader',
    header: '负责人',
    label: '负责人',
    synonyms: ['负责人', '联系人', '负责人姓名', '联系人姓名', '集体负责人', '号长', '号长姓名', '姓名'],
    suffixSynonyms: ['负责人', '联系人', '号长'],
    instruction: '集体负责人（号长）或联系人姓名。',
  },
  {
    field: 'phone',
    header: '联系电话',
    label: '联系电话',
    synonyms: [
      '联系电话',
      '手机',
      '电话',
      '手机号码',
      '手机号',
      '电话号码',
      '联系方式',
      '联系人电话',
      '负责人电话',
      '号长电话',
      '联系人手机',
      '负责人手机',
      '办公电话',
    ],
    suffixSynonyms: ['电话', '手机', '手机号', '手机号码', '电话号码', '联系方式'],
    instruction: '手机或固定电话，只含数字（可带区号连字符“-”、分机号）；多个号码用“/”分隔。',
  },
  {
    field: 'email',
    header: '保密邮箱',
    label: '保密邮箱',
    synonyms: ['保密邮箱', '邮箱', '电子邮箱', '电子邮件', 'email', 'e-mail', '邮件', '邮箱地址', '联系邮箱', '电子信箱'],
    suffixSynonyms: ['邮箱', '电子邮件', 'email', 'e-mail', '信箱'],
    instruction: '用于找回用户名（编码）的电子邮箱，例如 name@example.com。',
  },
  {
    field: 'honours',
    header: '曾获荣誉',
    label: '曾获荣誉',
    synonyms: ['荣誉', '曾获荣誉', '获得荣誉', '所获荣誉', '荣誉情况', '已获荣誉', '历史荣誉', '曾获青年文明号荣誉', '获奖情况'],
    suffixSynonyms: ['荣誉', '荣誉情况'],
    instruction: '每项写明年份和级别，用分号分隔，例如：2015年全国青年文明号；2016年省级青年文明号复核认定。',
  },
  {
    field: 'formerNames',
    header: '曾用名称',
    label: '曾用名称',
    synonyms: ['曾用名称', '曾用名'],
    suffixSynonyms: ['曾用名称', '曾用名'],
    instruction: '集体更名前使用过的名称，多个用分号分隔。',
  },
];

export const FIELD_SPEC: ReadonlyMap<RosterField, RosterFieldSpec> = new Map(ROSTER_FIELDS.map((f) => [f.field, f]));

export function fieldLabel(field: RosterField): string {
  return FIELD_SPEC.get(field)?.label ?? field;
}

/** Headers that are known but carry nothing to import (row numbers). */
const IGNORED_HEADERS: ReadonlySet<string> = new Set(['序号', '序列号', '编号', 'no', 'no.', '行号']);

/** Comparison form of a header cell. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u200b-\u200d\u3000\ufeff]+/g, '')
    .replace(/^[*※★☆]+|[*※★☆]+$/g, '')
    .replace(/[:：]+$/, '')
    .toLowerCase();
}

function stripBracketNotes(key: string): string {
  return key.replace(/[(\[【〔][^()[\]【】〔〕]*[)\]】〕]/g, '');
}

const EXACT = new Map<string, RosterField>();
const SUFFIX: { key: string; field: RosterField }[] = [];
for (const spec of ROSTER_FIELDS) {
  for (const s of spec.synonyms) EXACT.set(headerKey(s), spec.field);
  EXACT.set(headerKey(spec.header), spec.field);
  for (const s of spec.suffixSynonyms) SUFFIX.push({ key: headerKey(s), field: spec.field });
}
// longest suffix first, so "35岁以下人数" beats "人数"-like shorter endings
SUFFIX.sort((a, b) => b.key.length - a.key.length);

export type HeaderMatchQuality = 'exact' | 'suffix';

export interface HeaderMatch {
  field: RosterField;
  quality: HeaderMatchQuality;
}

/** Which field a header cell names, if any. */
export function matchHeader(text: string): HeaderMatch | null {
  const key = headerKey(text);
  if (key === '') return null;
  const exact = EXACT.get(key) ?? EXACT.get(stripBracketNotes(key));
  if (exact) return { field: exact, quality: 'exact' };
  const bare = stripBracketNotes(key);
  for (const s of SUFFIX) {
    if (bare.length > s.key.length && bare.endsWith(s.key)) return { field: s.field, quality: 'suffix' };
  }
  return null;
}

export function isIgnoredHeader(text: string): boolean {
  return IGNORED_HEADERS.has(stripBracketNotes(headerKey(text)));
}

export const COLLECTIVE_TYPES: readonly CollectiveType[] = ['党政机关', '事业单位', '国有企业', '非公经济组织', '社会组织', '其他'];

/** Common ways of writing each type. Keys are compared after `normaliseName`. */
const TYPE_SYNONYMS: ReadonlyArray<readonly [string, CollectiveType]> = [
  ['党政机关', '党政机关'],
  ['机关', '党政机关'],
  ['党政机关单位', '党政机关'],
  ['国家机关', '党政机关'],
  ['政府机关', '党政机关'],
  ['行政机关', '党政机关'],
  ['党委机关', '党政机关'],
  ['机关单位', '党政机关'],
  ['事业单位', '事业单位'],
  ['事业', '事业单位'],
  ['公益一类事业单位', '事业单位'],
  ['公益二类事业单位', '事业单位'],
  ['国有企业', '国有企业'],
  ['国企', '国有企业'],
  ['国有', '国有企业'],
  ['央企', '国有企业'],
  ['中央企业', '国有企业'],
  ['国有控股企业', '国有企业'],
  ['国有独资企业', '国有企业'],
  ['地方国企', '国有企业'],
  ['非公经济组织', '非公经济组织'],
  ['非公有制经济组织', '非公经济组织'],
  ['非公企业', '非公经济组织'],
  ['非公有制企业', '非公经济组织'],
  ['民营企业', '非公经济组织'],
  ['民企', '非公经济组织'],
  ['私营企业', '非公经济组织'],
  ['私企', '非公经济组织'],
  ['外资企业', '非公经济组织'],
  ['外企', '非公经济组织'],
  ['中外合资企业', '非公经济组织'],
  ['个体工商户', '非公经济组织'],
  ['社会组织', '社会组织'],
  ['社会团体', '社会组织'],
  ['社团', '社会组织'],
  ['民办非企业单位', '社会组织'],
  ['民办非企业', '社会组织'],
  ['民非', '社会组织'],
  ['基金会', '社会组织'],
  ['社会服务机构', '社会组织'],
  ['其他', '其他'],
  ['其它', '其他'],
];

const TYPE_LOOKUP = new Map<string, CollectiveType>(TYPE_SYNONYMS.map(([k, v]) => [normaliseName(k), v]));

/** The collective type a cell means, or null when it is not recognisable. */
export function resolveCollectiveType(text: string): CollectiveType | null {
  return TYPE_LOOKUP.get(normaliseName(text)) ?? null;
}

/** Accepted spellings per type, for the template's 说明 sheet and for documentation. */
export function collectiveTypeSynonyms(): ReadonlyMap<CollectiveType, string[]> {
  const out = new Map<CollectiveType, string[]>(COLLECTIVE_TYPES.map((t) => [t, []]));
  for (const [k, v] of TYPE_SYNONYMS) if (k !== v) out.get(v)?.push(k);
  return out;
}
