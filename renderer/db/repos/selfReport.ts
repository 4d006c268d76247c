/**
 * The self-inspection report (创建工作情况报告, annex 3 一.3: 2000字以内) of a unit and term.
 *
 * Policy:
 * - One report per unit and term, written by that unit's own administrators; the national office
 *   and the administrators above the unit read it. Id `selfreport-<unit>-<term>`, so the report
 *   written on two laptops of one unit meets as one record when packages merge.
 * - Saving is always allowed, also above 2000 counted characters (a draft may be long while it is
 *   being cut); only a runaway paste beyond 20,000 characters is refused, to keep records small.
 * - Export as .docx is refused above 2000 counted characters and for an empty report, with the
 *   message of shared/text/charCount.ts (counting rule documented there). Export saves first, so
 *   the file always matches the stored text, and the export is audited.
 * - The template (shared/assessment/reportTemplate.ts) is pre-filled with the unit's figures from
 *   the same facts the assessment evidence uses.
 */
import type { SelfReport, Unit } from '../../../shared/model/entities';
import { buildReportDocx } from '../../../shared/assessment/reportDocx';
import { buildReportTemplate, findPlaceholders } from '../../../shared/assessment/reportTemplate';
import { findReferenceUnit } from '../../../shared/reference/term2017';
import { ScopeError } from '../../../shared/rules/scope';
import { countReportChars, reportExportCheck, REPORT_LIMIT } from '../../../shared/text/charCount';
import { db } from '../db';
import { writeTx, type Actor } from '../write';
import { assessmentFacts, defaultSupervision, type SupervisionSource } from './assessment';
import { unitForRead } from './workEntries';

export class SelfReportError extends Error {}

/** Stored drafts may be long, but not unbounded. */
export const REPORT_STORE_MAX = 20_000;

export const selfReportIdOf = (unitId: string, term: string): string => `selfreport-${unitId}-${term}`;

function assertWriter(actor: Actor, unit: Unit): void {
  const own = (actor.role === 'admin1' || actor.role === 'admin2' || actor.role === 'admin3') && actor.unitId === unit.id;
  if (!own) throw new ScopeError('情况报告由本单位的管理员撰写');
}

export async function getSelfReport(actor: Actor, unitId: string, term: string): Promise<SelfReport | null> {
  await unitForRead(actor, unitId);
  const r = await db().selfReports.where('[unitId+term]').equals([unitId, term]).first();
  return r && !r.deleted ? r : null;
}

export async function canWriteSelfReport(actor: Actor, unitId: string): Promise<boolean> {
  const unit = await unitForRead(actor, unitId);
  try {
    assertWriter(actor, unit);
    return true;
  } catch {
    return false;
  }
}

async function termLabel(term: string): Promise<string> {
  const t = await db().terms.where('code').equals(term).first();
  return t?.label ?? term;
}

/** The formal name for the report's header: the reference full name (上海市), else the unit's name. */
export function reportUnitName(unit: Unit): string {
  return unit.depth === 1 ? (findReferenceUnit(unit.code)?.fullName ?? unit.name) : unit.name;
}

/** The template pre-filled with the unit's figures. */
export async function selfReportTemplate(
  actor: Actor,
  unitId: string,
  term: string,
  supervision: SupervisionSource = defaultSupervision,
): Promise<string> {
  const { unit, facts } = await assessmentFacts(actor, unitId, term, supervision);
  return buildReportTemplate({ ...facts, unitName: reportUnitName(unit), termLabel: await termLabel(term) });
}

export async function saveSelfReport(actor: Actor, unitId: string, term: string, text: string): Promise<SelfReport> {
  const unit = await unitForRead(actor, unitId);
  assertWriter(actor, unit);
  const count = countReportChars(text);
  if (count > REPORT_STORE_MAX) {
    throw new SelfReportError(`情况报告共 ${count} 字，超过可保存的 ${REPORT_STORE_MAX} 字，请删减后再保存（导出上限为 ${REPORT_LIMIT} 字）`);
  }
  const d = db();
  return writeTx(actor, [d.selfReports], async (w) => {
    const existing = await d.selfReports.where('[unitId+term]').equals([unitId, term]).first();
    if (existing && !existing.deleted && existing.text === text) return existing;
    const report = existing ? w.touch({ ...existing, deleted: false }, { text }) : w.create<SelfReport>({ id: selfReportIdOf(unitId, term), unitId, term, text });
    await d.selfReports.put(report);
    w.audit({
      action: 'selfReport.save',
      entity: 'selfReport',
      entityId: report.id,
      summary: `保存${unit.name}情况报告（${count} 字${count > REPORT_LIMIT ? `，超过 ${REPORT_LIMIT} 字上限，暂不能导出` : ''}）`,
    });
    return report;
  });
}

export interface ExportedReport {
  fileName: string;
  bytes: Uint8Array;
  count: number;
  /** 【请补充…】 placeholders still in the text: exported, but worth a warning */
  placeholders: string[];
}

/** Save, then build the .docx; refused (saved, not exported) above 2000 characters or when empty. */
export async function exportSelfReport(actor: Actor, unitId: string, term: string, text: string, date: string): Promise<ExportedReport> {
  const unit = await unitForRead(actor, unitId);
  assertWriter(actor, unit);
  const report = await saveSelfReport(actor, unitId, term, text);
  const check = reportExportCheck(report.text);
  if (!check.ok) throw new SelfReportError(check.message);
  const label = await termLabel(term);
  const unitName = reportUnitName(unit);
  let bytes: Uint8Array;
  try {
    bytes = await buildReportDocx({ unitName, termLabel: label, date, text: report.text });
  } catch (e) {
    throw new SelfReportError((e as Error).message);
  }
  const d = db();
  await writeTx(actor, [d.selfReports], async (w) => {
    w.audit({ action: 'selfReport.export', entity: 'selfReport', entityId: report.id, summary: `导出${unit.name}情况报告 Word 文件（${check.count} 字）` });
  });
  return {
    fileName: `${unitName}${label}创建工作情况报告.docx`,
    bytes,
    count: check.count,
    placeholders: findPlaceholders(report.text),
  };
}
