import { useLiveQuery } from 'dexie-react-hooks';
import { STATUS_LABEL } from '../../../shared/rules/status';
import { ownCollective } from '../../db/repos/collectives';
import { useSession } from '../session/store';

/** The collective's own view: its record and status. */
export function MyCollective() {
  const session = useSession((s) => s.session)!;
  const c = useLiveQuery(() => ownCollective(session.actor), [session.actor]);
  if (!c) return <p className="muted">正在读取…</p>;
  return (
    <section aria-labelledby="mine-title">
      <h1 id="mine-title">本集体</h1>
      <dl className="facts" aria-label="集体信息">
        <div>
          <dt>规范名称</dt>
          <dd>{c.profile.name}</dd>
        </div>
        <div>
          <dt>用户名（编码）</dt>
          <dd className="mono">{c.code}</dd>
        </div>
        <div>
          <dt>归口单位</dt>
          <dd>{session.unit.name}</dd>
        </div>
        <div>
          <dt>状态</dt>
          <dd>{STATUS_LABEL[c.status]}</dd>
        </div>
        {c.formerNames.length > 0 && (
          <div>
            <dt>曾用名称</dt>
            <dd>{c.formerNames.join('、')}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
