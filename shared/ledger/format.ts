/**
 * The standard ledger (工作台账, annex 3 一.3), format "YCA-LEDGER" version 1: sheet names,
 * columns, Chinese headers, cell types and widths, and the typed rows they carry.
 *
 * Policy (format versions):
 * - The notice asks for a 格式统一的工作台账 and gives no columns; this file is the standard.
 *   docs/ledger-format.md explains it and every exported workbook carries the same text in its
 *   说明 sheet (generated from these definitions, so the two cannot drift).
 * - A released format version is never edited. A change of sheets, columns, headers or cell
 *   types is a new version: copy FORMAT_V1 to FORMAT_V2, change the copy, add a reader for it to
 *   LEDGER_READERS (import.ts) and make the v1 reader convert into the current model. Exports
 *   always write CURRENT_LEDGER_VERSION; every registered older version stays importable.
 * - The envelope that tells versions apart never changes: a sheet named 元数据 with rows
 *   格式 = YCA-LEDGER and 格式版本 = <integer> (first column key, second column value).
 * - Cells hold real numbers and dates, never numbers or dates as text; text cells never start a
 *   formula (cells.ts safeText). Empty cell = no value.
 */
import type {
  ChangeKind,
  ChangeRequest,
  Channel,
  CollectiveStatus,
  CollectiveType,
  ComplaintState,
  EvaluationSource,
  Honour,
  WorkEntryType,
} from '../model/entities';
import { STATUS_LABEL } from '../rules/status';

export const LEDGER_FORMAT = 'YCA-LEDGER';
export const CURRENT_LEDGER_VERSION = 1;

/** Sheets that are not data: the envelope and the documentation. */
export const META_SHEET = '元数据';
export const README_SHEET = '说明';

/** Separator of list cells (曾用名称, 曾获荣誉). An item's own "；" is written as ";". */
export const LIST_SEPARATOR = '；';

/** Excel's hard limit for the text of one cell. */
export const MAX_CELL_TEXT = 32_767;

// ---------------------------------------------------------------------------------------------
// Enumerations: the domain value in the model, the Chinese label in the cell.

export const CHANNEL_LABEL: Readonly<Record<Channel, string>> = { industry: '行业', region: '地方', national: '全国' };
export const YES_NO: Readonly<Record<'true' | 'false', string>> = { true: '是', false: '否' };
export const COLLECTIVE_TYPE_LABEL: Readonly<Record<CollectiveType, string>> = {
  党政机关: '党政机关',
  事业单位: '事业单位',
  国有企业: '国有企业',
  非公经济组织: '非公经济组织',
  社会组织: '社会组织',
  其他: '其他',
};
export const WORK_ENTRY_TYPE_LABEL: Readonly<Record<WorkEntryType, string>> = {
  专题会议: '专题会议',
  集中培训: '集中培训',
  检查调研: '检查调研',
  主题创建活动: '主题创建活动',
  常态化联系平台: '常态化联系平台',
  媒体宣传: '媒体宣传',
  领导出席: '领导出席',
  政策文件: '政策文件',
  其他: '其他',
};
export const ASSESSMENT_KIND_LABEL: Readonly<Record<'self' | 'national', string>> = { self: '自评', national: '全国考评' };
export const CHANGE_KIND_LABEL: Readonly<Record<ChangeKind, string>> = {
  rename: '更名',
  functionRename: '职能变更并更名',
  merge: '撤并',
  memberTurnover: '成员一次性变动超过50%',
  transfer: '归口调整（重新派发编码）',
  disqualification: '取消创建资格',
};
export const CHANGE_STATE_LABEL: Readonly<Record<ChangeRequest['state'], string>> = {
  reported: '已报告',
  decided: '已决定',
  applied: '已实施',
  rejected: '未同意',
};
export const EVALUATION_SOURCE_LABEL: Readonly<Record<EvaluationSource, string>> = {
  public: '社会公众',
  supervisionTeam: '监督队伍',
  professionalBody: '专业机构',
  peerCollective: '互评互查集体',
};
export const COMPLAINT_STATE_LABEL: Readonly<Record<ComplaintState, string>> = {
  received: '已受理',
  verified: '已核实',
  rectificationRequested: '已要求整改',
  rectified: '已整改',
  closed: '已办结',
};
export const HONOUR_LEVEL_LABEL: Readonly<Record<Honour['level'], string>> = { national: '全国', provincial: '省级' };
export const HONOUR_KIND_LABEL: Readonly<Record<Honour['kind'], string>> = { named: '命名', recertified: '复核认定' };

