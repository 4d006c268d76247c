/** UI state of the report page: the unit shown (national office) per signed-in account. */
import { create } from 'zustand';

interface ReportViewState {
  chosenBy: string;
  unitId: string;
  choose(accountId: string, unitId: string): void;
}

export const useReportView = create<ReportViewState>((set) => ({
  chosenBy: '',
  unitId: '',
  choose: (chosenBy, unitId) => set({ chosenBy, unitId }),
}));
