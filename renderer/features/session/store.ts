/**
 * Session and UI state (zustand). Persistent data is never copied here: it lives in Dexie and is
 * read live. A reload signs the user out on purpose (a shared office laptop must not stay open).
 */
import { create } from 'zustand';
import type { Session } from '../../db/repos/auth';

/** a feature id from features/registry.tsx */
export type View = string;

interface SessionState {
  session: Session | null;
  term: string;
  view: View;
  signIn(session: Session, term: string): void;
  signOut(): void;
  setTerm(term: string): void;
  go(view: View): void;
  replaceAccount(account: Session['account']): void;
}

export const useSession = create<SessionState>((set) => ({
  session: null,
  term: '',
  view: 'home',
  signIn: (session, term) => set({ session, term, view: session.account.mustChangePassword ? 'password' : 'home' }),
  signOut: () => set({ session: null, view: 'home' }),
  setTerm: (term) => set({ term }),
  go: (view) => set({ view }),
  replaceAccount: (account) => set((s) => (s.session ? { session: { ...s.session, account } } : {})),
}));