// ---------------------------------------------------------------------------------------------
// Rows of the model (what export writes and import returns). Dates are 'yyyy-mm-dd' strings,
// Beijing time (UTC+8) when they come from an instant; null is an empty cell.

export interface CollectiveLedgerRow {
  seq: number;
  code: string;
  name: string;
  formerNames: string[];
  channel: Channel;
  unitCode: string;
  unitName: string;
  type: CollectiveType;
  memberCount: number;
  youthCount: number;
  /** youthCount / memberCount rounded to 4 decimals; null when memberCount is 0 */
  youthShare: number | null;
  honours: Honour[];
  filedOn: string | null;
  status: CollectiveStatus;
  preReviewedOn: string | null;
  preReviewer: string;
  finalReviewedOn: string | null;
  finalReviewer: string;
  reviewComment: string;
  logCount: number;
  evaluationCount: number;
  complaintCount: number;
}

export interface UnitLedgerRow {
  unitCode: string;
  unitName: string;
  /** '' for the ledger's root unit */
  parentCode: string;
  channel: Channel;
  provincialCommittee: boolean;
  /** null: the unit has no published or edited quota of its own */
  base: number | null;
  required: number | null;
  deviatesFromRule: boolean | null;
  filed: number;
  approved: number;
  /** approved / required, 4 decimals; null without a quota */
  completionRate: number | null;
  formerNational: number;
  nonPublic: number;
  socialOrg: number;
}

export interface WorkEntryLedgerRow {
  seq: number;
  unitCode: string;
  unitName: string;
  type: WorkEntryType;
  date: string;
  title: string;
  participants: string;
  description: string;
  evidenceCount: number;
}

export interface AssessmentLedgerRow {
  unitCode: string;
  unitName: string;
  kind: 'self' | 'national';
  scorer: string;
  rubricVersion: number;
  itemNo: number;
  area: string;
  itemName: string;
  max: number;
  assessed: boolean;
  score: number | null;
  comment: string;
  evidence: string;
  submittedOn: string | null;
}

export interface ChangeLedgerRow {
  seq: number;
  collectiveCode: string;
  collectiveName: string;
  unitCode: string;
  kind: ChangeKind;
  state: ChangeRequest['state'];
  endsQualification: boolean;
  reason: string;
  reportedOn: string;
  reporter: string;
  decidedOn: string | null;
  decider: string;
  /** canonical JSON of ChangeRequest.details */
  details: string;
}

export interface EvaluationLedgerRow {
  seq: number;
  collectiveCode: string;
  collectiveName: string;
  unitCode: string;
  date: string;
  source: EvaluationSource;
  rating: number | null;
  content: string;
  complaint: boolean;
  complaintState: ComplaintState | null;
  rectifyBy: string | null;
  closedOn: string | null;
}

export interface ReportLedgerRow {
  paragraph: number;
  text: string;
}

export type LedgerScope = 'unit' | 'national';

export interface LedgerMeta {
  format: typeof LEDGER_FORMAT;
  version: number;
  unitCode: string;
  unitName: string;
  scope: LedgerScope;
  term: string;
  termLabel: string;
  /** ISO 8601 instant */
  exportedAt: string;
  appVersion: string;
  exportedBy: string;
}

export interface LedgerData {
  meta: LedgerMeta;
  collectives: CollectiveLedgerRow[];
  units: UnitLedgerRow[];
  workEntries: WorkEntryLedgerRow[];
  assessments: AssessmentLedgerRow[];
  changes: ChangeLedgerRow[];
  evaluations: EvaluationLedgerRow[];
  /** the self-inspection report (情况报告) by paragraph; null when not embedded */
  report: ReportLedgerRow[] | null;
}

export type DataSheetId = 'collectives' | 'units' | 'workEntries' | 'assessments' | 'changes' | 'evaluations' | 'report';

// ---------------------------------------------------------------------------------------------
// Columns

