/** UI state of the 社会评价 page: list filter. */
import { create } from 'zustand';
import type { EvaluationFilter } from '../../db/repos/evaluations';

interface EvaluationsUiState {
  filter: EvaluationFilter;
  setFilter(f: EvaluationFilter): void;
}

export const useEvaluationsUi = create<EvaluationsUiState>((set) => ({
  filter: {},
  setFilter: (filter) => set({ filter }),
}));
