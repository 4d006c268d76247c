/**
 * The default rubric (评分细则, version 1) for assessing management units under annex 3 of the
 * notice (青年文明号活动管理工作考评办法), and the score sheet computed from it.
 *
 * Policy. Annex 3 names 5 areas and 11 items but gives no points; DOMAIN.md leaves the points
 * open. This file ships the documented default; the national office may edit it (a new version)
 * and every score sheet shows the rubric version and its normalisation text.
 *
 * Points of version 1, and why:
 * - Items 1–6, 8, 9: 10 points each. The annex lists them as parallel items with no ranking and
 *   judges the items of one area by one shared set of criteria (完整性/科学性/执行力,
 *   时效/质量/成效, 参与面/影响力/实效性), so nothing in the text supports weighting one above
 *   another. Equal weights are the neutral reading.
 * - Item 7 基层规模: 20 points. It is the only item with a published, measurable target
 *   (creation collectives ≥ 10 × 基数, part 一.2 and annex 1) that the system itself can verify,
 *   and it bundles three aspects the annex names (scale, former national YCA, non-public and
 *   social-organisation collectives). Double weight makes the quota matter without letting it
 *   dominate the qualitative work.
 * - Regular total 8 × 10 + 20 = 100, so a sheet reads like a percentage.
 * - Item 10 加分项: at most +10, for the three kinds the annex lists (BONUS_KINDS). A cap the
 *   size of one ordinary item rewards exceptional effort without overturning the regular result.
 * - Item 11 减分项: at most −20, for the two kinds the annex lists (DEDUCTION_KINDS). Damage to
 *   the brand's credibility (“影响共青团社会信用和青年文明号公信力”) weighs more than extra effort,
 *   so the cap is twice the bonus cap; it is still capped so that one incident cannot wipe out
 *   two years of work — a case serious enough for that is handled outside the rubric.
 * - Items 1 and 6 are assessed only for provincial-level local league committees (annex 3 三.1);
 *   the flag comes from Unit.provincialCommittee (31 provinces + 兵团; 中直机关 and 国家机关 are
 *   not, an open default of the reference data).
 *
 * Normalisation: a unit not assessed on items 1 and 6 can reach only 80 regular points. Its
 * regular score is scaled to the rubric's full regular mark (100 in v1) so units of both kinds
 * are compared, and next term's quotas allocated, on one scale:
 *   normalised = raw × fullRegular / maxApplicable, rounded half up to 1 decimal.
 * Bonus and deduction are absolute points and are not scaled.
 * total = normalised + bonus + deduction (rounded to 1 decimal; not floored at 0, so a sheet
 * never hides how much was deducted).
 */
import type { ItemScore, Rubric, RubricItem } from '../model/entities';

/** The rubric without the stored-record fields; `Writer.create` adds id, timestamps and rev. */
export type RubricFields = Omit<Rubric, 'id' | 'createdAt' | 'updatedAt' | 'rev' | 'deleted'>;

/** The five areas in the annex's order, with the annex's numbering. */
export const RUBRIC_AREAS = ['机制规范', '过程管理', '创建规模', '品牌建设', '其他项目'] as const;
export type RubricArea = (typeof RUBRIC_AREAS)[number];
export const AREA_NUMERALS = ['一', '二', '三', '四', '五'] as const;

/** "一、机制规范" … for headings. */
export function areaHeading(area: string): string {
  const i = (RUBRIC_AREAS as readonly string[]).indexOf(area);
  return i >= 0 ? `${AREA_NUMERALS[i]}、${area}` : area;
}

/** Item numbers of the annex: 1–9 regular, 10 bonus, 11 deduction. */
export const ITEM_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
export const BONUS_ITEM = 10;
export const DEDUCTION_ITEM = 11;
/** Items only provincial-level local league committees are assessed on (annex 3 三.1). */
export const PROVINCIAL_ONLY_ITEMS: readonly number[] = [1, 6];

