/** UI state of the assessment page: the open tab, the unit chosen by the national office, k and the ranking basis. */
import { create } from 'zustand';
import { DEFAULT_ALLOCATION_K } from '../../../shared/assessment/allocation';
import type { RankingBasis } from '../../db/repos/assessment';

export type AssessmentTab = 'self' | 'score' | 'compare' | 'ranking' | 'allocation' | 'selfView' | 'rubric';

interface AssessmentViewState {
  chosenBy: string;
  tab: AssessmentTab | null;
  unitId: string;
  /** the allocation worksheet's k as typed (validated before use) */
  kText: string;
  basis: RankingBasis;
  set(accountId: string, patch: Partial<Pick<AssessmentViewState, 'tab' | 'unitId' | 'kText' | 'basis'>>): void;
}

export const useAssessmentView = create<AssessmentViewState>((set) => ({
  chosenBy: '',
  tab: null,
  unitId: '',
  kText: String(DEFAULT_ALLOCATION_K),
  basis: 'national',
  // Another account signing in on the same laptop starts from the defaults.
  set: (accountId, patch) =>
    set((s) =>
      s.chosenBy === accountId
        ? patch
        : { chosenBy: accountId, tab: null, unitId: '', kText: String(DEFAULT_ALLOCATION_K), basis: 'national', ...patch },
    ),
}));
