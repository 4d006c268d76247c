/**
 * Demo data as files, for `yca demo-data` (electron/cli/commands/demoData.ts): per published unit
 * the ledger source (shared/ledger/build.ts) and the exchange package (shared/exchange/format.ts)
 * its level-1 administrator's laptop would send to the national office.
 *
 * Policy:
 * - Deterministic like the records: the sending device's key pair, the package id and the
 *   export times come from the seed, so the same seed writes byte-identical packages.
 * - A package carries what the unit's administrator may send upwards: its subtree only (records
 *   of another unit's subtree, e.g. the superseded code of a wrong-channel transfer, stay out);
 *   no reference data (that flows from the national office down).
 * - Demo device keys are published in the output folder (they sign demo packages only); a
 *   receiving laptop trusts them after comparing the fingerprint, as with any device.
 */
import type { Account, Attachment, Quota, Rubric, Unit } from '../model/entities';
import { DEFAULT_RUBRIC, DEFAULT_RUBRIC_ID } from '../assessment/rubric';
import type { BuildInput, PackageRecord } from '../exchange/format';
import { fingerprint, publicKeyOf } from '../exchange/keys';
import type { LedgerSource } from '../ledger/build';
import { formatRev } from '../model/hlc';
import { deviatesFromRule } from '../reference/quota';
import { NATIONAL_OFFICE, TERM_2017_2018 } from '../reference/term2017';
import { bytesToBase64 } from '../security/base64';
import { DEMO_AS_OF, DEMO_DEVICE, DEMO_TERM, NATIONAL_UNIT_ID, type DemoPlan, type DemoRecords, type DemoUnit } from './generate';
import { streamFor } from './random';

const SEEDED_AT = '2015-10-09T00:00:00.000Z';
const EXPORTED_AT = `${DEMO_AS_OF}T08:00:00.000Z`;

function stamped<T>(fields: T): T & { createdAt: string; updatedAt: string; rev: string } {
  return { ...fields, createdAt: SEEDED_AT, updatedAt: SEEDED_AT, rev: formatRev(Date.parse(SEEDED_AT), 0, DEMO_DEVICE) };
}

/** The published row (and its quota sub-rows) as every laptop seeds them. */
function referenceUnit(u: DemoUnit): Unit {
  return stamped({
    id: u.id,
    code: u.code,
    name: u.name,
    channel: u.channel,
    parentId: u.parentId,
    path: u.path,
    depth: u.depth,
    provincialCommittee: u.provincialCommittee,
    quotaSubRow: u.quotaSubRow,
    sortOrder: u.sortOrder,
  });
}

function quotaOf(u: DemoUnit): Quota {
  const row = u.reference!;
  return stamped({
    id: `quota-${u.code}-${DEMO_TERM}`,
    unitId: u.id,
    term: DEMO_TERM,
    base: row.base,
    required: row.required,
    deviatesFromRule: deviatesFromRule(row),
    source: 'published' as const,
  });
}

/** The published rows a unit's files cover: the unit and its quota sub-rows. */
export function publishedRowsOf(plan: DemoPlan, unitCode: string): DemoUnit[] {
  return plan.topUnits.filter((u) => u.code === unitCode || u.reference?.parentCode === unitCode);
}

/** The records of one published unit's subtree, gathered for its ledger. */
export function demoLedgerSource(plan: DemoPlan, unitCode: string, records: DemoRecords, appVersion: string): LedgerSource {
  const rows = publishedRowsOf(plan, unitCode);
  const root = rows.find((u) => u.code === unitCode);
  if (!root) throw new RangeError(`演示数据中没有单位 ${unitCode}`);
  const admin = plan.admins.get(root.id)!;
  const accounts = records.accounts.map((a) => ({ id: a.id, code: a.code, displayName: a.displayName, role: a.role }));
  const rubric: Rubric = stamped({ id: DEFAULT_RUBRIC_ID, ...DEFAULT_RUBRIC, items: DEFAULT_RUBRIC.items.map((i) => ({ ...i })) });
  return {
    root: referenceUnit(root),
    term: { code: TERM_2017_2018.code, label: TERM_2017_2018.label },
    units: [...rows.map(referenceUnit), ...records.units],
    quotas: rows.map(quotaOf),
    collectives: records.collectives,
    reviewEvents: records.reviewEvents,
    accounts,
    workUpdates: records.workUpdates,
    evaluations: records.evaluations,
    changes: records.changes,
    workEntries: records.workEntries,
    assessments: records.assessments,
    rubrics: [rubric],
    selfReport: records.selfReports.find((r) => r.unitId === root.id) ?? null,
    exportedAt: EXPORTED_AT,
    appVersion,
    exportedBy: admin.code ? `${admin.name}（${admin.code}）` : '一级管理员',
  };
}