/** The structure every rubric (national or derived) must keep: area, name, kind per item. */
const ITEM_SHAPE: readonly Omit<RubricItem, 'max'>[] = [
  { no: 1, area: '机制规范', name: '组织机制', provincialOnly: true, kind: 'regular' },
  { no: 2, area: '机制规范', name: '工作规范', provincialOnly: false, kind: 'regular' },
  { no: 3, area: '过程管理', name: '培训指导', provincialOnly: false, kind: 'regular' },
  { no: 4, area: '过程管理', name: '跟踪监督', provincialOnly: false, kind: 'regular' },
  { no: 5, area: '过程管理', name: '联系沟通', provincialOnly: false, kind: 'regular' },
  { no: 6, area: '创建规模', name: '覆盖领域', provincialOnly: true, kind: 'regular' },
  { no: 7, area: '创建规模', name: '基层规模', provincialOnly: false, kind: 'regular' },
  { no: 8, area: '品牌建设', name: '活动载体', provincialOnly: false, kind: 'regular' },
  { no: 9, area: '品牌建设', name: '氛围营造', provincialOnly: false, kind: 'regular' },
  { no: 10, area: '其他项目', name: '加分项', provincialOnly: false, kind: 'bonus' },
  { no: 11, area: '其他项目', name: '减分项', provincialOnly: false, kind: 'deduction' },
];

const DEFAULT_POINTS: Readonly<Record<number, number>> = {
  1: 10, 2: 10, 3: 10, 4: 10, 5: 10, 6: 10, 7: 20, 8: 10, 9: 10, 10: 10, 11: 20,
};

/** What the annex says each item looks at, shown beside the score field. */
export const RUBRIC_ITEM_GUIDE: Readonly<Record<number, string>> = {
  1: '各级活动组委会（领导小组）作用发挥情况，包括沟通联系、交流合作、共同决策机制的建设和执行情况',
  2: '执行集体资格审查、创建工作考察、遴选推荐等工作原则和规范的情况；是否形成适应本行业本地方实际的创建标准、操作规范、工作推进机制',
  3: '组织所属各级活动管理单位和青年文明号集体开展培训、促进交流等情况',
  4: '深入集体实地督导调研，落实社会监督机制，按《青年文明号活动管理办法》落实督促整改和荣誉退出机制的情况',
  5: '配合组委会办公室推动工作，及时提交信息、反映情况、提供经验；与创建集体的直接联系机制和具体指导',
  6: '与已和团中央联合开展创建的行业部门（社会机构）省级单位建立联创机制，支持协同各地区各行业工作，拓展新领域创建',
  7: '参与创建的集体数量（以评选基数10倍为达标数量）；纳入往届全国青年文明号；省级地方团委纳入一定比例的非公经济和社会组织创建集体',
  8: '按组委会统一安排开展主题创建活动；形成特色性、长效性、广覆盖的创建载体或项目',
  9: '落实“三亮”机制；媒体合作机制和宣传平台；培育青年文明号文化产品；运用媒体特别是新媒体宣传推广',
  10: '符合附件3所列三类情形之一的，酌情加分',
  11: '符合附件3所列两类情形之一的，根据问题性质和社会影响扣分',
};

/** The three kinds of bonus listed in annex 3 item 10. */
export const BONUS_KINDS: readonly string[] = [
  '在拓展领域、载体建设、机制创新、品牌推广等方面积极探索，并具有较强的持续性、实效性、示范性',
  '本地区（本行业）主要领导出席青年文明号相关活动、部署或指导创建工作；出台促进青年文明号活动整体发展的政策',
  '主动承接全国性的青年文明号重点工作、项目、活动等，以及为青年文明号活动整体发展作出重要贡献的其他举措',
];

/** The two kinds of deduction listed in annex 3 item 11. */
export const DEDUCTION_KINDS: readonly string[] = [
  '组委会办公室接到针对青年文明号集体和活动管理单位的社会投诉，经摸查根据问题性质和社会影响扣分',
  '《青年文明号活动管理办法》执行出现重大偏差；挂牌不规范、评选不严肃、变相向基层收费等影响共青团社会信用和青年文明号公信力的问题',
];

/** Deterministic id of the seeded national rubric, like the reference data's `unit-R09`. */
export const DEFAULT_RUBRIC_ID = 'rubric-national-v1';

