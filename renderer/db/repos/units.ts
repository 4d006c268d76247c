/** Units, quotas and the dashboard figures of a unit's subtree. */
import type { Quota, Term, Unit } from '../../../shared/model/entities';
import { countsAsApproved, countsAsFiled } from '../../../shared/rules/status';
import { db } from '../db';

export async function listTerms(): Promise<Term[]> {
  return (await db().terms.toArray()).filter((t) => !t.deleted).sort((a, b) => a.code.localeCompare(b.code));
}

export async function getUnit(id: string): Promise<Unit | undefined> {
  return db().units.get(id);
}

export async function listTopUnits(): Promise<Unit[]> {
  const all = await db().units.toArray();
  return all.filter((u) => u.depth === 1 && !u.deleted).sort((a, b) => a.sortOrder - b.sortOrder);
}

export interface QuotaFigures {
  unit: Unit;
  base: number;
  required: number;
  /** published sub-rows (e.g. 含快递) are totalled in; each listed for display */
  parts: { unit: Unit; quota: Quota }[];
  deviates: boolean;
  filed: number;
  approved: number;
}

/** Quota of a unit for a term (with its published sub-rows) and how many of its subtree filed / were approved. */
export async function quotaFigures(unitId: string, term: string): Promise<QuotaFigures | null> {
  const d = db();
  const unit = await d.units.get(unitId);
  if (!unit) return null;
  const subRows = await d.units.where('parentId').equals(unit.id).filter((u) => u.quotaSubRow).toArray();
  const parts: { unit: Unit; quota: Quota }[] = [];
  for (const u of [unit, ...subRows]) {
    const q = await d.quotas.where('[unitId+term]').equals([u.id, term]).first();
    if (q && !q.deleted) parts.push({ unit: u, quota: q });
  }
  const counts = await subtreeCounts(unit.path, term);
  return {
    unit,
    base: parts.reduce((s, p) => s + p.quota.base, 0),
    required: parts.reduce((s, p) => s + p.quota.required, 0),
    parts,
    deviates: parts.some((p) => p.quota.deviatesFromRule),
    ...counts,
  };
}

/** 已报备 = filed at least once this term (still valid); 创建集体 = approved. */
export async function subtreeCounts(unitPath: string, term: string): Promise<{ filed: number; approved: number }> {
  let filed = 0;
  let approved = 0;
  await db()
    .collectives.where('unitPath')
    .startsWith(unitPath)
    .each((c) => {
      if (c.deleted || c.term !== term) return;
      if (countsAsFiled(c.status)) filed++;
      if (countsAsApproved(c.status)) approved++;
    });
  return { filed, approved };
}
