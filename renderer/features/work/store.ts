/** UI state of the work ledger page: the unit shown (per signed-in account) and the entry being edited. */
import { create } from 'zustand';

interface WorkViewState {
  chosenBy: string;
  unitId: string;
  editingId: string | null;
  choose(accountId: string, unitId: string): void;
  edit(id: string | null): void;
}

export const useWorkView = create<WorkViewState>((set) => ({
  chosenBy: '',
  unitId: '',
  editingId: null,
  choose: (chosenBy, unitId) => set({ chosenBy, unitId, editingId: null }),
  edit: (editingId) => set({ editingId }),
}));