export const NORMALISATION_TEXT =
  '未考核第1项和第6项的单位，常规项得分按“实得分 × 常规项满分 ÷ 本单位适用项满分”折算到同一满分（四舍五入保留1位小数）；加分、减分不折算。';

/** The national rubric, version 1 (points and reasons: see the header of this file). */
export const DEFAULT_RUBRIC: RubricFields = Object.freeze({
  version: 1,
  name: '青年文明号活动管理工作考评评分细则（默认）',
  ownerUnitId: null,
  parentRubricId: null,
  // Frozen so no caller can edit the seed in place; deriveRubric copies the items.
  items: Object.freeze(ITEM_SHAPE.map((s) => Object.freeze({ ...s, max: DEFAULT_POINTS[s.no]! }))) as RubricItem[],
  normalisation: NORMALISATION_TEXT,
  note:
    '附件3未规定分值，本细则为系统默认：第1—6、8、9项各10分，第7项（基层规模，唯一有量化达标要求的项目）20分，常规项合计100分；' +
    '加分项最多加10分，减分项最多减20分。第1项、第6项仅考核省级地方团委。全国创建“青年文明号”活动组委会办公室可修改并发布新版本。',
});

// ---------------------------------------------------------------------------------------------
// Rubric validation and derivation

function itemOf(rubric: Pick<RubricFields, 'items'>, no: number): RubricItem | undefined {
  return rubric.items.find((i) => i.no === no);
}

/** Chinese messages for everything wrong with a rubric; empty when it is usable. */
export function validateRubric(rubric: Pick<RubricFields, 'items' | 'version' | 'name'>): string[] {
  const errors: string[] = [];
  if (!Number.isSafeInteger(rubric.version) || rubric.version < 1) {
    errors.push(`评分细则版本号必须是正整数：${rubric.version}`);
  }
  if (!rubric.name.trim()) errors.push('评分细则名称不能为空');
  const seen = new Set<number>();
  for (const item of rubric.items) {
    if (seen.has(item.no)) errors.push(`第${item.no}项重复`);
    seen.add(item.no);
    const shape = ITEM_SHAPE.find((s) => s.no === item.no);
    if (!shape) {
      errors.push(`第${item.no}项不是附件3规定的考评项目（应为第1—11项）`);
      continue;
    }
    if (item.kind !== shape.kind) {
      errors.push(`第${item.no}项（${shape.name}）的类型必须是${kindLabel(shape.kind)}`);
    }
    if (item.provincialOnly !== shape.provincialOnly) {
      errors.push(
        shape.provincialOnly
          ? `第${item.no}项（${shape.name}）按附件3只考核省级地方团委，不能改为全部单位考核`
          : `第${item.no}项（${shape.name}）适用于全部单位，不能改为只考核省级地方团委`,
      );
    }
    if (item.area !== shape.area) errors.push(`第${item.no}项（${shape.name}）必须属于“${shape.area}”`);
    // Points are whole numbers so score entry and the 30 % spread check stay readable.
    if (!Number.isSafeInteger(item.max) || item.max <= 0 || item.max > 100) {
      errors.push(`第${item.no}项（${shape.name}）的分值必须是 1—100 的整数：${item.max}`);
    }
  }
  for (const no of ITEM_NUMBERS) {
    if (!seen.has(no)) {
      const shape = ITEM_SHAPE.find((s) => s.no === no)!;
      errors.push(`缺少第${no}项（${shape.name}）：附件3的11项考评内容必须全部保留`);
    }
  }
  return errors;
}

function kindLabel(kind: RubricItem['kind']): string {
  return kind === 'regular' ? '常规项' : kind === 'bonus' ? '加分项' : '减分项';
}

/** One change a deriving unit asks for. Removing is part of the type only so it can be refused. */
export interface RubricChange {
  no: number;
  /** new points (cap for items 10 and 11) */
  max?: number;
  remove?: boolean;
}

export interface DeriveRubricOptions {
  /** the unit deriving the rubric for its subunits; null when the national office revises its own */
  ownerUnitId: string | null;
  changes: readonly RubricChange[];
  name?: string;
  note?: string;
  /** versions the owner already holds, so a second derivation never reuses a number */
  existingVersions?: readonly number[];
  /** id of the stored parent rubric */
  parentRubricId?: string | null;
}

