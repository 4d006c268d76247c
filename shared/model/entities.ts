/**
 * The domain's records as stored (schema v1). Every table's row extends `StoredRecord`.
 * Identifiers are English; the notice's Chinese term is noted where the English is not obvious.
 * Field additions go through a new schema version (see renderer/db/schema.ts).
 */

export interface StoredRecord {
  /** UUID v4 */
  id: string;
  /** ISO 8601 instant */
  createdAt: string;
  updatedAt: string;
  /** hybrid logical clock revision, see hlc.ts */
  rev: string;
  /** tombstone: deletions travel in exchange packages */
  deleted?: boolean;
}

export type Channel = 'industry' | 'region' | 'national';
/** 届次, e.g. "2017-2018" */
export type TermId = string;

export interface Term extends StoredRecord {
  /** "2017-2018" */
  code: TermId;
  /** 2017—2018年度 */
  label: string;
  /** first day a filing counts (previous term's deadline + 1 day), yyyy-mm-dd */
  filingOpens: string;
  /** 网络报备截止期, yyyy-mm-dd inclusive */
  filingDeadline: string;
  /** cutoff for a national naming to count towards eligibility, yyyy-mm-dd inclusive */
  honourCutoff: string;
  current: boolean;
}

/** 活动管理单位 and its subunits (cities, counties, sub-sectors). */
export interface Unit extends StoredRecord {
  /** stable short code, e.g. "R09" for 上海, "I06" for 交通运输, "I06-1" for its 快递 sub-row */
  code: string;
  name: string;
  channel: Channel;
  /** null for a top-level unit (a published row) or the national office */
  parentId: string | null;
  /** id path from the top-level unit down to this one, for subtree queries ("/a/b/c/") */
  path: string;
  /** 1 for the 60 published rows and the national office; deeper for subunits */
  depth: number;
  /** provincial-level local league committee (31 provinces + 兵团): assessed on items 1 and 6 */
  provincialCommittee: boolean;
  /** a published quota sub-row (e.g. 含快递) totalled with its parent */
  quotaSubRow: boolean;
  sortOrder: number;
}

/** 基数 and 应完成网络创建数 per unit and term (annex 1). */
export interface Quota extends StoredRecord {
  unitId: string;
  term: TermId;
  base: number;
  required: number;
  /** the published number differs from required = 10 × base; never silently fixed */
  deviatesFromRule: boolean;
  source: 'published' | 'edited';
}

export type Role = 'national' | 'admin1' | 'admin2' | 'admin3' | 'collective';