export interface DemoDevice {
  deviceId: string;
  privateKey: string;
  publicKey: string;
  fingerprint: string;
}

/** The (demo) laptop of a unit's level-1 administrator: a device id and a seeded key pair. */
export function demoDevice(plan: DemoPlan, unitCode: string): DemoDevice {
  const privateKey = bytesToBase64(streamFor(plan.seed, 'device', unitCode).bytes(32));
  const publicKey = publicKeyOf(privateKey);
  return { deviceId: `demo${unitCode.replace(/[^A-Za-z0-9]/g, '')}`, privateKey, publicKey, fingerprint: fingerprint(publicKey) };
}

/** An attachment record as it travels: bytes as files by hash, the thumbnail by its hash. */
function attachmentForWire(a: Attachment, files: Map<string, Uint8Array>): PackageRecord {
  const { data, thumbnail, ...rest } = a;
  files.set(a.hash, data as Uint8Array);
  const out: PackageRecord = { ...rest };
  if (thumbnail) {
    // demo thumbnails are the (already small) pictures themselves
    files.set(a.hash, thumbnail as Uint8Array);
    out.thumbnailHash = a.hash;
  }
  return out;
}

/** The package a unit's level-1 administrator would send to the national office (full, sequence 1). */
export function demoPackageInput(plan: DemoPlan, unitCode: string, records: DemoRecords, appVersion: string): BuildInput & { device: DemoDevice } {
  const root = publishedRowsOf(plan, unitCode).find((u) => u.code === unitCode);
  if (!root) throw new RangeError(`演示数据中没有单位 ${unitCode}`);
  const device = demoDevice(plan, unitCode);
  const inSubtree = (path: string): boolean => path.startsWith(root.path);
  const files = new Map<string, Uint8Array>();
  const tables: Record<string, PackageRecord[]> = {
    units: records.units.filter((u) => inSubtree(u.path)) as unknown as PackageRecord[],
    accounts: records.accounts.filter((a: Account) => inSubtree(a.unitPath)) as unknown as PackageRecord[],
    collectives: records.collectives.filter((c) => inSubtree(c.unitPath)) as unknown as PackageRecord[],
    reviewEvents: records.reviewEvents as unknown as PackageRecord[],
    changes: records.changes.filter((c) => inSubtree(c.unitPath)) as unknown as PackageRecord[],
    workUpdates: records.workUpdates.filter((w) => inSubtree(w.unitPath)) as unknown as PackageRecord[],
    attachments: records.attachments.map((a) => attachmentForWire(a, files)),
    logComments: records.logComments as unknown as PackageRecord[],
    evaluations: records.evaluations.filter((e) => inSubtree(e.unitPath)) as unknown as PackageRecord[],
    workEntries: records.workEntries.filter((e) => inSubtree(e.unitPath)) as unknown as PackageRecord[],
    selfReports: records.selfReports as unknown as PackageRecord[],
    assessments: records.assessments as unknown as PackageRecord[],
  };
  return {
    manifestFields: {
      packageId: streamFor(plan.seed, 'package', unitCode).uuid(),
      createdAt: EXPORTED_AT,
      sender: { unitId: root.id, deviceId: device.deviceId, accountId: plan.admins.get(root.id)!.id },
      recipient: { unitId: NATIONAL_UNIT_ID, deviceId: null },
      term: DEMO_TERM,
      sequence: 1,
      full: true,
      sinceRev: null,
      appVersion,
    },
    tables,
    attachments: [...files].map(([hash, bytes]) => ({ hash, bytes })),
    privateKey: device.privateKey,
    device,
  };
}

export const DEMO_RECIPIENT = NATIONAL_OFFICE;
