import { useLiveQuery } from 'dexie-react-hooks';
import type { ReactNode } from 'react';
import { ROLE_LABEL } from '../../../shared/rules/roles';
import { listTerms } from '../../db/repos/units';
import { useSession } from '../session/store';

export interface NavItem {
  view: string;
  label: string;
}

/** The frame around every signed-in page: left navigation by feature, top bar with unit, term and account. */
export function Shell({ nav, current, children }: { nav: NavItem[]; current: string; children: ReactNode }) {
  const { session, term, go, setTerm, signOut } = useSession();
  const terms = useLiveQuery(async () => listTerms(), []) ?? [];
  if (!session) return null;
  const { account, unit } = session;
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">青年文明号创建管理</div>
        <div className="topbar-unit" aria-label="当前单位">
          {unit.name}
        </div>
        {terms.length > 1 ? (
          <label className="topbar-term">
            届次
            <select value={term} onChange={(e) => setTerm(e.target.value)}>
              {terms.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <div className="topbar-term" aria-label="届次">
            {terms[0]?.label}
          </div>
        )}
        <div className="topbar-account" aria-label="当前账号">
          {account.displayName}（{ROLE_LABEL[account.role]} · {account.code}）
        </div>
        <button type="button" onClick={signOut}>
          退出登录
        </button>
      </header>
      <nav className="sidenav" aria-label="功能导航">
        <ul>
          {nav.map((n) => (
              <li key={n.view}>
                <button type="button" aria-current={current === n.view ? 'page' : undefined} onClick={() => go(n.view)}>
                  {n.label}
                </button>
              </li>
            ))}
        </ul>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
