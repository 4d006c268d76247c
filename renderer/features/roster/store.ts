/**
 * Codes and one-time passwords of the collectives created by the last roster imports, held in
 * memory only until the admin has exported or cleared them (as on the accounts page). They are
 * never written to the database; a reload loses them on purpose.
 */
import { create } from 'zustand';
import type { IssuedRosterCode } from '../../db/repos/roster';

export interface RosterSlip extends IssuedRosterCode {
  importedAt: string;
}

interface RosterCodesState {
  slips: RosterSlip[];
  add(slips: RosterSlip[]): void;
  clear(): void;
}

export const useRosterCodes = create<RosterCodesState>((set) => ({
  slips: [],
  add: (slips) => set((s) => ({ slips: [...s.slips, ...slips] })),
  clear: () => set({ slips: [] }),
}));
