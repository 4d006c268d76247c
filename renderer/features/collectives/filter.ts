/** In-memory filtering of the collective list: runs on every keystroke over light rows. */
import type { CollectiveRow } from '../../db/repos/collectives';
import { searchMatcher } from '../../../shared/text/names';

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
  // the query is normalised once per keystroke; each row carries its normalised name (repos/collectives.ts)
  const match = searchMatcher(f.query);
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
      (match === null || match(r.search)),
  );
}