export type ColumnType =
  /** free text; '' is an empty cell */
  | 'text'
  /** whole number */
  | 'integer'
  /** any finite number */
  | 'number'
  /** a share or rate ≥ 0 (1 = 100 %), shown as a percentage */
  | 'percent'
  /** a calendar date, written as an Excel date serial with format yyyy-mm-dd */
  | 'date'
  /** one of a fixed list of labels */
  | 'enum'
  /** 是 / 否 */
  | 'boolean'
  /** several texts separated by "；" */
  | 'list'
  /** honours: "<名称>（<年份>年<全国|省级><命名|复核认定>）" separated by "；" */
  | 'honours'
  /** a JSON object, written in canonical form */
  | 'json';

export interface ColumnDef {
  /** property of the row */
  key: string;
  header: string;
  type: ColumnType;
  /** an empty cell is an error */
  required: boolean;
  /** enum: domain value → label */
  labels?: Readonly<Record<string, string>>;
  /** integer/number: inclusive bounds */
  min?: number;
  max?: number;
  /** text: longest accepted value in characters */
  maxLength?: number;
  /** fixed width in characters (CJK = 2); otherwise fitted to the content */
  width?: number;
  /** what the column holds, for the 说明 sheet and the format document */
  note: string;
}

export interface SheetDef {
  id: DataSheetId;
  name: string;
  /** the sheet may be absent (only the embedded report) */
  optional: boolean;
  note: string;
  columns: readonly ColumnDef[];
}

const NAME_MAX = 200;
const TEXT_MAX = MAX_CELL_TEXT;

const col = (c: ColumnDef): ColumnDef => Object.freeze(c);

