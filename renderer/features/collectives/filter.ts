/** In-memory filtering of the collective list: runs on every keystroke over light rows. */
import type { CollectiveRow } from '../../db/repos/collectives';
import { matchesSearch } from '../../../shared/text/names';

export interface ListFilter {
  query: string;
  status: string;
  unitPath: string;
  type: string;
  honours: '' | 'national' | 'provincial' | 'none';
  duplicatesOnly: boolean;
}

export const EMPTY_FILTER: ListFilter = { query: '', status: '', unitPath: '', type: '', honours: '', duplicatesOnly: false };

export function applyFilter(rows: readonly CollectiveRow[], f: ListFilter, unitPathOf: (unitId: string) => string, duplicates: ReadonlySet<string>): CollectiveRow[] {
  return rows.filter(
    (r) =>
      (!f.status || r.status === f.status) &&
      (!f.type || r.type === f.type) &&
      (!f.unitPath || unitPathOf(r.unitId).startsWith(f.unitPath)) &&
      (!f.honours ||
        (f.honours === 'national' && r.nationalHonour) ||
        (f.honours === 'provincial' && r.provincialHonour) ||
        (f.honours === 'none' && !r.nationalHonour && !r.provincialHonour)) &&
      (!f.duplicatesOnly || duplicates.has(r.id)) &&
      matchesSearch(f.query, { name: r.name, formerNames: r.formerNames, code: r.code, initials: r.initials }),
  );
}
