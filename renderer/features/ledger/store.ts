/**
 * UI state of the ledger pages (zustand): the open tab and the files picked for the national
 * aggregation. Files are the user's picks, not stored data; they live only while the app is open.
 */
import { create } from 'zustand';
import type { InputFile } from './jobs';

export type LedgerTab = 'export' | 'validate' | 'aggregate';

interface LedgerUiState {
  tab: LedgerTab;
  setTab(tab: LedgerTab): void;
  aggregateFiles: InputFile[];
  /** add files; a file of the same name replaces the earlier pick */
  addAggregateFiles(files: InputFile[]): void;
  removeAggregateFile(name: string): void;
  clearAggregateFiles(): void;
}

export const useLedgerUi = create<LedgerUiState>((set) => ({
  tab: 'export',
  setTab: (tab) => set({ tab }),
  aggregateFiles: [],
  addAggregateFiles: (files) =>
    set((s) => ({ aggregateFiles: [...s.aggregateFiles.filter((f) => !files.some((n) => n.name === f.name)), ...files] })),
  removeAggregateFile: (name) => set((s) => ({ aggregateFiles: s.aggregateFiles.filter((f) => f.name !== name) })),
  clearAggregateFiles: () => set({ aggregateFiles: [] }),
}));