/** Format version 1. Released: never edit (see the policy above). */
export const FORMAT_V1: readonly SheetDef[] = Object.freeze([
  {
    id: 'collectives',
    name: '创建集体名单',
    optional: false,
    note: '范围内本届次的全部集体（含已派发编码未报备、已退回、已取消资格和已被新编码取代的），每个集体一行，按管理单位和编码排序。',
    columns: [
      col({ key: 'seq', header: '序号', type: 'integer', required: true, min: 1, width: 6, note: '从 1 开始的行序号' }),
      col({ key: 'code', header: '用户名（编码）', type: 'text', required: true, maxLength: 32, note: '集体的用户名（编码），在台账内唯一' }),
      col({ key: 'name', header: '集体名称', type: 'text', required: true, maxLength: NAME_MAX, note: '集体档案中的规范名称' }),
      col({ key: 'formerNames', header: '曾用名称', type: 'list', required: false, maxLength: NAME_MAX, note: '更名前的名称，多个以“；”分隔' }),
      col({ key: 'channel', header: '归口', type: 'enum', required: true, labels: CHANNEL_LABEL, note: '行业或地方' }),
      col({ key: 'unitCode', header: '管理单位编码', type: 'text', required: true, maxLength: 32, note: '集体所属管理单位的编码，须出现在“网络创建完成情况”中' }),
      col({ key: 'unitName', header: '管理单位', type: 'text', required: true, maxLength: NAME_MAX, note: '集体所属管理单位的名称' }),
      col({ key: 'type', header: '单位性质', type: 'enum', required: true, labels: COLLECTIVE_TYPE_LABEL, note: '党政机关、事业单位、国有企业、非公经济组织、社会组织或其他' }),
      col({ key: 'memberCount', header: '成员人数', type: 'integer', required: true, min: 0, max: 1_000_000, note: '集体成员总数' }),
      col({ key: 'youthCount', header: '35岁以下人数', type: 'integer', required: true, min: 0, max: 1_000_000, note: '35 周岁以下的成员数，不超过成员人数' }),
      col({ key: 'youthShare', header: '青年占比', type: 'percent', required: false, note: '35岁以下人数 ÷ 成员人数（保留4位小数）；成员人数为 0 时为空' }),
      col({ key: 'honours', header: '曾获荣誉', type: 'honours', required: false, maxLength: NAME_MAX, note: '每项写作“名称（年份年全国|省级命名|复核认定）”，多项以“；”分隔，如“全国青年文明号（2014年全国命名）”' }),
      col({ key: 'filedOn', header: '报备日期', type: 'date', required: false, note: '最近一次提交报备的日期；未报备为空' }),
      col({ key: 'status', header: '状态', type: 'enum', required: true, labels: STATUS_LABEL, note: '已派发编码、报备集体（待审核）、已初审（待终审）、创建集体、已退回、已取消创建资格或已由新编码取代' }),
      col({ key: 'preReviewedOn', header: '初审日期', type: 'date', required: false, note: '最近一次初审通过的日期' }),
      col({ key: 'preReviewer', header: '初审人', type: 'text', required: false, maxLength: NAME_MAX, note: '初审管理员：姓名（编码）' }),
      col({ key: 'finalReviewedOn', header: '终审日期', type: 'date', required: false, note: '最近一次终审（通过，或一级管理员、全国组委会办公室退回）的日期' }),
      col({ key: 'finalReviewer', header: '终审人', type: 'text', required: false, maxLength: NAME_MAX, note: '终审管理员：姓名（编码）' }),
      col({ key: 'reviewComment', header: '审核意见', type: 'text', required: false, maxLength: TEXT_MAX, note: '最近一次审核的意见（退回时即管理员反馈意见）' }),
      col({ key: 'logCount', header: '创建日志数', type: 'integer', required: true, min: 0, note: '本届次已提交的创建日志篇数' }),
      col({ key: 'evaluationCount', header: '社会评价数', type: 'integer', required: true, min: 0, note: '本届次的社会评价条数（含投诉），与“社会评价与投诉”中该集体的行数一致' }),
      col({ key: 'complaintCount', header: '其中投诉数', type: 'integer', required: true, min: 0, note: '社会评价中的投诉条数，与“社会评价与投诉”中该集体的投诉行数一致' }),
    ],
  },
  {
    id: 'units',
    name: '网络创建完成情况',
    optional: false,
    note: '导出范围内的每个管理单位及下级单位一行，第一行为导出单位本身。已报备、创建集体和结构数均含全部下级单位；基数和应完成数含公布的分项（如交通运输含快递）。',
    columns: [
      col({ key: 'unitCode', header: '单位编码', type: 'text', required: true, maxLength: 32, note: '管理单位编码，在台账内唯一' }),
      col({ key: 'unitName', header: '单位名称', type: 'text', required: true, maxLength: NAME_MAX, note: '管理单位名称' }),
      col({ key: 'parentCode', header: '上级单位编码', type: 'text', required: false, maxLength: 32, note: '上级单位的编码；第一行（导出单位）为空' }),
      col({ key: 'channel', header: '归口', type: 'enum', required: true, labels: CHANNEL_LABEL, note: '行业、地方或全国' }),
      col({ key: 'provincialCommittee', header: '省级地方团委', type: 'boolean', required: true, note: '是否为省级地方团委（考核第1项和第6项）' }),
      col({ key: 'base', header: '基数', type: 'integer', required: false, min: 0, note: '附件1的基数（含分项）；没有名额的单位为空' }),
      col({ key: 'required', header: '应完成网络创建数', type: 'integer', required: false, min: 0, note: '附件1的应完成网络创建数（含分项）' }),
      col({ key: 'deviatesFromRule', header: '与10倍规则不符', type: 'boolean', required: false, note: '应完成数不等于基数×10 时为“是”（如公安，按公布数执行）' }),
      col({ key: 'filed', header: '已报备', type: 'integer', required: true, min: 0, note: '报备仍有效的集体数（报备集体、已初审、创建集体、已退回），含下级' }),
      col({ key: 'approved', header: '创建集体', type: 'integer', required: true, min: 0, note: '通过终审的创建集体数，含下级' }),
      col({ key: 'completionRate', header: '完成率', type: 'percent', required: false, note: '创建集体 ÷ 应完成网络创建数（保留4位小数）；没有名额时为空' }),
      col({ key: 'formerNational', header: '其中往届全国青年文明号', type: 'integer', required: true, min: 0, note: '创建集体中曾获全国级荣誉的集体数' }),
      col({ key: 'nonPublic', header: '其中非公经济组织', type: 'integer', required: true, min: 0, note: '创建集体中单位性质为非公经济组织的集体数' }),
      col({ key: 'socialOrg', header: '其中社会组织', type: 'integer', required: true, min: 0, note: '创建集体中单位性质为社会组织的集体数' }),
    ],
  },
  {
    id: 'workEntries',
    name: '五个一工作台账',
    optional: false,
    note: '范围内各管理单位本届次的工作记录：专题会议、集中培训、检查调研、主题创建活动、常态化联系平台（五个一），以及媒体宣传、领导出席、政策文件等。',
    columns: [
      col({ key: 'seq', header: '序号', type: 'integer', required: true, min: 1, width: 6, note: '从 1 开始的行序号' }),
      col({ key: 'unitCode', header: '单位编码', type: 'text', required: true, maxLength: 32, note: '开展工作的管理单位，须出现在“网络创建完成情况”中' }),
      col({ key: 'unitName', header: '单位名称', type: 'text', required: true, maxLength: NAME_MAX, note: '管理单位名称' }),
      col({ key: 'type', header: '类别', type: 'enum', required: true, labels: WORK_ENTRY_TYPE_LABEL, note: '专题会议、集中培训、检查调研、主题创建活动、常态化联系平台、媒体宣传、领导出席、政策文件或其他' }),
      col({ key: 'date', header: '日期', type: 'date', required: true, note: '开展日期' }),
      col({ key: 'title', header: '名称', type: 'text', required: true, maxLength: NAME_MAX, note: '会议、培训、活动等的名称' }),
      col({ key: 'participants', header: '参加人员', type: 'text', required: false, maxLength: TEXT_MAX, note: '参加的单位和人员' }),
      col({ key: 'description', header: '内容简述', type: 'text', required: false, maxLength: TEXT_MAX, width: 40, note: '主要内容和成效' }),
      col({ key: 'evidenceCount', header: '佐证材料数', type: 'integer', required: true, min: 0, note: '系统中保存的佐证文件个数' }),
    ],
  },
  {
    id: 'assessments',
    name: '考评自评表',
    optional: false,
    note: '范围内各单位本届次的考评：自评（含未提交的草稿）和已提交的全国考评，每份考评按评分细则列出附件3的全部11项。',
    columns: [
      col({ key: 'unitCode', header: '单位编码', type: 'text', required: true, maxLength: 32, note: '被考评的管理单位，须出现在“网络创建完成情况”中' }),
      col({ key: 'unitName', header: '单位名称', type: 'text', required: true, maxLength: NAME_MAX, note: '管理单位名称' }),
      col({ key: 'kind', header: '考评类型', type: 'enum', required: true, labels: ASSESSMENT_KIND_LABEL, note: '自评或全国考评' }),
      col({ key: 'scorer', header: '评分人', type: 'text', required: true, maxLength: NAME_MAX, note: '评分人：姓名（编码）；同一单位同一类型的一份考评为一组11行' }),
      col({ key: 'rubricVersion', header: '评分细则版本', type: 'integer', required: true, min: 1, note: '所用评分细则的版本号' }),
      col({ key: 'itemNo', header: '项目序号', type: 'integer', required: true, min: 1, max: 11, note: '附件3的考评项目 1—11' }),
      col({ key: 'area', header: '考评方面', type: 'text', required: true, maxLength: 20, note: '机制规范、过程管理、创建规模、品牌建设或其他项目' }),
      col({ key: 'itemName', header: '考评项目', type: 'text', required: true, maxLength: 20, note: '附件3的项目名称' }),
      col({ key: 'max', header: '分值', type: 'number', required: true, min: 0, max: 100, note: '常规项的满分，加分项、减分项的上限' }),
      col({ key: 'assessed', header: '是否考核', type: 'boolean', required: true, note: '第1项和第6项只考核省级地方团委' }),
      col({ key: 'score', header: '得分', type: 'number', required: false, min: -100, max: 100, note: '常规项 0—分值；加分项 0—上限；减分项为 0 或负数；未评为空' }),
      col({ key: 'comment', header: '评分说明', type: 'text', required: false, maxLength: TEXT_MAX, note: '评分人的说明' }),
      col({ key: 'evidence', header: '佐证', type: 'text', required: false, maxLength: TEXT_MAX, width: 40, note: '系统记录预填和评分人补充的佐证' }),
      col({ key: 'submittedOn', header: '提交日期', type: 'date', required: false, note: '考评提交日期；草稿为空' }),
    ],
  },
  {
    id: 'changes',
    name: '变更与退出记录',
    optional: false,
    note: '范围内本届次集体的更名、职能变更、撤并、成员大幅变动、归口调整和取消创建资格（附件2 五.3—五.5）。',
    columns: [
      col({ key: 'seq', header: '序号', type: 'integer', required: true, min: 1, width: 6, note: '从 1 开始的行序号' }),
      col({ key: 'collectiveCode', header: '集体编码', type: 'text', required: true, maxLength: 32, note: '须出现在“创建集体名单”中' }),
      col({ key: 'collectiveName', header: '集体名称', type: 'text', required: true, maxLength: NAME_MAX, note: '集体当前名称' }),
      col({ key: 'unitCode', header: '管理单位编码', type: 'text', required: true, maxLength: 32, note: '集体所属管理单位' }),
      col({ key: 'kind', header: '变更类型', type: 'enum', required: true, labels: CHANGE_KIND_LABEL, note: '更名、职能变更并更名、撤并、成员一次性变动超过50%、归口调整（重新派发编码）或取消创建资格' }),
      col({ key: 'state', header: '办理状态', type: 'enum', required: true, labels: CHANGE_STATE_LABEL, note: '已报告、已决定、已实施或未同意' }),
      col({ key: 'endsQualification', header: '终止创建资格', type: 'boolean', required: true, note: '该变更是否终止集体的创建资格（由全国组委会办公室审定）' }),
      col({ key: 'reason', header: '原因', type: 'text', required: false, maxLength: TEXT_MAX, width: 30, note: '报告的原因' }),
      col({ key: 'reportedOn', header: '报告日期', type: 'date', required: true, note: '管理员报告的日期' }),
      col({ key: 'reporter', header: '报告人', type: 'text', required: false, maxLength: NAME_MAX, note: '报告人：姓名（编码）' }),
      col({ key: 'decidedOn', header: '决定日期', type: 'date', required: false, note: '审定日期；未决定为空' }),
      col({ key: 'decider', header: '决定人', type: 'text', required: false, maxLength: NAME_MAX, note: '审定人：姓名（编码）' }),
      col({ key: 'details', header: '变更内容', type: 'json', required: false, maxLength: TEXT_MAX, width: 30, note: '变更的具体内容（如原名称、新名称），JSON 格式' }),
    ],
  },
  {
    id: 'evaluations',
    name: '社会评价与投诉',
    optional: false,
    note: '范围内本届次集体收到的社会评价，投诉附办理状态（整改跟踪）。',
    columns: [
      col({ key: 'seq', header: '序号', type: 'integer', required: true, min: 1, width: 6, note: '从 1 开始的行序号' }),
      col({ key: 'collectiveCode', header: '集体编码', type: 'text', required: true, maxLength: 32, note: '须出现在“创建集体名单”中' }),
      col({ key: 'collectiveName', header: '集体名称', type: 'text', required: true, maxLength: NAME_MAX, note: '集体当前名称' }),
      col({ key: 'unitCode', header: '管理单位编码', type: 'text', required: true, maxLength: 32, note: '集体所属管理单位' }),
      col({ key: 'date', header: '日期', type: 'date', required: true, note: '评价或投诉的日期' }),
      col({ key: 'source', header: '来源', type: 'enum', required: true, labels: EVALUATION_SOURCE_LABEL, note: '社会公众、监督队伍、专业机构或互评互查集体' }),
      col({ key: 'rating', header: '评分', type: 'number', required: false, min: 0, max: 100, note: '评价给出的分数；未评分为空' }),
      col({ key: 'content', header: '内容', type: 'text', required: false, maxLength: TEXT_MAX, width: 40, note: '评价或投诉内容' }),
      col({ key: 'complaint', header: '是否投诉', type: 'boolean', required: true, note: '是否为投诉' }),
      col({ key: 'complaintState', header: '办理状态', type: 'enum', required: false, labels: COMPLAINT_STATE_LABEL, note: '投诉的办理状态：已受理、已核实、已要求整改、已整改或已办结；非投诉为空' }),
      col({ key: 'rectifyBy', header: '整改期限', type: 'date', required: false, note: '要求整改完成的日期' }),
      col({ key: 'closedOn', header: '整改或办结日期', type: 'date', required: false, note: '最近一次整改完成或办结的日期' }),
    ],
  },
  {
    id: 'report',
    name: '情况报告',
    optional: true,
    note: '可选：导出单位的创建工作情况报告（附件3 一.3，2000字以内），每段一行。',
    columns: [
      col({ key: 'paragraph', header: '段落', type: 'integer', required: true, min: 1, width: 6, note: '段落序号，从 1 开始连续编号' }),
      col({ key: 'text', header: '内容', type: 'text', required: false, maxLength: TEXT_MAX, width: 100, note: '该段文字；空段落为空' }),
    ],
  },
] satisfies SheetDef[]);