export interface PasswordHash {
  algorithm: 'PBKDF2-SHA256';
  iterations: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

export interface Account extends StoredRecord {
  /** 用户名（编码） — the login name */
  code: string;
  displayName: string;
  role: Role;
  /** the unit whose subtree this account administers; for a collective, its unit */
  unitId: string;
  /** the unit's path, for subtree scope queries */
  unitPath: string;
  /** set for collective accounts */
  collectiveId: string | null;
  password: PasswordHash;
  /** a one-time password was issued: must set its own at next login */
  mustChangePassword: boolean;
  recoveryEmail: string;
  status: 'active' | 'deactivated' | 'superseded';
  /** failed-login throttle, survives restart */
  failedLogins: number;
  lastFailedAt: string | null;
  lastLoginAt: string | null;
  issuedBy: string | null;
  /** superseded by this account (wrong-channel transfer) */
  supersededBy: string | null;
}

export type CollectiveType = '党政机关' | '事业单位' | '国有企业' | '非公经济组织' | '社会组织' | '其他';

export interface Honour {
  level: 'national' | 'provincial';
  kind: 'named' | 'recertified';
  year: number;
  /** yyyy-mm-dd of the naming when known: the cutoff is a date (2017-09-30), not only a year */
  date?: string;
  title: string;
}

export interface Contact {
  name: string;
  phone: string;
  email: string;
}

export type CollectiveStatus =
  | 'registered' // code issued, not yet filed
  | 'filed' // 报备集体, waiting for review
  | 'preReviewed' // passed 初审 by level 3/2
  | 'approved' // 创建集体
  | 'returned' // returned with feedback
  | 'disqualified' // 取消创建资格
  | 'superseded'; // moved to a new code

export interface CollectiveProfile {
  /** 规范名称 */
  name: string;
  parentOrganisation: string;
  type: CollectiveType;
  region: string;
  memberCount: number;
  /** members aged 35 or under */
  youthCount: number;
  leader: Contact;
  contacts: Contact[];
  recoveryEmail: string;
  honours: Honour[];
  /** 三亮: 亮身份、亮形象、亮承诺 */
  publicCommitment: string;
  complaintChannel: string;
  identityShown: boolean;
  imageShown: boolean;
  /** attestation of the 2016 管理办法 basic conditions */
  basicConditionsAttested: boolean;
}

export interface CreationPlan {
  goals: string;
  measures: string;
  schedule: string;
  themeActivities: string;
}

export interface Collective extends StoredRecord {
  code: string;
  unitId: string;
  /** unit path copied from the unit for subtree queries */
  unitPath: string;
  channel: Channel;
  term: TermId;
  profile: CollectiveProfile;
  plan: CreationPlan;
  status: CollectiveStatus;
  /** 曾用名称 */
  formerNames: string[];
  /** normalised name for duplicate detection and search */
  nameKey: string;
  /** pinyin initials of the name, for search */
  nameInitials: string;
  filedAt: string | null;
  approvedAt: string | null;
  supersededBy: string | null;
  /** set on the new collective after a wrong-channel transfer */
  transferredFrom: string | null;
  /** last creation-log time, for supervision */
  lastLogAt: string | null;
  /** ids of collectives an admin confirmed are NOT the same one (not flagged as duplicates again) */
  distinctFrom?: string[];
}

export type ReviewAction =
  | 'submit'
  | 'preApprove'
  | 'approve'
  | 'return'
  | 'override'
  | 'disqualify'
  | 'transfer'
  | 'change';

/** Status history of a collective's filing: who, when, why. */
export interface ReviewEvent extends StoredRecord {
  collectiveId: string;
  term: TermId;
  action: ReviewAction;
  fromStatus: CollectiveStatus;
  toStatus: CollectiveStatus;
  actorId: string;
  actorRole: Role;
  /** 管理员反馈意见 or reason */
  comment: string;
  at: string;
}

/** 创建工作动态 (draft) → 创建日志 (submitted). */
export interface WorkUpdate extends StoredRecord {
  collectiveId: string;
  unitPath: string;
  term: TermId;
  title: string;
  date: string;
  text: string;
  attachmentHashes: string[];
  state: 'draft' | 'submitted';
  submittedAt: string | null;
  authorId: string;
  hasMedia: boolean;
}

export interface LogRead extends StoredRecord {
  workUpdateId: string;
  accountId: string;
  readAt: string;
}

export interface LogComment extends StoredRecord {
  workUpdateId: string;
  authorId: string;
  text: string;
}

/** Content-addressed blob: `id` is not used for lookup, `hash` is. */
export interface Attachment extends StoredRecord {
  /** SHA-256 hex of the bytes */
  hash: string;
  mime: string;
  size: number;
  name: string;
  data: Blob | Uint8Array;
  thumbnail: Blob | Uint8Array | null;
}

export type EvaluationSource = 'public' | 'supervisionTeam' | 'professionalBody' | 'peerCollective';
export type ComplaintState = 'received' | 'verified' | 'rectificationRequested' | 'rectified' | 'closed';

/** 社会评价 */
export interface Evaluation extends StoredRecord {
  collectiveId: string;
  unitPath: string;
  term: TermId;
  source: EvaluationSource;
  rating: number;
  content: string;
  date: string;
  complaint: boolean;
  complaintState: ComplaintState | null;
  rectifyBy: string | null;
  history: { state: ComplaintState; at: string; actorId: string; note: string }[];
}

export type ChangeKind = 'rename' | 'functionRename' | 'merge' | 'memberTurnover' | 'transfer' | 'disqualification';

/** Renames, merges, transfers and disqualifications. */
export interface ChangeRequest extends StoredRecord {
  collectiveId: string;
  unitPath: string;
  kind: ChangeKind;
  state: 'reported' | 'decided' | 'applied' | 'rejected';
  reason: string;
  evidenceHashes: string[];
  details: Record<string, string | number | boolean | null>;
  reportedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** does the change end the collective's qualification? then only the national office decides */
  endsQualification: boolean;
}

export type WorkEntryType =
  | '专题会议'
  | '集中培训'
  | '检查调研'
  | '主题创建活动'
  | '常态化联系平台'
  | '媒体宣传'
  | '领导出席'
  | '政策文件'
  | '其他';

/** A management unit's own work (五个一 and more). */
export interface WorkEntry extends StoredRecord {
  unitId: string;
  unitPath: string;
  term: TermId;
  type: WorkEntryType;
  date: string;
  title: string;
  participants: string;
  description: string;
  evidenceHashes: string[];
}

export interface RubricItem {
  no: number;
  area: string;
  name: string;
  max: number;
  /** only for provincial-level local committees (items 1 and 6) */
  provincialOnly: boolean;
  kind: 'regular' | 'bonus' | 'deduction';
}

export interface Rubric extends StoredRecord {
  version: number;
  name: string;
  /** null: the national rubric; else the unit that derived it for its subunits */
  ownerUnitId: string | null;
  /** the rubric this one was derived from (a provincial unit's own rubric keeps the 11 items) */
  parentRubricId: string | null;
  items: RubricItem[];
  normalisation: string;
  note: string;
}

export interface ItemScore {
  no: number;
  score: number | null;
  comment: string;
  evidence: string;
}

export interface Assessment extends StoredRecord {
  unitId: string;
  term: TermId;
  kind: 'self' | 'national';
  scorerId: string;
  rubricId: string;
  rubricVersion: number;
  scores: ItemScore[];
  submittedAt: string | null;
}

/** 情况报告, at most 2000 counted characters. */
export interface SelfReport extends StoredRecord {
  unitId: string;
  term: TermId;
  text: string;
}

export interface AuditEntry {
  /** sequence number, strictly increasing from 1 */
  seq: number;
  at: string;
  actorId: string;
  actorRole: Role | 'system';
  action: string;
  entity: string;
  entityId: string;
  summary: string;
  prevHash: string;
  hash: string;
}

/** Key/value settings, including open defaults the national office may change. */
export interface Setting extends StoredRecord {
  key: string;
  value: unknown;
}

/** Sync: what was exchanged with whom. */
export interface ExchangePeer extends StoredRecord {
  /** peer device id */
  deviceId: string;
  unitId: string;
  label: string;
  /** Ed25519 public key, base64 */
  publicKey: string;
  fingerprint: string;
  trusted: boolean;
  lastSeqReceived: number;
  lastSeqSent: number;
  lastRevSent: string;
}

export interface Conflict extends StoredRecord {
  table: string;
  recordId: string;
  local: unknown;
  remote: unknown;
  packageId: string;
  resolved: boolean;
}
