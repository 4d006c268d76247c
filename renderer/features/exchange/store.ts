/**
 * UI state of the exchange screens (zustand): what this laptop is (a collective's own computer
 * shows the exchange pages to the collective), and the package being imported — held only
 * between the dry run and the admin's decision, never copied into the database by the store.
 */
import { create } from 'zustand';
import type { Role } from '../../../shared/model/entities';
import { getInstallationInfo } from '../../db/repos/peers';
import type { ReadPackage } from '../../db/repos/exchange';

interface ExchangeUi {
  /** the role this laptop was set up for (null until known) */
  installationRole: Role | null;
  loadInstallation(): Promise<void>;
  /** a verified package waiting for the admin's decision */
  pending: { name: string; pkg: ReadPackage } | null;
  setPending(p: { name: string; pkg: ReadPackage } | null): void;
}

export const useExchangeUi = create<ExchangeUi>((set) => ({
  installationRole: null,
  async loadInstallation() {
    try {
      const inst = await getInstallationInfo();
      set({ installationRole: inst ? (inst.role ?? (inst.unitId === 'unit-N00' ? 'national' : 'admin1')) : null });
    } catch {
      set({ installationRole: null });
    }
  },
  pending: null,
  setPending: (pending) => set({ pending }),
}));

/** Exchange pages: administrators, and a collective on its own computer. */
export function exchangeVisible(role: Role): boolean {
  if (role !== 'collective') return true;
  return useExchangeUi.getState().installationRole === 'collective';
}

// Loaded by App.tsx's start-up, before the first sign-in renders the navigation — never at import
// time: nothing may open the database before the pre-migration snapshot is taken.