/** Keys of the 元数据 sheet, in the order written. */
export const META_KEYS = {
  format: '格式',
  version: '格式版本',
  unitCode: '单位编码',
  unitName: '单位名称',
  scope: '范围',
  term: '届次',
  termLabel: '届次名称',
  exportedAt: '导出时间',
  appVersion: '软件版本',
  exportedBy: '导出人',
  checksum: '校验值（SHA-256）',
} as const;

export const META_HEADERS = ['项目', '值'] as const;
export const SCOPE_LABEL: Readonly<Record<LedgerScope, string>> = { unit: '本单位及全部下级单位', national: '全国' };
/** Row key of a sheet's row count in 元数据. */
export const rowCountKey = (sheetName: string): string => `行数：${sheetName}`;
export const CHECKSUM_NOTE =
  '校验值为各数据工作表（按本说明的顺序，不含“说明”和“元数据”）的工作表名、表头和每行单元格值的 SHA-256；' +
  '导入时重新计算，不一致说明台账在导出后被修改过（提示，不阻止导入）。';


export function sheetDef(format: readonly SheetDef[], id: DataSheetId): SheetDef {
  const s = format.find((d) => d.id === id);
  if (!s) throw new Error(`unknown ledger sheet ${id}`);
  return s;
}

/** Column letter of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Human-readable type of a column, for the 说明 sheet and error messages. */
export function typeLabel(c: ColumnDef): string {
  switch (c.type) {
    case 'text':
      return '文本';
    case 'integer':
      return '整数';
    case 'number':
      return '数值';
    case 'percent':
      return '百分比（数值）';
    case 'date':
      return '日期';
    case 'enum':
      return `选项：${Object.values(c.labels ?? {}).join('、')}`;
    case 'boolean':
      return '是/否';
    case 'list':
      return '文本（多项以“；”分隔）';
    case 'honours':
      return '文本（荣誉，多项以“；”分隔）';
    case 'json':
      return '文本（JSON）';
  }
}

