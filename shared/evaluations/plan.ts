/**
 * What an evaluation import would write, against the collectives the importer may see.
 *
 * Policy:
 * - A row names its collective by 用户名（编码） (preferred) or by name; names match current or
 *   former names after `normaliseName`. A name shared by several visible collectives, a code
 *   and a name that disagree, or a collective outside the importer's scope is an error.
 * - Re-importing the same file changes nothing: a row identical to a stored evaluation
 *   (same collective, date, source, rating, complaint flag and content after normalisation) is
 *   skipped and counted. Two identical rows in one file are an error (likely a copy mistake).
 * - The plan is valid only when no row has an error; the repo then writes every planned row in
 *   one transaction, or nothing.
 */
import type { EvaluationSource } from '../model/entities';
import { normaliseName } from '../text/names';
import { clip } from '../text/clip';
import type { EvaluationInput } from './fields';
import type { EvaluationIssue, EvaluationParseResult } from './parse';

export interface EvaluationCollectiveRef {
  id: string;
  code: string;
  name: string;
  formerNames: readonly string[];
}

export interface PlannedEvaluation {
  rowNumber: number;
  collectiveId: string;
  collectiveName: string;
  input: EvaluationInput;
  key: string;
}

export interface EvaluationImportPlan {
  create: PlannedEvaluation[];
  /** rows already stored (re-import) */
  skipped: { rowNumber: number; collectiveName: string }[];
  /** every row error: from parsing and from resolving collectives */
  problems: { rowNumber: number; issues: EvaluationIssue[] }[];
  valid: boolean;
}

const contentKey = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

/** Identity of an evaluation for re-import detection. */
export function evaluationKey(collectiveId: string, e: { date: string; source: EvaluationSource; rating: number; complaint: boolean; content: string }): string {
  return [collectiveId, e.date, e.source, e.rating, e.complaint ? 1 : 0, contentKey(e.content)].join('\u0001');
}

const codeKey = (s: string): string => s.normalize('NFKC').replace(/[\s-]+/g, '').toUpperCase();

export function planEvaluationImport(
  parsed: EvaluationParseResult,
  collectives: readonly EvaluationCollectiveRef[],
  existingKeys: ReadonlySet<string>,
): EvaluationImportPlan {
  const plan: EvaluationImportPlan = { create: [], skipped: [], problems: [], valid: false };
  if (parsed.fatal) return plan;
  const byCode = new Map<string, EvaluationCollectiveRef>();
  const byName = new Map<string, EvaluationCollectiveRef[]>();
  for (const c of collectives) {
    byCode.set(codeKey(c.code), c);
    for (const n of new Set([c.name, ...c.formerNames].map(normaliseName))) {
      const list = byName.get(n) ?? [];
      list.push(c);
      byName.set(n, list);
    }
  }
  const col = (f: string) => parsed.mapping.find((m) => m.field === f)?.column ?? '';
  const seen = new Map<string, number>();
  for (const row of parsed.rows) {
    const issues: EvaluationIssue[] = [...row.errors];
    let target: EvaluationCollectiveRef | null = null;
    const code = row.values.code;
    const name = row.values.collective;
    if (code) {
      target = byCode.get(codeKey(code)) ?? null;
      if (!target) issues.push({ column: col('code'), field: 'code', message: `用户名（编码）“${clip(code)}”不存在或不在您的管理范围内。` });
      else if (name && !byName.get(normaliseName(name))?.includes(target)) {
        issues.push({ column: col('collective'), field: 'collective', message: `集体名称“${clip(name)}”与编码 ${target.code}（${target.name}）不一致，请核对。` });
        target = null;
      }
    } else if (name) {
      const hits = byName.get(normaliseName(name)) ?? [];
      if (hits.length === 0) issues.push({ column: col('collective'), field: 'collective', message: `在您的管理范围内找不到集体“${clip(name)}”，请核对名称或填写用户名（编码）。` });
      else if (hits.length > 1) {
        issues.push({ column: col('collective'), field: 'collective', message: `名称“${clip(name)}”对应多个集体（${hits.map((h) => h.code).join('、')}），请填写用户名（编码）。` });
      } else target = hits[0]!;
    }
    const p = row.parsed;
    if (target && issues.length === 0 && p.source && p.rating !== null && p.date && p.complaint !== null) {
      const input: EvaluationInput = { source: p.source, rating: p.rating, content: row.values.content.trim(), date: p.date, complaint: p.complaint };
      const key = evaluationKey(target.id, input);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        issues.push({ column: col('collective') || col('code'), field: null, message: `与第 ${earlier} 行完全相同，请核对是否重复录入。` });
      } else {
        seen.set(key, row.rowNumber);
        if (existingKeys.has(key)) plan.skipped.push({ rowNumber: row.rowNumber, collectiveName: target.name });
        else plan.create.push({ rowNumber: row.rowNumber, collectiveId: target.id, collectiveName: target.name, input, key });
      }
    }
    if (issues.length) plan.problems.push({ rowNumber: row.rowNumber, issues });
  }
  plan.valid = plan.problems.length === 0;
  return plan;
}
