/**
 * Deterministic demo data of the 2017—2018 term: subunits of the published units, administrators,
 * collectives with profiles, plans, review histories, changes, creation logs with pictures,
 * social evaluations and complaints, the units' own work (五个一), self-inspection reports and
 * self-assessments — as stored records (shared/model/entities.ts).
 *
 * Policy:
 * - A pure function of the options and the seed (see random.ts); no clock, no Math.random.
 * - Memory stays bounded: `planDemo` keeps one light skeleton per collective (names, codes,
 *   statuses, how many logs/evaluations/pictures); `demoBatches` then yields the records in
 *   chunks, each collective's records derived from its own seeded stream, so a caller can write a
 *   chunk and drop it (400,000 logs are never in memory at once).
 * - Every record passes the product's own validators (tested): profiles `draftProblems`, filed
 *   ones `submissionProblems`, logs `workUpdateProblems`, evaluations `evaluationProblems`,
 *   complaint histories `applyComplaintStep`, self-assessments `validateScores`, reports ≤ 2000 字;
 *   approved collectives are eligible (honour, filing window); names are unique by `nameKey`, so
 *   a roster of them imports without a duplicate error.
 * - Demo accounts cannot sign in: their stored password is a random hash with no known password
 *   (an administrator issues a one-time password from 账号管理 when someone needs one).
 * - Revisions are stamped with the demo device `DEMO_DEVICE` and the record's time; a laptop
 *   loading the data re-stamps them with its own clock (renderer/db/repos/demo.ts).
 * - Statuses, honours and types follow fixed proportions (STATUS_WEIGHTS …); they are demo
 *   figures, not statistics of the real filing system.
 */
import type {
  Account,
  Assessment,
  Attachment,
  ChangeRequest,
  Channel,
  Collective,
  CollectiveProfile,
  CollectiveStatus,
  CollectiveType,
  ComplaintState,
  CreationPlan,
  Evaluation,
  EvaluationSource,
  Honour,
  ItemScore,
  LogComment,
  PasswordHash,
  ReviewAction,
  ReviewEvent,
  Role,
  SelfReport,
  StoredRecord,
  Unit,
  WorkEntry,
  WorkEntryType,
  WorkUpdate,
} from '../model/entities';
import { DEFAULT_RUBRIC, DEFAULT_RUBRIC_ID, isApplicable } from '../assessment/rubric';
import { FIVE_ONES_KINDS } from '../assessment/fiveOnes';
import { formatRev } from '../model/hlc';
import { REFERENCE_UNITS, TERM_2017_2018, NATIONAL_OFFICE, type ReferenceUnit } from '../reference/term2017';
import { applyComplaintStep, newComplaint, type ComplaintAction, type ComplaintFields } from '../rules/complaints';
import { adminCode, collectiveCode } from '../security/codes';
import { bytesToBase64 } from '../security/base64';
import { sha256Hex } from '../media/hash';
import { nameKey, pinyinInitials } from '../text/names';
import { countReportChars, REPORT_LIMIT } from '../text/charCount';
import { AREAS, PROVINCES, REGION_PLACES, STREETS, shortPlace, type RegionPlaces } from './places';
import { BRAND_SYLLABLES, CENTRAL_ORGS, DIVISIONS, INDUSTRY_SECTORS, RAILWAY_BUREAU, REGION_ORGS, type OrgPattern } from './sectors';
import { demoPng } from './png';
import { Rng, streamFor } from './random';
import {
  commentText,
  commitmentText,
  complaintNote,
  evaluationText,
  logEntry,
  personName,
  phoneNumber,
  planTexts,
  selfReportText,
  WORK_ENTRY_TEXT,
} from './text';

// ---------------------------------------------------------------------------------------------
// Options and sizes

export { DEFAULT_DEMO_SEED, DEFAULT_DEMO_UNIT, DEMO_SCALES, DEMO_SCALE_LABEL, type DemoCounts, type DemoScale } from './sizes';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_UNIT, DEMO_SCALES, type DemoCounts, type DemoScale } from './sizes';
export const DEMO_TERM = TERM_2017_2018.code;
/** The data describes the term as it stood on this day (after the filing deadline, before assessment). */
export const DEMO_AS_OF = '2018-06-30';
/** Device part of the revisions the generator stamps. */
export const DEMO_DEVICE = 'demo2017';
/** The showcase collective has exactly this many logs (the benchmark opens it). */
export const SHOWCASE_LOGS = 50;
const SHOWCASE_PICTURES = 3;

export interface DemoOptions {
  scale: DemoScale;
  seed?: number;
  /** 'province' scale: the top-level unit (default R10 江苏); ignored at national scale */
  unitCode?: string;
  /**
   * The installation's own administrator: no demo administrator is issued for its unit (its code
   * is taken), it is the one who reviewed and scored there, and for the national office it is
   * the decider of disqualifications.
   */
  own?: { accountId: string; unitCode: string };
  /** smaller sizes (tests) */
  counts?: Partial<DemoCounts>;
}

/** Tables the demo writes, in the order batches fill them. */
export const DEMO_TABLES = [
  'units',
  'accounts',
  'collectives',
  'reviewEvents',
  'changes',
  'workUpdates',
  'attachments',
  'logComments',
  'evaluations',
  'workEntries',
  'selfReports',
  'assessments',
] as const;
export type DemoTable = (typeof DEMO_TABLES)[number];

export interface DemoRecords {
  units: Unit[];
  accounts: Account[];
  collectives: Collective[];
  reviewEvents: ReviewEvent[];
  changes: ChangeRequest[];
  workUpdates: WorkUpdate[];
  attachments: Attachment[];
  logComments: LogComment[];
  evaluations: Evaluation[];
  workEntries: WorkEntry[];
  selfReports: SelfReport[];
  assessments: Assessment[];
}

export const emptyRecords = (): DemoRecords => ({
  units: [],
  accounts: [],
  collectives: [],
  reviewEvents: [],
  changes: [],
  workUpdates: [],
  attachments: [],
  logComments: [],
  evaluations: [],
  workEntries: [],
  selfReports: [],
  assessments: [],
});

// ---------------------------------------------------------------------------------------------
// Reference units as every laptop seeds them (renderer/db/repos/reference.ts: ids `unit-<code>`)

export const unitIdOf = (code: string): string => `unit-${code}`;
export const NATIONAL_UNIT_ID = unitIdOf(NATIONAL_OFFICE.code);
const NATIONAL_PATH = `/${NATIONAL_UNIT_ID}/`;

