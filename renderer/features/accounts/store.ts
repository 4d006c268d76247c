/**
 * One-time passwords issued in this sitting, held in memory only until the admin has handed them
 * out (shown once, exportable as a distribution sheet). They are never written to the database.
 */
import { create } from 'zustand';

export interface IssuedSlip {
  code: string;
  displayName: string;
  roleLabel: string;
  unitName: string;
  oneTimePassword: string;
  issuedAt: string;
}

interface IssuedState {
  slips: IssuedSlip[];
  add(slip: IssuedSlip): void;
  clear(): void;
}

export const useIssued = create<IssuedState>((set) => ({
  slips: [],
  add: (slip) => set((s) => ({ slips: [...s.slips, slip] })),
  clear: () => set({ slips: [] }),
}));
