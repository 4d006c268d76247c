/** UI state of the quota dashboard: which unit is shown and how the national table is sorted. */
import { create } from 'zustand';

export type QuotaSort = 'order' | 'rateDesc' | 'rateAsc' | 'required' | 'approved' | 'nonPublic' | 'socialOrg';

interface QuotaViewState {
  /** the account that chose `unitId`: another sign-in on the same laptop starts from its own unit */
  chosenBy: string;
  /** '' = the actor's own unit (the national office: the national overview) */
  unitId: string;
  sort: QuotaSort;
  choose(accountId: string, unitId: string): void;
  setSort(sort: QuotaSort): void;
}

export const useQuotaView = create<QuotaViewState>((set) => ({
  chosenBy: '',
  unitId: '',
  sort: 'order',
  choose: (chosenBy, unitId) => set({ chosenBy, unitId }),
  setSort: (sort) => set({ sort }),
}));

/** The unit chosen by this account, or '' when it has not chosen one. */
export const chosenUnit = (s: QuotaViewState, accountId: string): string => (s.chosenBy === accountId ? s.unitId : '');