export interface DemoUnit {
  id: string;
  code: string;
  name: string;
  channel: Channel;
  path: string;
  depth: number;
  parentId: string | null;
  provincialCommittee: boolean;
  quotaSubRow: boolean;
  sortOrder: number;
  /** the published row (reference) or the demo subunit record */
  reference: ReferenceUnit | null;
  /** for a demo subunit: the place or sector it stands for */
  place: string;
}

function referenceUnits(): Map<string, DemoUnit> {
  const byCode = new Map<string, DemoUnit>();
  for (const row of REFERENCE_UNITS) {
    const parent = row.parentCode ? byCode.get(row.parentCode)! : null;
    const id = unitIdOf(row.code);
    byCode.set(row.code, {
      id,
      code: row.code,
      name: row.name,
      channel: row.channel,
      path: `${parent ? parent.path : NATIONAL_PATH}${id}/`,
      depth: parent ? parent.depth + 1 : 1,
      parentId: parent ? parent.id : NATIONAL_UNIT_ID,
      provincialCommittee: row.provincialCommittee,
      quotaSubRow: row.parentCode !== null,
      sortOrder: row.sortOrder,
      reference: row,
      place: row.fullName,
    });
  }
  return byCode;
}

// ---------------------------------------------------------------------------------------------
// Skeleton

type Place = { prov: string; provS: string; city: string; cityS: string; area: string | null; region: string; inst: string | null };

export interface CollectiveSeed {
  index: number;
  id: string;
  code: string;
  accountId: string;
  /** the unit it belongs to (a subunit or the published row itself) */
  unit: DemoUnit;
  /** the published row whose quota it counts towards */
  quotaUnit: DemoUnit;
  name: string;
  org: string;
  type: CollectiveType;
  region: string;
  status: Exclude<CollectiveStatus, 'superseded'>;
  issuedAt: string;
  filedAt: string | null;
  approvedAt: string | null;
  preReviewed: boolean;
  /** renamed during the term: the former name */
  formerName: string | null;
  /** filed first through the wrong channel: the old code and unit (its account is superseded) */
  transfer: { oldCode: string; oldAccountId: string; oldUnit: DemoUnit; at: string } | null;
  logs: number;
  pictures: number;
  evaluations: number;
}

export interface DemoPlan {
  scale: DemoScale;
  seed: number;
  counts: DemoCounts;
  /** the published rows in scope, in the notice's order */
  topUnits: DemoUnit[];
  /** demo subunits (new records) */
  subunits: DemoUnit[];
  /** every unit in scope by id (reference and demo) */
  unitsById: Map<string, DemoUnit>;
  admins: Map<string, { id: string; code: string; name: string; role: Role }>;
  collectives: CollectiveSeed[];
  showcase: { id: string; code: string; name: string; unitId: string; logs: number };
  own: DemoOptions['own'] | null;
  nationalDeciderId: string;
  /** records per table that `demoBatches` will yield */
  totals: Record<DemoTable, number>;
}

const STATUS_WEIGHTS: readonly (readonly [CollectiveSeed['status'], number])[] = [
  ['approved', 66],
  ['registered', 17],
  ['filed', 6],
  ['preReviewed', 5],
  ['returned', 4],
  ['disqualified', 2],
];

const ORDINALS = '一 二 三 四 五 六 七 八 九 十'.split(' ');

/** yyyy-mm-dd + n days */
function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
/** a random day in [from, to] */
function dayIn(r: Rng, from: string, to: string): string {
  return addDays(from, r.int(0, Math.max(0, daysBetween(from, to))));
}
/** an instant on that day, in Beijing office hours (stored as UTC ISO) */
function at(r: Rng, date: string): string {
  const minutes = r.int(0, 9 * 60); // 08:30–17:30 Beijing = 00:30–09:30 UTC
  return new Date(Date.parse(`${date}T00:30:00Z`) + minutes * 60_000 + r.int(0, 59_999)).toISOString();
}

function fillPattern(template: string, place: Place, r: Rng): string {
  return template
    .replaceAll('{prov}', place.prov)
    .replaceAll('{provS}', place.provS)
    .replaceAll('{city}', place.city)
    .replaceAll('{cityS}', place.cityS)
    .replaceAll('{inst}', place.inst ?? place.city)
    .replaceAll('{bureau}', RAILWAY_BUREAU[place.prov] ?? '北京')
    .replace(/\{area\}/g, () => place.area ?? r.pick(AREAS))
    .replace(/\{street\}/g, () => r.pick(STREETS))
    .replace(/\{div\}/g, () => r.pick(DIVISIONS))
    .replace(/\{ord\}/g, () => ORDINALS[Math.min(9, Math.floor(r.float() ** 2 * 10))]!)
    .replace(/\{n\}/g, () => String(r.int(1, 30)))
    .replace(/\{brand\}/g, () => r.pick(BRAND_SYLLABLES) + r.pick(BRAND_SYLLABLES));
}

function placeOf(region: RegionPlaces, sub: string | null, r: Rng): Place {
  const provRow = REFERENCE_UNITS.find((u) => u.code === region.code)!;
  const pick = sub ?? r.pick(region.subunits);
  switch (region.kind) {
    case 'municipality':
      return { prov: region.province, provS: provRow.name, city: region.province, cityS: provRow.name, area: pick, region: `${region.province}${pick}`, inst: null };
    case 'corps':
      return { prov: region.province, provS: '兵团', city: `新疆生产建设兵团${pick}`, cityS: `兵团${pick}`, area: null, region: `${region.province}${pick}`, inst: null };
    case 'central':
      return { prov: '北京市', provS: '北京', city: '北京市', cityS: '北京', area: null, region: '北京市', inst: pick };
    default:
      return { prov: region.province, provS: provRow.name, city: pick, cityS: shortPlace(pick), area: null, region: `${region.province}${pick}`, inst: null };
  }
}

function weightedOrg(r: Rng, orgs: readonly OrgPattern[]): OrgPattern {
  return r.weighted(orgs.map((o) => [o, o.weight ?? 1] as const));
}

