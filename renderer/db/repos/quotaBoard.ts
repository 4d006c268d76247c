/**
 * Quota and structure dashboard (名额与结构): for a unit and each unit directly below it, and for
 * the national office all published rows (part 一.2 of the notice; annex 1; annex 3 item 7).
 *
 * Policy:
 * - 已报备 and 创建集体 follow shared/rules/status.ts; structure counts are of the creation
 *   collectives (approved): 往届全国青年文明号 = a national-level honour in the profile,
 *   非公经济组织 / 社会组织 = the profile's collective type.
 * - A unit's own row totals its whole subtree and its published quota sub-rows (交通运输 = 106/1060
 *   with 快递), as the published totals do. Each child row counts the child's subtree.
 * - The national overview counts a collective towards the deepest quota-bearing unit above it, so
 *   a parent row and its published sub-row never count the same collective twice, and the column
 *   totals equal the country's totals.
 * - Published numbers are shown as published; a row whose required count is not 10 × base is
 *   flagged with the deviation message (never corrected).
 * - Structure thresholds are the open defaults in settings (thresholdFormerNational,
 *   thresholdNonPublic, thresholdSocialOrg; the national office edits them); verdicts follow
 *   shared/assessment/evidence.ts `structureShares`.
 */
import type { Collective, Quota, Unit } from '../../../shared/model/entities';
import { structureShares, type StructureShare, type StructureThresholds } from '../../../shared/assessment/evidence';
import { completionRate, quotaDeviationMessage } from '../../../shared/reference/quota';
import { countsAsApproved, countsAsFiled } from '../../../shared/rules/status';
import { ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import type { Actor } from '../write';
import { getSetting } from './settings';
import { unitForRead } from './workEntries';

export interface StructureCounts {
  formerNational: number;
  nonPublic: number;
  socialOrg: number;
}

export interface BoardRow {
  unit: Unit;
  /** null: no published quota (a city or county set up by the unit) */
  base: number | null;
  required: number | null;
  deviates: boolean;
  deviationMessage: string | null;
  filed: number;
  approved: number;
  /** approved ÷ required; null without a quota */
  rate: number | null;
  structure: Record<'formerNational' | 'nonPublic' | 'socialOrg', StructureShare>;
  subRow: boolean;
  /** 'edited' when the national office changed any of the quotas shown; null without a quota */
  quotaSource: 'published' | 'edited' | null;
}

export interface UnitBoard {
  unit: BoardRow;
  children: BoardRow[];
  thresholds: StructureThresholds;
}

export async function structureThresholds(): Promise<StructureThresholds> {
  const [formerNational, nonPublic, socialOrg] = await Promise.all([
    getSetting('thresholdFormerNational'),
    getSetting('thresholdNonPublic'),
    getSetting('thresholdSocialOrg'),
  ]);
  return { formerNational, nonPublic, socialOrg };
}

export function isFormerNational(c: Collective): boolean {
  return c.profile.honours.some((h) => h.level === 'national');
}

interface Tally {
  filed: number;
  approved: number;
  counts: StructureCounts;
}

const emptyTally = (): Tally => ({ filed: 0, approved: 0, counts: { formerNational: 0, nonPublic: 0, socialOrg: 0 } });

function add(t: Tally, c: Collective): void {
  if (countsAsFiled(c.status)) t.filed++;
  if (!countsAsApproved(c.status)) return;
  t.approved++;
  if (isFormerNational(c)) t.counts.formerNational++;
  if (c.profile.type === '非公经济组织') t.counts.nonPublic++;
  if (c.profile.type === '社会组织') t.counts.socialOrg++;
}

function row(unit: Unit, quotas: Quota[], t: Tally, thresholds: StructureThresholds): BoardRow {
  const has = quotas.length > 0;
  const base = has ? quotas.reduce((s, q) => s + q.base, 0) : null;
  const required = has ? quotas.reduce((s, q) => s + q.required, 0) : null;
  const deviating = quotas.filter((q) => q.deviatesFromRule);
  return {
    unit,
    base,
    required,
    deviates: deviating.length > 0,
    deviationMessage: deviating.map((q) => quotaDeviationMessage(q)).filter(Boolean).join('；') || null,
    filed: t.filed,
    approved: t.approved,
    rate: required === null ? null : completionRate(t.approved, required),
    structure: structureShares(t.approved, t.counts, thresholds, unit.provincialCommittee),
    subRow: unit.quotaSubRow,
    quotaSource: has ? (quotas.some((q) => q.source === 'edited') ? 'edited' : 'published') : null,
  };
}

async function quotaOf(unitId: string, term: string): Promise<Quota | null> {
  const q = await db().quotas.where('[unitId+term]').equals([unitId, term]).first();
  return q && !q.deleted ? q : null;
}

/** Counts of a subtree (by unit path) in a term. */
async function tallySubtree(path: string, term: string): Promise<Tally> {
  const t = emptyTally();
  await db()
    .collectives.where('unitPath')
    .startsWith(path)
    .each((c) => {
      if (!c.deleted && c.term === term) add(t, c);
    });
  return t;
}

/** A unit's row (its subtree, with its published sub-rows' quotas) and one row per unit directly below it. */
export async function unitBoard(actor: Actor, unitId: string, term: string): Promise<UnitBoard> {
  const unit = await unitForRead(actor, unitId);
  const thresholds = await structureThresholds();
  const d = db();
  const children = (await d.units.where('parentId').equals(unit.id).toArray())
    .filter((u) => !u.deleted)
    .sort((a, b) => Number(b.quotaSubRow) - Number(a.quotaSubRow) || a.sortOrder - b.sortOrder);
  const own = await quotaOf(unit.id, term);
  const childRows: BoardRow[] = [];
  const partQuotas: Quota[] = own ? [own] : [];
  for (const child of children) {
    const q = await quotaOf(child.id, term);
    if (q && child.quotaSubRow) partQuotas.push(q);
    childRows.push(row(child, q ? [q] : [], await tallySubtree(child.path, term), thresholds));
  }
  return { unit: row(unit, partQuotas, await tallySubtree(unit.path, term), thresholds), children: childRows, thresholds };
}

export interface ChannelTotal {
  label: string;
  rows: number;
  base: number;
  required: number;
  filed: number;
  approved: number;
  rate: number;
  structure: StructureCounts;
}

export interface NationalBoard {
  rows: BoardRow[];
  totals: ChannelTotal[];
  thresholds: StructureThresholds;
}

function total(label: string, rows: BoardRow[]): ChannelTotal {
  const sum = (f: (r: BoardRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const required = sum((r) => r.required ?? 0);
  const approved = sum((r) => r.approved);
  return {
    label,
    rows: rows.length,
    base: sum((r) => r.base ?? 0),
    required,
    filed: sum((r) => r.filed),
    approved,
    rate: completionRate(approved, required),
    structure: {
      formerNational: sum((r) => r.structure.formerNational.count),
      nonPublic: sum((r) => r.structure.nonPublic.count),
      socialOrg: sum((r) => r.structure.socialOrg.count),
    },
  };
}

/** Every published quota row of a term (60 for 2017—2018) with totals per channel and overall. National office only. */
export async function nationalBoard(actor: Actor, term: string): Promise<NationalBoard> {
  if (actor.role !== 'national' && actor.role !== 'system') {
    throw new ScopeError('全国各行业、各地方的汇总只对全国组委会办公室开放');
  }
  const d = db();
  const thresholds = await structureThresholds();
  const [units, quotas, collectives] = await Promise.all([
    d.units.toArray(),
    d.quotas.where('term').equals(term).toArray(),
    d.collectives.where('term').equals(term).toArray(),
  ]);
  const quotaByUnit = new Map(quotas.filter((q) => !q.deleted).map((q) => [q.unitId, q]));
  // Deepest quota-bearing unit first, so a collective under 快递 counts for 快递, not also for 交通运输.
  const quotaUnits = units
    .filter((u) => !u.deleted && quotaByUnit.has(u.id))
    .sort((a, b) => b.path.length - a.path.length);
  const tallies = new Map(quotaUnits.map((u) => [u.id, emptyTally()]));
  for (const c of collectives) {
    if (c.deleted) continue;
    const owner = quotaUnits.find((u) => c.unitPath.startsWith(u.path));
    if (owner) add(tallies.get(owner.id)!, c);
  }
  const rows = quotaUnits
    .map((u) => row(u, [quotaByUnit.get(u.id)!], tallies.get(u.id)!, thresholds))
    .sort((a, b) => a.unit.sortOrder - b.unit.sortOrder);
  const industry = rows.filter((r) => r.unit.channel === 'industry');
  const region = rows.filter((r) => r.unit.channel === 'region');
  return {
    rows,
    totals: [total('行业合计', industry), total('地方合计', region), total('全国合计', rows)],
    thresholds,
  };
}