/**
 * A provincial unit's rubric for its subunits (annex 3 三.2: “需与本办法的基本原则和基本内容保持
 * 一致”): all 11 items, areas, kinds and the provincial-only flags stay; only points change.
 * The version is one above both the parent's and every version the owner already holds.
 * Throws (Chinese message) on a removal, an unknown item or a result that fails validation.
 */
export function deriveRubric(parent: RubricFields, options: DeriveRubricOptions): RubricFields {
  const parentErrors = validateRubric(parent);
  if (parentErrors.length) throw new Error(`上级评分细则无效：${parentErrors.join('；')}`);
  const items = parent.items.map((i) => ({ ...i }));
  for (const change of options.changes) {
    const item = items.find((i) => i.no === change.no);
    if (!item) throw new Error(`第${change.no}项不是附件3规定的考评项目，不能修改`);
    if (change.remove) {
      throw new Error(
        `不能删除第${change.no}项（${item.name}）：下级考评办法须与附件3的基本内容保持一致，11项考评内容必须全部保留，可调整分值`,
      );
    }
    if (change.max !== undefined) item.max = change.max;
  }
  items.sort((a, b) => a.no - b.no);
  const version = Math.max(parent.version, ...(options.existingVersions ?? [])) + 1;
  const derived: RubricFields = {
    version,
    name: options.name?.trim() || parent.name,
    ownerUnitId: options.ownerUnitId,
    parentRubricId: options.parentRubricId ?? null,
    items,
    normalisation: parent.normalisation,
    note: [`依据“${parent.name}”第${parent.version}版制定。`, options.note?.trim() ?? ''].join('').trim(),
  };
  const errors = validateRubric(derived);
  if (errors.length) throw new Error(`评分细则无效：${errors.join('；')}`);
  return derived;
}

// ---------------------------------------------------------------------------------------------
// Score sheet

/** Round half up to 1 decimal; the epsilon keeps 91.25 (stored as 91.249999…) from rounding down. */
export function round1(x: number): number {
  return Math.round((x + Math.sign(x) * 1e-9) * 10) / 10;
}

export function isApplicable(item: RubricItem, unit: { provincialCommittee: boolean }): boolean {
  return !item.provincialOnly || unit.provincialCommittee;
}

/** Sum of the regular items' points, the same full mark every unit is scaled to (100 in v1). */
export function fullRegularMark(rubric: Pick<RubricFields, 'items'>): number {
  return rubric.items.filter((i) => i.kind === 'regular').reduce((s, i) => s + i.max, 0);
}

export interface ScoreIssue {
  no: number;
  message: string;
}

/**
 * Chinese messages for invalid scores: out of range (regular 0..max, bonus 0..cap, deduction
 * −cap..0), not a number, unknown or duplicate item. A score on an item the unit is not assessed
 * on is not an error (one score form may serve many units) — scoreSheet ignores it and warns.
 */
export function validateScores(
  rubric: Pick<RubricFields, 'items'>,
  scores: readonly ItemScore[],
): ScoreIssue[] {
  const issues: ScoreIssue[] = [];
  const seen = new Set<number>();
  for (const s of scores) {
    const item = itemOf(rubric, s.no);
    if (!item) {
      issues.push({ no: s.no, message: `第${s.no}项不在评分细则中` });
      continue;
    }
    if (seen.has(s.no)) issues.push({ no: s.no, message: `第${s.no}项（${item.name}）重复评分` });
    seen.add(s.no);
    if (s.score === null) continue;
    const label = `第${s.no}项（${item.name}）`;
    if (!Number.isFinite(s.score)) {
      issues.push({ no: s.no, message: `${label}的得分不是有效数字` });
    } else if (item.kind === 'regular' && (s.score < 0 || s.score > item.max)) {
      issues.push({ no: s.no, message: `${label}的得分应在 0—${item.max} 分之间，当前为 ${s.score} 分` });
    } else if (item.kind === 'bonus' && (s.score < 0 || s.score > item.max)) {
      issues.push({ no: s.no, message: `${label}最多加 ${item.max} 分，当前为 ${s.score} 分` });
    } else if (item.kind === 'deduction' && (s.score > 0 || s.score < -item.max)) {
      issues.push({
        no: s.no,
        message:
          s.score > 0
            ? `${label}应填写 0 或负数（如 -5），当前为 ${s.score} 分`
            : `${label}最多减 ${item.max} 分，当前为 ${s.score} 分`,
      });
    }
  }
  return issues;
}

