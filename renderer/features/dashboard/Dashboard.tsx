import { useLiveQuery } from 'dexie-react-hooks';
import { useSession } from '../session/store';
import { NationalView, UnitView } from '../quota/QuotaPage';
import { todoCounts } from './queries';

export function Dashboard() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const national = session.account.role === 'national';
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">工作台</h1>
      <Todo />
      {national ? <NationalView actor={session.actor} term={term} /> : <UnitView actor={session.actor} unitId={session.unit.id} term={term} />}
    </section>
  );
}

/** What waits for this administrator, with a way to get there. */
function Todo() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const go = useSession((s) => s.go);
  const t = useLiveQuery(async () => todoCounts(session.actor, term), [session.actor, term]);
  if (!t) return null;
  const role = session.account.role;
  const items = [
    { label: '待初审的报备', n: t.waitingPre, to: 'collectives' },
    { label: '待终审的报备', n: t.waitingFinal, to: 'collectives', hidden: role === 'admin2' || role === 'admin3' },
    { label: '已退回待集体修改', n: t.returned, to: 'collectives' },
    { label: role === 'national' ? '待审定的变更' : '已上报待审定的变更', n: t.changes, to: 'changes', hidden: role === 'admin2' || role === 'admin3' },
  ].filter((i) => !i.hidden);
  return (
    <section aria-labelledby="todo-title" className="todo">
      <h2 id="todo-title">待办</h2>
      <ul aria-label="待办事项">
        {items.map((i) => (
          <li key={i.label}>
            <button type="button" className={i.n > 0 ? 'todo-item due' : 'todo-item'} onClick={() => go(i.to)}>
              <span>{i.label}</span>
              <strong>{i.n}</strong>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
