import type { ReviewEvent } from '../../../shared/model/entities';
import { ROLE_LABEL } from '../../../shared/rules/roles';
import { STATUS_LABEL } from '../../../shared/rules/status';

const ACTION_LABEL: Record<ReviewEvent['action'], string> = {
  submit: '提交报备',
  preApprove: '初审通过',
  approve: '终审通过',
  return: '退回',
  override: '特批通过',
  disqualify: '取消创建资格',
  transfer: '归口转移',
  change: '变更',
};

/** Status history: who, when, why. */
export function History({ events }: { events: ReviewEvent[] }) {
  return (
    <section aria-labelledby="hist-title">
      <h2 id="hist-title">状态记录</h2>
      {events.length === 0 ? (
        <p className="muted">暂无记录</p>
      ) : (
        <table className="grid" aria-label="状态记录">
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">操作</th>
              <th scope="col">状态</th>
              <th scope="col">操作人</th>
              <th scope="col">意见 / 说明</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString('zh-CN')}</td>
                <th scope="row">{ACTION_LABEL[e.action]}</th>
                <td>
                  {STATUS_LABEL[e.fromStatus]} → {STATUS_LABEL[e.toStatus]}
                </td>
                <td>{ROLE_LABEL[e.actorRole]}</td>
                <td>{e.comment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