export interface ScoreSheetLine {
  no: number;
  name: string;
  area: string;
  kind: RubricItem['kind'];
  max: number;
  /** the score as entered (null: not scored) */
  entered: number | null;
  /** the score counted, after clamping to the item's range */
  counted: number;
}

export interface ScoreSheet {
  rubricVersion: number;
  /** the rubric's normalisation text, shown on every sheet */
  normalisation: string;
  applicableItems: RubricItem[];
  lines: ScoreSheetLine[];
  rawRegular: number;
  /** full mark of the regular items this unit is assessed on (100 or 80 in v1) */
  maxRegular: number;
  /** full regular mark of the rubric, the scale every unit is normalised to */
  fullRegular: number;
  normalisedRegular: number;
  /** clamped to 0..cap */
  bonus: number;
  /** clamped to −cap..0 */
  deduction: number;
  total: number;
  /** applicable regular items without a score (counted as 0) */
  missingItems: number[];
  /** every score is present and valid */
  complete: boolean;
  errors: ScoreIssue[];
  warnings: ScoreIssue[];
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * The score sheet of one unit. Invalid values are reported in `errors` and clamped into range
 * (a non-number counts as missing) so the sheet can still be shown while the scorer fixes them.
 * An unscored bonus or deduction counts as 0 and is not "missing": most units have neither.
 */
export function scoreSheet(
  rubric: RubricFields,
  unit: { provincialCommittee: boolean },
  scores: readonly ItemScore[],
): ScoreSheet {
  const errors = validateScores(rubric, scores);
  const warnings: ScoreIssue[] = [];
  const byNo = new Map<number, number | null>();
  for (const s of scores) {
    // First score of a duplicated item wins; the duplicate is already an error.
    if (!byNo.has(s.no)) byNo.set(s.no, s.score !== null && Number.isFinite(s.score) ? s.score : null);
  }
  const items = [...rubric.items].sort((a, b) => a.no - b.no);
  const applicableItems = items.filter((i) => isApplicable(i, unit));
  for (const i of items) {
    if (!isApplicable(i, unit) && byNo.get(i.no) != null) {
      warnings.push({
        no: i.no,
        message: `第${i.no}项（${i.name}）只考核省级地方团委，本单位不考核，该项得分不计入`,
      });
    }
  }

  const lines: ScoreSheetLine[] = [];
  const missingItems: number[] = [];
  let rawRegular = 0;
  let maxRegular = 0;
  let bonus = 0;
  let deduction = 0;
  for (const item of applicableItems) {
    const entered = byNo.get(item.no) ?? null;
    let counted = 0;
    if (item.kind === 'regular') {
      maxRegular += item.max;
      if (entered === null) missingItems.push(item.no);
      else counted = clamp(entered, 0, item.max);
      rawRegular += counted;
    } else if (item.kind === 'bonus') {
      counted = entered === null ? 0 : clamp(entered, 0, item.max);
      bonus += counted;
    } else {
      counted = entered === null ? 0 : clamp(entered, -item.max, 0);
      deduction += counted;
    }
    lines.push({ no: item.no, name: item.name, area: item.area, kind: item.kind, max: item.max, entered, counted });
  }

  const fullRegular = fullRegularMark(rubric);
  const normalisedRegular = maxRegular > 0 ? round1((rawRegular * fullRegular) / maxRegular) : 0;
  return {
    rubricVersion: rubric.version,
    normalisation: rubric.normalisation,
    applicableItems,
    lines,
    rawRegular: round1(rawRegular),
    maxRegular,
    fullRegular,
    normalisedRegular,
    bonus,
    deduction,
    total: round1(normalisedRegular + bonus + deduction),
    missingItems,
    complete: missingItems.length === 0 && errors.length === 0,
    errors,
    warnings,
  };
}