/** Split `total` over weights, largest remainder first (exact, deterministic). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]! += 1;
  return out;
}

export function planDemo(options: DemoOptions): DemoPlan {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const scale = options.scale;
  const counts: DemoCounts = { ...DEMO_SCALES[scale], ...options.counts };
  const own = options.own ?? null;
  const refs = referenceUnits();
  const master = streamFor(seed, 'plan', scale);

  // --- scope: every published row, or one top-level unit (with its quota sub-row)
  let topUnits: DemoUnit[];
  if (scale === 'national') topUnits = [...refs.values()];
  else {
    const code = options.unitCode ?? DEFAULT_DEMO_UNIT;
    const unit = refs.get(code);
    if (!unit || unit.quotaSubRow) throw new RangeError(`省级规模演示数据须指定一个公布的行业或地方单位（如 R10），“${code}”不是`);
    topUnits = [unit, ...[...refs.values()].filter((u) => u.reference?.parentCode === code)];
  }

  // --- subunits: cities / districts / divisions / institutions for regions, sub-sectors for industries
  const subunits: DemoUnit[] = [];
  const unitsById = new Map<string, DemoUnit>();
  const childrenOf = new Map<string, DemoUnit[]>();
  for (const top of topUnits) {
    unitsById.set(top.id, top);
    if (top.quotaSubRow) continue;
    const names =
      top.channel === 'region'
        ? REGION_PLACES.find((p) => p.code === top.code)!.subunits
        : (INDUSTRY_SECTORS[top.code] ?? []).map((s) => s.name);
    const r = streamFor(seed, 'units', top.code);
    const kids = names.map((name, i): DemoUnit => {
      const id = r.uuid();
      return {
        id,
        code: `${top.code}-${String(i + 1).padStart(2, '0')}`,
        name,
        channel: top.channel,
        path: `${top.path}${id}/`,
        depth: top.depth + 1,
        parentId: top.id,
        provincialCommittee: false,
        quotaSubRow: false,
        sortOrder: i + 1,
        reference: null,
        place: name,
      };
    });
    for (const k of kids) unitsById.set(k.id, k);
    subunits.push(...kids);
    childrenOf.set(top.id, kids);
  }

  // --- administrators: a level-1 admin for each published row (not the installation's own
  // unit: its code is taken), a level-2 admin for each subunit
  const admins = new Map<string, { id: string; code: string; name: string; role: Role }>();
  for (const u of [...topUnits, ...subunits]) {
    const r = streamFor(seed, 'admin', u.code);
    const id = r.uuid();
    const role: Role = u.reference ? 'admin1' : 'admin2';
    if (own && u.code === own.unitCode) {
      admins.set(u.id, { id: own.accountId, code: '', name: '', role: 'admin1' });
      continue;
    }
    admins.set(u.id, { id, code: adminCode(u.code, role === 'admin1' ? 1 : 2, 1), name: personName(r), role });
  }
  const nationalDeciderId = own && own.unitCode === NATIONAL_OFFICE.code ? own.accountId : streamFor(seed, 'national').uuid();

  // --- how many collectives each published row gets (national: around 1.3 × its required count)
  const quotaUnits = topUnits;
  const weights = quotaUnits.map((u) => (u.reference?.required ?? 10) * (0.7 + master.float() * 0.9));
  const perUnit = apportion(counts.collectives, scale === 'national' ? weights : quotaUnits.map((u) => u.reference?.required ?? 1));

  // --- skeletons
  const taken = new Set<string>();
  const seqByUnit = new Map<string, number>();
  const nextCode = (u: DemoUnit): string => {
    const seq = (seqByUnit.get(u.code) ?? 0) + 1;
    seqByUnit.set(u.code, seq);
    return collectiveCode(u.code, seq);
  };
  const collectives: CollectiveSeed[] = [];
  quotaUnits.forEach((top, ti) => {
    const kids = childrenOf.get(top.id) ?? [];
    const region = top.channel === 'region' ? REGION_PLACES.find((p) => p.code === top.code)! : null;
    const sectors = INDUSTRY_SECTORS[top.code] ?? [];
    for (let k = 0; k < perUnit[ti]!; k++) {
      const r = streamFor(seed, 'collective', top.code, k);
      // most collectives sit in a subunit; some directly under the published row
      const sub = kids.length > 0 && r.chance(0.85) ? r.pick(kids) : null;
      let pattern: OrgPattern;
      let place: Place;
      if (region) {
        place = placeOf(region, sub ? sub.place : null, r);
        pattern = weightedOrg(r, region.kind === 'central' ? CENTRAL_ORGS : REGION_ORGS);
      } else {
        const prov = r.pick(PROVINCES);
        place = placeOf(prov, null, r);
        const sector = sub ? sectors[sub.sortOrder - 1]! : sectors.length ? r.pick(sectors) : null;
        pattern = weightedOrg(r, sector ? sector.orgs : REGION_ORGS);
      }
      let org = '';
      let name = '';
      // a name already taken: draw again, from another organisation pattern after two tries (a
      // pattern without placeholders, e.g. 上海市慈善总会, gives one name per place only)
      for (let attempt = 0; attempt < 100; attempt++) {
        if (attempt >= 2) pattern = weightedOrg(r, region ? (region.kind === 'central' ? CENTRAL_ORGS : REGION_ORGS) : (sectors.length ? r.pick(sectors).orgs : REGION_ORGS));
        org = fillPattern(pattern.org, place, r);
        name = org + fillPattern(r.pick(pattern.depts), place, r);
        if (!taken.has(nameKey(name))) break;
        if (attempt === 99) name = `${name}第${k + 1}组`;
      }
      taken.add(nameKey(name));
      const unit = sub ?? top;
      const status = r.weighted(STATUS_WEIGHTS);
      const filedAt = status === 'registered' ? null : at(r, dayIn(r, '2015-10-12', '2017-09-25'));
      const issuedAt = at(r, filedAt ? addDays(filedAt.slice(0, 10), -r.int(3, 60)) : dayIn(r, '2015-10-01', '2017-09-20'));
      const approvedAt =
        status === 'approved' || status === 'disqualified'
          ? at(r, (() => {
              const d = addDays(filedAt!.slice(0, 10), r.int(3, 45));
              return d > TERM_2017_2018.filingDeadline ? TERM_2017_2018.filingDeadline : d;
            })())
          : null;
      collectives.push({
        index: collectives.length,
        id: r.uuid(),
        code: nextCode(unit),
        accountId: r.uuid(),
        unit,
        quotaUnit: top,
        name,
        org,
        type: pattern.type,
        region: place.region,
        status,
        issuedAt: issuedAt < `${TERM_2017_2018.filingOpens}T00:00:00Z` ? `${TERM_2017_2018.filingOpens}T01:00:00.000Z` : issuedAt,
        filedAt,
        approvedAt,
        preReviewed: status === 'preReviewed' || ((status === 'approved' || status === 'disqualified') && r.chance(0.6)),
        formerName: null,
        transfer: null,
        logs: 0,
        pictures: 0,
        evaluations: 0,
      });
    }
  });

  // --- renames (曾用名称): about 3 %; the former name is kept and searchable, so it is reserved too
  for (const c of collectives) {
    const r = streamFor(seed, 'rename', c.id);
    if (c.status === 'registered' || !r.chance(0.03)) continue;
    const former = `${c.org}${r.pick(['青年服务岗', '青年突击队', '服务窗口', '综合组'])}`;
    if (taken.has(nameKey(former))) continue;
    taken.add(nameKey(former));
    c.formerName = former;
  }

  // --- wrong-channel transfers (annex 2 五.3): some industry collectives first filed through their
  // province's regional unit; the old code is superseded by the new one (national scale only)
  const regionByProvince = new Map(REGION_PLACES.map((p) => [p.province, p.code]));
  for (const c of collectives) {
    if (c.quotaUnit.channel !== 'industry' || !c.filedAt) continue;
    const r = streamFor(seed, 'transfer', c.id);
    if (!r.chance(0.006)) continue;
    const prov = /^(.+?(?:省|自治区|市|兵团))/.exec(c.region)?.[1] ?? '';
    const oldTop = refs.get(regionByProvince.get(prov) ?? '');
    if (!oldTop || !unitsById.has(oldTop.id)) continue;
    c.transfer = { oldCode: nextCode(oldTop), oldAccountId: r.uuid(), oldUnit: oldTop, at: new Date(Date.parse(c.filedAt) + r.int(1, 4) * 3_600_000).toISOString() };
  }

  // --- the showcase: the first approved collective of the first unit, with exactly 50 logs
  const showcase = collectives.find((c) => c.status === 'approved' && !c.transfer) ?? collectives[0];
  if (!showcase) throw new RangeError('演示数据至少需要一个集体');

  // --- logs, pictures and evaluations per collective (exact totals; registered: only a few drafts)
  const active = (c: CollectiveSeed): boolean => c.status !== 'registered';
  const logWeights = collectives.map((c) => {
    if (c === showcase) return 0;
    const r = streamFor(seed, 'volume', c.id);
    const w = active(c) ? Math.exp(r.float() * 2.2) : 0;
    return c.status === 'approved' ? w * 1.6 : w;
  });
  const logCounts = apportion(Math.max(0, counts.workUpdates - Math.min(SHOWCASE_LOGS, counts.workUpdates)), logWeights);
  collectives.forEach((c, i) => (c.logs = c === showcase ? Math.min(SHOWCASE_LOGS, counts.workUpdates) : logCounts[i]!));
  const picWeights = collectives.map((c) => (c === showcase ? 0 : c.logs));
  const picCounts = apportion(Math.max(0, counts.pictures - Math.min(SHOWCASE_PICTURES, counts.pictures)), picWeights);
  collectives.forEach((c, i) => (c.pictures = Math.min(c.logs, c === showcase ? Math.min(SHOWCASE_PICTURES, counts.pictures) : picCounts[i]!)));
  // a collective with fewer logs than its share of pictures gives the rest to the showcase's neighbours
  let missing = counts.pictures - collectives.reduce((s, c) => s + c.pictures, 0);
  for (const c of collectives) {
    if (missing <= 0) break;
    const room = c.logs - c.pictures;
    const add = Math.min(room, missing);
    c.pictures += add;
    missing -= add;
  }
  const evalWeights = collectives.map((c) => (active(c) ? 1 + streamFor(seed, 'volume', c.id, 'e').float() * 2 : 0));
  const evalCounts = apportion(counts.evaluations, evalWeights);
  collectives.forEach((c, i) => (c.evaluations = evalCounts[i]!));

  const plan: DemoPlan = {
    scale,
    seed,
    counts,
    topUnits,
    subunits,
    unitsById,
    admins,
    collectives,
    showcase: { id: showcase.id, code: showcase.code, name: showcase.name, unitId: showcase.unit.id, logs: showcase.logs },
    own,
    nationalDeciderId,
    totals: { units: 0, accounts: 0, collectives: 0, reviewEvents: 0, changes: 0, workUpdates: 0, attachments: 0, logComments: 0, evaluations: 0, workEntries: 0, selfReports: 0, assessments: 0 },
  };
  plan.totals = countTotals(plan);
  return plan;
}

/** Records per table, computed without generating them (for progress bars). */
function countTotals(plan: DemoPlan): Record<DemoTable, number> {
  const t = { units: 0, accounts: 0, collectives: 0, reviewEvents: 0, changes: 0, workUpdates: 0, attachments: 0, logComments: 0, evaluations: 0, workEntries: 0, selfReports: 0, assessments: 0 };
  t.units = plan.subunits.length;
  t.accounts = [...plan.admins.values()].filter((a) => a.code !== '').length;
  for (const c of plan.collectives) {
    t.collectives++;
    t.accounts += c.transfer ? 2 : 1;
    t.workUpdates += c.logs;
    t.attachments += c.pictures;
    t.evaluations += c.evaluations;
  }
  // review events, changes and comments depend on each collective's stream: counted by generating
  // the small records (cheap: no logs, no pictures)
  for (const c of plan.collectives) {
    const ev = lifecycleRecords(plan, c);
    t.reviewEvents += ev.events.length;
    t.changes += ev.changes.length;
    t.logComments += logFlags(plan, c).filter((f) => f.comment).length;
  }
  for (const u of unitLevelUnits(plan)) {
    const w = unitLevelRecords(plan, u);
    t.workEntries += w.workEntries.length;
    t.selfReports += w.selfReports.length;
    t.assessments += w.assessments.length;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Records

function stamp<T extends StoredRecord>(fields: Omit<T, 'createdAt' | 'updatedAt' | 'rev'>, createdAt: string, updatedAt = createdAt): T {
  return { ...fields, createdAt, updatedAt, rev: formatRev(Date.parse(updatedAt), 0, DEMO_DEVICE) } as T;
}

/** A stored password no one knows: demo accounts cannot sign in until an admin issues a one-time password. */
function unusablePassword(r: Rng): PasswordHash {
  return { algorithm: 'PBKDF2-SHA256', iterations: 1000, salt: bytesToBase64(r.bytes(16)), hash: bytesToBase64(r.bytes(32)) };
}

export function demoUnitRecords(plan: DemoPlan): Unit[] {
  return plan.subunits.map((u) =>
    stamp<Unit>(
      {
        id: u.id,
        code: u.code,
        name: u.name,
        channel: u.channel,
        parentId: u.parentId,
        path: u.path,
        depth: u.depth,
        provincialCommittee: false,
        quotaSubRow: false,
        sortOrder: u.sortOrder,
      },
      '2015-10-09T01:00:00.000Z',
    ),
  );
}

export function demoAdminAccounts(plan: DemoPlan): Account[] {
  const out: Account[] = [];
  for (const [unitId, a] of plan.admins) {
    if (a.code === '') continue;
    const u = plan.unitsById.get(unitId)!;
    const r = streamFor(plan.seed, 'admin-record', u.code);
    out.push(
      stamp<Account>(
        {
          id: a.id,
          code: a.code,
          displayName: a.name,
          role: a.role,
          unitId: u.id,
          unitPath: u.path,
          collectiveId: null,
          password: unusablePassword(r),
          mustChangePassword: true,
          recoveryEmail: `${a.code.toLowerCase()}@example.com`,
          status: 'active',
          failedLogins: 0,
          lastFailedAt: null,
          lastLoginAt: null,
          issuedBy: a.role === 'admin1' ? plan.nationalDeciderId : (plan.admins.get(u.parentId ?? '')?.id ?? null),
          supersededBy: null,
        },
        '2015-10-09T02:00:00.000Z',
      ),
    );
  }
  return out;
}

function reviewerOf(plan: DemoPlan, c: CollectiveSeed, level: 'pre' | 'final'): { id: string; role: Role } {
  const top = plan.admins.get(c.quotaUnit.id)!;
  if (level === 'final') return { id: top.id, role: 'admin1' };
  const sub = plan.admins.get(c.unit.id);
  return sub && sub.role === 'admin2' ? { id: sub.id, role: 'admin2' } : { id: top.id, role: 'admin1' };
}

const RETURN_FEEDBACK = ['请补充负责人联系电话和保密邮箱。', '创建计划过于简略，请细化创建措施和进度安排。', '请写明曾获青年文明号荣誉的年份和级别。', '“三亮”内容不完整，请补充公开承诺和投诉渠道。'];

/** The status history (and changes) of one collective: cheap, no text pools beyond comments. */
function lifecycleRecords(plan: DemoPlan, c: CollectiveSeed): { events: ReviewEvent[]; changes: ChangeRequest[]; updatedAt: string } {
  const r = streamFor(plan.seed, 'lifecycle', c.id);
  const events: ReviewEvent[] = [];
  const changes: ChangeRequest[] = [];
  let status: CollectiveStatus = 'registered';
  let last = c.issuedAt;
  const ev = (action: ReviewAction, to: CollectiveStatus, actor: { id: string; role: Role }, when: string, comment: string): void => {
    events.push(
      stamp<ReviewEvent>({ id: r.uuid(), collectiveId: c.id, term: DEMO_TERM, action, fromStatus: status, toStatus: to, actorId: actor.id, actorRole: actor.role, comment, at: when }, when),
    );
    status = to;
    if (when > last) last = when;
  };
  if (!c.filedAt) return { events, changes, updatedAt: last };
  const self = { id: c.accountId, role: 'collective' as Role };
  ev('submit', 'filed', self, c.filedAt, '');
  if (c.transfer) {
    const admin = reviewerOf(plan, c, 'final');
    const when = c.transfer.at;
    changes.push(
      stamp<ChangeRequest>(
        {
          id: r.uuid(),
          collectiveId: c.id,
          unitPath: c.unit.path,
          kind: 'transfer',
          state: 'applied',
          reason: '归口选错，重新设置用户名（编码）',
          evidenceHashes: [],
          details: { oldCode: c.transfer.oldCode, newCode: c.code, fromUnitPath: c.transfer.oldUnit.path },
          reportedBy: admin.id,
          decidedBy: admin.id,
          decidedAt: when,
          endsQualification: false,
        },
        when,
      ),
    );
    ev('transfer', status, admin, when, `归口转移：原编码 ${c.transfer.oldCode} 由新编码 ${c.code}（${c.unit.name}）取代`);
  }
  if (c.status === 'returned') {
    ev('return', 'returned', reviewerOf(plan, c, 'final'), at(r, addDays(c.filedAt.slice(0, 10), r.int(2, 20))), r.pick(RETURN_FEEDBACK));
  }
  if (c.preReviewed) ev('preApprove', 'preReviewed', reviewerOf(plan, c, 'pre'), at(r, addDays(c.filedAt.slice(0, 10), r.int(1, 2))), r.pick(['初审通过', '材料齐全，同意报送', '']));
  if (c.approvedAt) {
    const when = c.approvedAt > (events[events.length - 1]?.at ?? '') ? c.approvedAt : events[events.length - 1]!.at;
    ev('approve', 'approved', reviewerOf(plan, c, 'final'), when, r.pick(['符合创建资格，确定为创建集体', '同意', '']));
  }
  if (c.formerName) {
    const when = at(r, dayIn(r, (c.approvedAt ?? c.filedAt).slice(0, 10), '2018-03-31'));
    const admin = reviewerOf(plan, c, 'final');
    changes.push(
      stamp<ChangeRequest>(
        {
          id: r.uuid(),
          collectiveId: c.id,
          unitPath: c.unit.path,
          kind: 'rename',
          state: 'applied',
          reason: '上级单位机构调整，集体名称随之变更',
          evidenceHashes: [],
          details: { oldName: c.formerName, newName: c.name },
          reportedBy: admin.id,
          decidedBy: admin.id,
          decidedAt: when,
          endsQualification: false,
        },
        when,
      ),
    );
    ev('change', status, admin, when, `名称变更：“${c.formerName}”更名为“${c.name}”，原名称记入曾用名称`);
  }
  if (c.status === 'disqualified') {
    const reported = at(r, dayIn(r, '2017-11-01', '2018-04-30'));
    const decided = at(r, addDays(reported.slice(0, 10), r.int(5, 40)));
    const reasonKind = r.pick(['seriousDecline', 'majorAccident', 'violation'] as const);
    const admin = reviewerOf(plan, c, 'final');
    changes.push(
      stamp<ChangeRequest>(
        {
          id: r.uuid(),
          collectiveId: c.id,
          unitPath: c.unit.path,
          kind: 'disqualification',
          state: 'applied',
          reason: r.pick(['经核查，集体创建工作严重滑坡，群众投诉较多。', '集体发生安全责任事故，不再符合创建标准。', '集体成员发生违纪问题，经研究报请取消创建资格。']),
          evidenceHashes: [],
          details: { reasonKind, newName: null, outcome: 'newCollective', decisionText: '取消创建资格' },
          reportedBy: admin.id,
          decidedBy: plan.nationalDeciderId,
          decidedAt: decided,
          endsQualification: true,
        },
        reported,
        decided,
      ),
    );
    ev('disqualify', 'disqualified', { id: plan.nationalDeciderId, role: 'national' }, decided, '全国组委会办公室审定：取消创建资格');
  }
  return { events, changes, updatedAt: last };
}

/**
 * Which logs of a collective are still drafts (a registered collective's are all drafts; others'
 * newest two sometimes) and which get an administrator's comment — from a stream of their own, so
 * the totals are known without generating the logs.
 */
function logFlags(plan: DemoPlan, c: CollectiveSeed): { draft: boolean; comment: boolean }[] {
  const r = streamFor(plan.seed, 'log-flags', c.id);
  const out: { draft: boolean; comment: boolean }[] = [];
  for (let i = 0; i < c.logs; i++) {
    // the showcase keeps all its logs submitted, so every administrator sees exactly SHOWCASE_LOGS
    const draft = c.status === 'registered' || (c.id !== plan.showcase.id && i >= c.logs - 2 && r.chance(0.25));
    out.push({ draft, comment: !draft && r.chance(0.03) });
  }
  return out;
}

function honoursOf(r: Rng, c: CollectiveSeed): Honour[] {
  const out: Honour[] = [];
  const provincial = c.quotaUnit.channel === 'region' && c.region.match(/^(.+?(?:省|自治区|市|兵团))/)?.[1];
  const national = r.chance(0.22);
  if (national) {
    const year = r.pick([2008, 2010, 2012, 2014, 2016]);
    out.push({ level: 'national', kind: r.chance(0.3) ? 'recertified' : 'named', year, title: `${year}年全国青年文明号` });
  }
  // eligibility needs a national naming or the latest provincial one (2015–2017 before the cutoff)
  if (!national || r.chance(0.4)) {
    const year = r.weighted([[2015, 3], [2016, 4], [2017, 2]] as const);
    const recert = r.chance(0.25);
    const title = `${year}年${provincial ? `${provincial}青年文明号` : '省级青年文明号'}${recert ? '复核认定' : ''}`;
    const date = year === 2017 ? `2017-0${r.int(3, 8)}-${String(r.int(1, 28)).padStart(2, '0')}` : undefined;
    out.push({ level: 'provincial', kind: recert ? 'recertified' : 'named', year, ...(date ? { date } : {}), title });
  }
  return out;
}

function profileOf(r: Rng, c: CollectiveSeed): { profile: CollectiveProfile; plan: CreationPlan } {
  const complete = c.status !== 'registered' || r.chance(0.4);
  const members = r.around(28, 14, 6, 160);
  // a youth collective: mostly young; about 4 % fall under half (the reviewer sees a warning)
  const youth = r.chance(0.04) ? r.int(1, Math.max(1, Math.floor(members / 2) - 1)) : r.int(Math.ceil(members * 0.6), members);
  const leader = { name: personName(r), phone: phoneNumber(r), email: r.chance(0.6) ? `${c.code.toLowerCase()}.leader@example.com` : '' };
  const contacts = r.chance(0.4) ? [{ name: personName(r), phone: phoneNumber(r), email: '' }] : [];
  const profile: CollectiveProfile = {
    name: c.name,
    parentOrganisation: complete || r.chance(0.5) ? c.org : '',
    type: c.type,
    region: complete || r.chance(0.5) ? c.region : '',
    memberCount: complete ? members : 0,
    youthCount: complete ? youth : 0,
    leader: complete ? leader : { name: r.chance(0.5) ? leader.name : '', phone: '', email: '' },
    contacts: complete ? contacts : [],
    recoveryEmail: `${c.code.toLowerCase()}@example.com`,
    honours: complete || r.chance(0.5) ? honoursOf(r, c) : [],
    publicCommitment: complete ? commitmentText(r) : '',
    complaintChannel: complete ? `投诉电话：${phoneNumber(r)}` : '',
    identityShown: complete && r.chance(0.95),
    imageShown: complete && r.chance(0.93),
    basicConditionsAttested: c.status !== 'registered',
  };
  const plan = complete ? planTexts(r, c.name) : { goals: '', measures: '', schedule: '', themeActivities: '' };
  return { profile, plan };
}

const EVAL_SOURCES: readonly (readonly [EvaluationSource, number])[] = [
  ['public', 55],
  ['supervisionTeam', 20],
  ['professionalBody', 10],
  ['peerCollective', 15],
];

/** A complaint's handling as a sequence of the product's own steps (shared/rules/complaints.ts). */
function complaintHistory(r: Rng, actorId: string, received: string): ComplaintFields {
  let c = newComplaint(actorId, received, '');
  const outcome = r.weighted([
    ['received', 1],
    ['verified', 1],
    ['unfounded', 2],
    ['rectificationRequested', 2],
    ['rectified', 2],
    ['closed', 8],
  ] as const);
  let day = received.slice(0, 10);
  let last = received;
  const step = (action: ComplaintAction, deadline?: string): void => {
    day = addDays(day, r.int(1, 10));
    if (day > DEMO_AS_OF) day = DEMO_AS_OF;
    // steps on the same day still follow each other
    let when = at(r, day);
    if (when <= last) when = new Date(Date.parse(last) + 60_000).toISOString();
    last = when;
    c = applyComplaintStep(c, { action, note: complaintNote(r, action), deadline: deadline ?? null, actorId, at: when, today: day });
  };
  if (outcome === 'received') return c;
  step('verify');
  if (outcome === 'verified') return c;
  if (outcome === 'unfounded') {
    step('closeUnfounded');
    return c;
  }
  step('requestRectification', addDays(day, r.int(20, 40)));
  if (outcome === 'rectificationRequested') return c;
  step('markRectified');
  if (outcome === 'rectified') return c;
  step('close');
  return c;
}

/** A collective's profile exactly as `collectiveRecords` makes it (for rosters, without the logs). */
export function demoProfile(plan: DemoPlan, c: CollectiveSeed): { profile: CollectiveProfile; formerNames: string[] } {
  return { profile: profileOf(streamFor(plan.seed, 'records', c.id), c).profile, formerNames: c.formerName ? [c.formerName] : [] };
}

/** Every record of one collective. */
export function collectiveRecords(plan: DemoPlan, c: CollectiveSeed): DemoRecords {
  const out = emptyRecords();
  const r = streamFor(plan.seed, 'records', c.id);
  const { profile, plan: creationPlan } = profileOf(r, c);
  const life = lifecycleRecords(plan, c);
  out.reviewEvents = life.events;
  out.changes = life.changes;
  const finalAdmin = reviewerOf(plan, c, 'final');
  const unitAdmin = plan.admins.get(c.unit.id)!;

  // --- creation logs, oldest first; the newest few of a collective may still be drafts
  const start = c.filedAt ? c.filedAt.slice(0, 10) : addDays(c.issuedAt.slice(0, 10), 1);
  const from = start < '2016-01-04' ? '2016-01-04' : start;
  const dates = Array.from({ length: c.logs }, () => dayIn(r, from, DEMO_AS_OF)).sort();
  const pictureSlots = new Set(r.sample(Array.from({ length: c.logs }, (_, i) => i), c.pictures));
  const flags = logFlags(plan, c);
  const cr = streamFor(plan.seed, 'comment-text', c.id);
  let lastLogAt: string | null = null;
  dates.forEach((date, i) => {
    const lr = streamFor(plan.seed, 'log', c.id, i);
    const id = lr.uuid();
    const { title, text } = logEntry(lr, c.name, date);
    const draft = flags[i]!.draft;
    const lag = lr.int(0, 3);
    const submittedAt = draft ? null : at(lr, addDays(date, lag) > DEMO_AS_OF ? date : addDays(date, lag));
    const byAdmin = !draft && lr.chance(0.04);
    const hashes: string[] = [];
    if (pictureSlots.has(i)) {
      const pr = streamFor(plan.seed, 'picture', c.id, i);
      const bytes = demoPng(pr, pr.pick([96, 120, 160]), pr.pick([64, 80, 90]));
      const hash = sha256Hex(bytes);
      hashes.push(hash);
      const when = submittedAt ?? at(lr, date);
      out.attachments.push(
        stamp<Attachment>({ id: pr.uuid(), hash, mime: 'image/png', size: bytes.length, name: `${date}-活动照片.png`, data: bytes, thumbnail: bytes }, when),
      );
    }
    const created = at(lr, date);
    const createdAt = submittedAt && submittedAt < created ? submittedAt : created;
    out.workUpdates.push(
      stamp<WorkUpdate>(
        {
          id,
          collectiveId: c.id,
          unitPath: c.unit.path,
          term: DEMO_TERM,
          title,
          date,
          text,
          attachmentHashes: hashes,
          state: draft ? 'draft' : 'submitted',
          submittedAt,
          authorId: byAdmin ? unitAdmin.id : c.accountId,
          hasMedia: hashes.length > 0,
        },
        createdAt,
        submittedAt ?? created,
      ),
    );
    if (submittedAt && (!lastLogAt || submittedAt > lastLogAt)) lastLogAt = submittedAt;
    if (flags[i]!.comment && submittedAt) {
      const day = addDays(submittedAt.slice(0, 10), cr.int(0, 7));
      const when = at(cr, day > DEMO_AS_OF ? DEMO_AS_OF : day);
      out.logComments.push(stamp<LogComment>({ id: cr.uuid(), workUpdateId: id, authorId: finalAdmin.id, text: commentText(cr) }, when < submittedAt ? submittedAt : when));
    }
  });

  // --- social evaluations and complaints
  for (let i = 0; i < c.evaluations; i++) {
    const er = streamFor(plan.seed, 'evaluation', c.id, i);
    const date = dayIn(er, c.filedAt ? c.filedAt.slice(0, 10) : '2016-01-04', DEMO_AS_OF);
    const complaint = er.chance(0.08);
    const rating = complaint ? er.int(1, 2) : er.weighted([[5, 6], [4, 3], [3, 1]] as const);
    const received = at(er, date);
    const handling = complaint ? complaintHistory(er, finalAdmin.id, received) : { complaintState: null as ComplaintState | null, rectifyBy: null, history: [] };
    const last = handling.history[handling.history.length - 1]?.at ?? received;
    out.evaluations.push(
      stamp<Evaluation>(
        {
          id: er.uuid(),
          collectiveId: c.id,
          unitPath: c.unit.path,
          term: DEMO_TERM,
          source: er.weighted(EVAL_SOURCES),
          rating,
          content: evaluationText(er, rating, complaint),
          date,
          complaint,
          complaintState: handling.complaintState,
          rectifyBy: handling.rectifyBy,
          history: handling.history,
        },
        received,
        last,
      ),
    );
  }

  const updatedAt = [life.updatedAt, lastLogAt ?? ''].sort().pop()!;
  out.collectives.push(
    stamp<Collective>(
      {
        id: c.id,
        code: c.code,
        unitId: c.unit.id,
        unitPath: c.unit.path,
        channel: c.unit.channel,
        term: DEMO_TERM,
        profile,
        plan: creationPlan,
        status: c.status,
        formerNames: c.formerName ? [c.formerName] : [],
        nameKey: nameKey(c.name),
        nameInitials: pinyinInitials(c.name),
        filedAt: c.filedAt,
        approvedAt: c.approvedAt,
        supersededBy: null,
        transferredFrom: c.transfer?.oldCode ?? null,
        lastLogAt,
      },
      c.issuedAt,
      updatedAt,
    ),
  );
  const account = (id: string, code: string, unit: DemoUnit, status: Account['status'], supersededBy: string | null, issued: string): Account =>
    stamp<Account>(
      {
        id,
        code,
        displayName: c.name,
        role: 'collective',
        unitId: unit.id,
        unitPath: unit.path,
        collectiveId: c.id,
        password: unusablePassword(r),
        mustChangePassword: true,
        recoveryEmail: profile.recoveryEmail,
        status,
        failedLogins: 0,
        lastFailedAt: null,
        lastLoginAt: null,
        issuedBy: plan.admins.get(unit.reference ? unit.id : (unit.parentId ?? ''))?.id ?? finalAdmin.id,
        supersededBy,
      },
      issued,
    );
  if (c.transfer) out.accounts.push(account(c.transfer.oldAccountId, c.transfer.oldCode, c.transfer.oldUnit, 'superseded', c.accountId, c.issuedAt));
  out.accounts.push(account(c.accountId, c.code, c.unit, c.status === 'disqualified' ? 'deactivated' : 'active', null, c.transfer?.at ?? c.issuedAt));
  return out;
}

// --- the units' own work: 五个一 entries, 情况报告, 自评

function unitLevelUnits(plan: DemoPlan): DemoUnit[] {
  return plan.topUnits.filter((u) => !u.quotaSubRow);
}

export const selfReportIdOf = (unitId: string, term: string): string => `selfreport-${unitId}-${term}`;
export const selfAssessmentIdOf = (unitId: string, term: string): string => `assessment-self-${unitId}-${term}`;

function unitLevelRecords(plan: DemoPlan, u: DemoUnit, facts?: { collectives: number; approved: number }): Pick<DemoRecords, 'workEntries' | 'selfReports' | 'assessments'> {
  const r = streamFor(plan.seed, 'unit-work', u.code);
  const admin = plan.admins.get(u.id)!;
  const workEntries: WorkEntry[] = [];
  const types: WorkEntryType[] = [];
  for (const kind of FIVE_ONES_KINDS) {
    // most units meet every one of the 五个一; some miss one (the assessment shows the gap)
    if (r.chance(0.9)) for (let k = r.int(1, kind === '常态化联系平台' ? 1 : 3); k > 0; k--) types.push(kind);
  }
  for (let k = r.int(0, 3); k > 0; k--) types.push(r.pick(['媒体宣传', '领导出席', '政策文件', '其他'] as const));
  for (const type of types) {
    const date = dayIn(r, '2016-01-10', DEMO_AS_OF);
    const when = at(r, date);
    workEntries.push(
      stamp<WorkEntry>(
        {
          id: r.uuid(),
          unitId: u.id,
          unitPath: u.path,
          term: DEMO_TERM,
          type,
          date,
          title: `${date.slice(0, 4)}年${r.pick(WORK_ENTRY_TEXT[type]!)}`,
          participants: `${r.pick(['各级管理员', '创建集体号长', '青年文明号集体代表', '各市（单位）团委负责同志'])}等 ${r.int(12, 260)} 人`,
          description: `${u.name}${r.pick(['组织', '举办', '开展'])}${WORK_ENTRY_TEXT[type]![0]}，${r.pick(['部署本届创建工作重点任务', '交流创建经验做法', '通报检查发现的问题并督促整改', '覆盖所属创建集体'])}。`,
          evidenceHashes: [],
        },
        when,
      ),
    );
  }
  const selfReports: SelfReport[] = [];
  const required = (u.reference?.required ?? 0) + plan.topUnits.filter((x) => x.reference?.parentCode === u.code).reduce((s, x) => s + (x.reference?.required ?? 0), 0);
  if (r.chance(0.75)) {
    let text = selfReportText(r, u.reference?.fullName ?? u.name, { collectives: facts?.collectives ?? 0, approved: facts?.approved ?? 0, required, entries: workEntries.length });
    while (countReportChars(text) > REPORT_LIMIT) text = text.slice(0, -10);
    const when = at(r, dayIn(r, '2018-04-01', DEMO_AS_OF));
    selfReports.push(stamp<SelfReport>({ id: selfReportIdOf(u.id, DEMO_TERM), unitId: u.id, term: DEMO_TERM, text }, when));
  }
  const assessments: Assessment[] = [];
  if (r.chance(0.6)) {
    const scores: ItemScore[] = [...DEFAULT_RUBRIC.items]
      .sort((a, b) => a.no - b.no)
      .filter((i) => isApplicable(i, u))
      .map((i) => ({
        no: i.no,
        score: i.kind === 'regular' ? r.int(Math.ceil(i.max * 0.6), i.max) : i.kind === 'bonus' ? r.int(0, 5) : -r.int(0, 3),
        comment: '',
        evidence: '',
      }));
    const when = at(r, dayIn(r, '2018-05-01', DEMO_AS_OF));
    const submitted = r.chance(0.5);
    assessments.push(
      stamp<Assessment>(
        {
          id: selfAssessmentIdOf(u.id, DEMO_TERM),
          unitId: u.id,
          term: DEMO_TERM,
          kind: 'self',
          scorerId: admin.id,
          rubricId: DEFAULT_RUBRIC_ID,
          rubricVersion: DEFAULT_RUBRIC.version,
          scores,
          submittedAt: submitted ? when : null,
        },
        when,
      ),
    );
  }
  return { workEntries, selfReports, assessments };
}

// ---------------------------------------------------------------------------------------------
// Streaming

export interface DemoBatch {
  records: DemoRecords;
  /** collectives generated so far / in all */
  collectivesDone: number;
  collectivesTotal: number;
  /** records in this batch */
  size: number;
}

export interface DemoBatchOptions {
  /** records per batch (approximate: a collective's records stay together); default 4000 */
  batchSize?: number;
  /** only the subtree of these published rows (the CLI writes one unit at a time) */
  unitCodes?: readonly string[];
}

const sizeOf = (x: DemoRecords): number => DEMO_TABLES.reduce((n, t) => n + x[t].length, 0);

function append(into: DemoRecords, from: DemoRecords): void {
  for (const t of DEMO_TABLES) (into[t] as StoredRecord[]).push(...(from[t] as StoredRecord[]));
}

/**
 * The plan's records in batches: first the subunits and administrators, then collectives with
 * everything that hangs on them, then the units' own work. Each batch may be written and dropped.
 */
export function* demoBatches(plan: DemoPlan, options: DemoBatchOptions = {}): Generator<DemoBatch> {
  const batchSize = options.batchSize ?? 4000;
  const only = options.unitCodes ? new Set(options.unitCodes) : null;
  const topOf = (u: DemoUnit): string => (u.reference ? (u.reference.parentCode ?? u.code) : plan.unitsById.get(u.parentId!)!.code);
  const inScope = (u: DemoUnit): boolean => !only || only.has(topOf(u));
  const collectives = plan.collectives.filter((c) => inScope(c.unit));
  const units = demoUnitRecords(plan).filter((u) => inScope(plan.unitsById.get(u.id)!));
  const admins = demoAdminAccounts(plan).filter((a) => inScope(plan.unitsById.get(a.unitId)!));
  let buf = emptyRecords();
  let done = 0;
  // subunits and administrators first, in slices of the batch size
  for (let i = 0; i < units.length + admins.length; i += batchSize) {
    const slice = emptyRecords();
    const end = i + batchSize;
    slice.units = units.slice(Math.min(i, units.length), Math.min(end, units.length));
    slice.accounts = admins.slice(Math.max(0, i - units.length), Math.max(0, end - units.length));
    yield { records: slice, collectivesDone: 0, collectivesTotal: collectives.length, size: sizeOf(slice) };
  }
  for (const c of collectives) {
    append(buf, collectiveRecords(plan, c));
    done++;
    if (sizeOf(buf) >= batchSize) {
      yield { records: buf, collectivesDone: done, collectivesTotal: collectives.length, size: sizeOf(buf) };
      buf = emptyRecords();
    }
  }
  const facts = new Map<string, { collectives: number; approved: number }>();
  for (const c of plan.collectives) {
    const top = c.quotaUnit.reference?.parentCode ? plan.unitsById.get(unitIdOf(c.quotaUnit.reference.parentCode))! : c.quotaUnit;
    const f = facts.get(top.id) ?? { collectives: 0, approved: 0 };
    if (c.filedAt) f.collectives++;
    if (c.status === 'approved') f.approved++;
    facts.set(top.id, f);
  }
  for (const u of unitLevelUnits(plan)) {
    if (!inScope(u)) continue;
    const w = unitLevelRecords(plan, u, facts.get(u.id));
    buf.workEntries.push(...w.workEntries);
    buf.selfReports.push(...w.selfReports);
    buf.assessments.push(...w.assessments);
    if (sizeOf(buf) >= batchSize) {
      yield { records: buf, collectivesDone: done, collectivesTotal: collectives.length, size: sizeOf(buf) };
      buf = emptyRecords();
    }
  }
  if (sizeOf(buf) > 0) yield { records: buf, collectivesDone: done, collectivesTotal: collectives.length, size: sizeOf(buf) };
}
