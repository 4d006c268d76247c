/** UI state of the creation-log pages: filters, the collective being looked at, the draft being edited. */
import { create } from 'zustand';
import type { LogFilter } from '../../db/repos/logs';

interface LogsUiState {
  filter: LogFilter;
  /** admins: one collective's timeline instead of the subtree's newest logs */
  collectiveId: string | null;
  /** the draft open in the editor; 'new' for a new one; null: editor closed (admins) */
  editing: string | null;
  setFilter(f: LogFilter): void;
  showCollective(id: string | null): void;
  edit(id: string | null): void;
}

export const useLogsUi = create<LogsUiState>((set) => ({
  filter: {},
  collectiveId: null,
  editing: null,
  setFilter: (filter) => set({ filter }),
  showCollective: (collectiveId) => set({ collectiveId }),
  edit: (editing) => set({ editing }),
}));
