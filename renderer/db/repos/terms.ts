/**
 * Terms (届次). The 2017—2018 term ships with the app; the national office adds later terms with
 * their filing window and quotas (copied from an earlier term, then editable). A term's window
 * drives filing and eligibility, so it must be set before collectives file for it.
 */
import type { Quota, Term } from '../../../shared/model/entities';
import { requiredByRule } from '../../../shared/reference/quota';
import { ScopeError } from '../../../shared/rules/scope';
import { db } from '../db';
import { writeTx, type Actor } from '../write';
import { quotaIdOf, termIdOf } from './reference';

export class TermError extends Error {}

export interface TermInput {
  /** e.g. 2019-2020 */
  code: string;
  filingOpens: string;
  filingDeadline: string;
  honourCutoff: string;
  copyQuotasFrom: string;
  makeCurrent: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function termProblems(input: TermInput, existing: Term[]): string[] {
  const p: string[] = [];
  const m = /^(\d{4})-(\d{4})$/.exec(input.code);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) p.push('届次应形如“2019-2020”（相连的两个年份）');
  if (existing.some((t) => t.code === input.code)) p.push(`届次 ${input.code} 已存在`);
  for (const [label, v] of [
    ['报备起始日', input.filingOpens],
    ['网络报备截止日', input.filingDeadline],
    ['荣誉截止日', input.honourCutoff],
  ] as const)
    if (!DATE.test(v) || Number.isNaN(Date.parse(v))) p.push(`${label}格式应为 yyyy-mm-dd`);
  if (DATE.test(input.filingOpens) && DATE.test(input.filingDeadline) && input.filingOpens >= input.filingDeadline) p.push('报备起始日应早于网络报备截止日');
  if (input.copyQuotasFrom && !existing.some((t) => t.code === input.copyQuotasFrom)) p.push('要复制名额的届次不存在');
  return p;
}

export async function addTerm(actor: Actor, input: TermInput): Promise<Term> {
  if (actor.role !== 'national') throw new ScopeError('只有全国组委会办公室可以设置届次');
  const d = db();
  const existing = await d.terms.toArray();
  const problems = termProblems(input, existing);
  if (problems.length) throw new TermError(problems.join('；'));
  const [a, b] = input.code.split('-');
  return writeTx(actor, [d.terms, d.quotas, d.units], async (w) => {
    const term = w.create<Term>({
      id: termIdOf(input.code),
      code: input.code,
      label: `${a}—${b}年度`,
      filingOpens: input.filingOpens,
      filingDeadline: input.filingDeadline,
      honourCutoff: input.honourCutoff,
      current: input.makeCurrent,
    });
    if (input.makeCurrent) for (const t of existing) if (t.current) await d.terms.put(w.touch(t, { current: false }));
    await d.terms.add(term);
    if (input.copyQuotasFrom) {
      const source = await d.quotas.where('term').equals(input.copyQuotasFrom).toArray();
      const units = new Map((await d.units.toArray()).map((u) => [u.id, u]));
      for (const q of source) {
        const unit = units.get(q.unitId);
        if (!unit || q.deleted) continue;
        await d.quotas.add(
          w.create<Quota>({
            id: quotaIdOf(unit.code, input.code),
            unitId: q.unitId,
            term: input.code,
            base: q.base,
            required: q.required,
            deviatesFromRule: q.required !== requiredByRule(q.base),
            source: 'edited',
          }),
        );
      }
    }
    w.audit({ action: 'term.add', entity: 'term', entityId: term.id, summary: `新增届次 ${term.label}：报备期 ${term.filingOpens} 至 ${term.filingDeadline}${input.copyQuotasFrom ? `，名额沿用 ${input.copyQuotasFrom}` : ''}` });
    return term;
  });
}

/** The national office edits one unit's quota for a term (e.g. after the allocation worksheet). */
export async function setQuota(actor: Actor, unitId: string, term: string, base: number, required: number): Promise<Quota> {
  if (actor.role !== 'national') throw new ScopeError('只有全国组委会办公室可以修改名额');
  if (!Number.isInteger(base) || base < 0 || !Number.isInteger(required) || required < 0) throw new TermError('基数和应完成数须为非负整数');
  const d = db();
  return writeTx(actor, [d.quotas, d.units], async (w) => {
    const unit = await d.units.get(unitId);
    if (!unit) throw new TermError('单位不存在');
    const existing = await d.quotas.where('[unitId+term]').equals([unitId, term]).first();
    const fields = { base, required, deviatesFromRule: required !== requiredByRule(base), source: 'edited' as const };
    const q = existing ? w.touch(existing, fields) : w.create<Quota>({ id: quotaIdOf(unit.code, term), unitId, term, ...fields });
    await d.quotas.put(q);
    w.audit({ action: 'quota.set', entity: 'unit', entityId: unitId, summary: `${unit.name} ${term} 名额：基数 ${base}，应完成 ${required}` });
    return q;
  });
}