// ---------------------------------------------------------------------------------------------
// Dates: ledger dates are calendar days; an instant is read in Beijing time (UTC+8), the time
// zone of the notice's deadlines, so the same record gives the same date on every machine.

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** Excel's day 0 in the 1900 date system (serial 1 = 1900-01-01, with the 1900 leap-year quirk). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLedgerDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s;
}

/** 'yyyy-mm-dd' from a date string or an ISO instant (Beijing time); null for empty or unreadable. */
export function ledgerDate(value: string | null | undefined): string | null {
  if (!value) return null;
  if (isLedgerDate(value)) return value;
  const t = Date.parse(value);
  if (!Number.isFinite(t)) return null;
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export function dateToSerial(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a ledger date: ${date}`);
  return (Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - EXCEL_EPOCH_MS) / DAY_MS;
}

export function serialToDate(serial: number): string {
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Honours and lists as cell text

const HONOUR_RE = /^(.*)（(\d{4})年(全国|省级)(命名|复核认定)）$/su;

export function honourText(h: Honour): string {
  return `${listItem(h.title)}（${h.year}年${HONOUR_LEVEL_LABEL[h.level]}${HONOUR_KIND_LABEL[h.kind]}）`;
}

export function parseHonour(text: string): Honour | null {
  const m = HONOUR_RE.exec(text.trim());
  if (!m) return null;
  const level = (Object.keys(HONOUR_LEVEL_LABEL) as Honour['level'][]).find((k) => HONOUR_LEVEL_LABEL[k] === m[3]);
  const kind = (Object.keys(HONOUR_KIND_LABEL) as Honour['kind'][]).find((k) => HONOUR_KIND_LABEL[k] === m[4]);
  if (!level || !kind) return null;
  return { title: m[1]!, year: Number(m[2]), level, kind };
}

/** One list item as written: the separator inside an item becomes a half-width ";". */
export function listItem(s: string): string {
  return s.split(LIST_SEPARATOR).join(';');
}
