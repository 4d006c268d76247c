/**
 * Reference data rows as stored records. Reference records get deterministic ids (`unit-R09`,
 * `quota-R09-2017-2018`, `term-2017-2018`) so every laptop that seeds them holds the same records
 * and packages can refer to them without translation.
 */
import type { Quota, Term, Unit } from '../../../shared/model/entities';
import { NATIONAL_OFFICE, REFERENCE_UNITS, TERM_2017_2018 } from '../../../shared/reference/term2017';
import { deviatesFromRule } from '../../../shared/reference/quota';
import type { Writer } from '../write';

export const unitIdOf = (code: string): string => `unit-${code}`;
export const termIdOf = (code: string): string => `term-${code}`;
export const quotaIdOf = (unitCode: string, term: string): string => `quota-${unitCode}-${term}`;
export const NATIONAL_UNIT_ID = unitIdOf(NATIONAL_OFFICE.code);

export function referenceRecords(w: Writer): { units: Unit[]; quotas: Quota[]; terms: Term[] } {
  const national = w.create<Unit>({
    id: NATIONAL_UNIT_ID,
    code: NATIONAL_OFFICE.code,
    name: NATIONAL_OFFICE.name,
    channel: 'national',
    parentId: null,
    path: `/${NATIONAL_UNIT_ID}/`,
    depth: 0,
    provincialCommittee: false,
    quotaSubRow: false,
    sortOrder: 0,
  });
  const units: Unit[] = [national];
  const byCode = new Map<string, Unit>();
  for (const row of REFERENCE_UNITS) {
    const parent = row.parentCode ? byCode.get(row.parentCode) : national;
    if (!parent) throw new Error(`参考数据顺序错误：${row.code} 的上级 ${row.parentCode} 尚未出现`);
    const id = unitIdOf(row.code);
    const unit = w.create<Unit>({
      id,
      code: row.code,
      name: row.name,
      channel: row.channel,
      parentId: parent.id,
      path: `${parent.path}${id}/`,
      depth: parent.depth + 1,
      provincialCommittee: row.provincialCommittee,
      quotaSubRow: row.parentCode !== null,
      sortOrder: row.sortOrder,
    });
    byCode.set(row.code, unit);
    units.push(unit);
  }
  const term = TERM_2017_2018;
  const quotas = REFERENCE_UNITS.map((row) =>
    w.create<Quota>({
      id: quotaIdOf(row.code, term.code),
      unitId: unitIdOf(row.code),
      term: term.code,
      base: row.base,
      required: row.required,
      deviatesFromRule: deviatesFromRule(row),
      source: 'published',
    }),
  );
  const terms = [
    w.create<Term>({
      id: termIdOf(term.code),
      code: term.code,
      label: term.label,
      filingOpens: term.filingOpens,
      filingDeadline: term.filingDeadline,
      honourCutoff: term.honourCutoff,
      current: true,
    }),
  ];
  return { units, quotas, terms };
}
