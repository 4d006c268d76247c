import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { ROLE_LABEL } from '../../../shared/rules/roles';
import { sheetFromRows, workbookBytes } from '../../../shared/ledger/cells';
import { allAudit, auditActors, listAudit, verifyAuditTrail, type AuditFilter } from '../../db/repos/audit';
import { platform } from '../../platform';
import { Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';

const ENTITY_LABEL: Record<string, string> = { account: '账号', unit: '单位', collective: '集体' };

export function AuditPage() {
  const actor = useSession((s) => s.session!.actor);
  const [filter, setFilter] = useState<AuditFilter>({});
  const result = useLiveQuery(async () => listAudit(actor, filter), [actor, JSON.stringify(filter)]);
  const actors = useLiveQuery(async () => auditActors(actor), [actor]) ?? [];
  const check = useLiveQuery(async () => verifyAuditTrail(actor), [actor]);
  const [message, setMessage] = useState<string | null>(null);

  async function exportAll() {
    const rows = await allAudit(actor, filter);
    const sheet = sheetFromRows(
      ['序号', '时间', '操作人', '角色', '操作', '对象', '对象标识', '摘要', '前一哈希', '哈希'],
      rows.map((e) => [e.seq, new Date(e.at), actors.find((a) => a.id === e.actorId)?.label ?? e.actorId, e.actorRole === 'system' ? '系统' : ROLE_LABEL[e.actorRole], e.action, ENTITY_LABEL[e.entity] ?? e.entity, e.entityId, e.summary, e.prevHash, e.hash]),
    );
    const saved = await platform.saveFile(`审计日志-${new Date().toISOString().slice(0, 10)}.xlsx`, workbookBytes([{ name: '审计日志', sheet }]), [{ name: 'Excel 工作簿', extensions: ['xlsx'] }]);
    if (saved) setMessage(`已导出 ${rows.length} 条审计记录`);
  }

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">审计日志</h1>
      {check &&
        (check.ok ? (
          <p className="alert alert-ok" role="status">
            审计链完整：共 {check.count} 条记录，逐条哈希校验通过。
          </p>
        ) : (
          <p className="alert alert-error" role="alert">
            {check.message}
          </p>
        ))}
      {message && <p className="alert alert-ok">{message}</p>}
      <div className="toolbar">
        <SelectField label="操作人" value={filter.actorId ?? ''} onChange={(e) => setFilter({ ...filter, actorId: e.target.value || undefined })}>
          <option value="">全部</option>
          {actors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="对象" value={filter.entity ?? ''} onChange={(e) => setFilter({ ...filter, entity: e.target.value || undefined })}>
          <option value="">全部</option>
          {Object.entries(ENTITY_LABEL).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </SelectField>
        <Field label="操作" value={filter.action ?? ''} onChange={(e) => setFilter({ ...filter, action: e.target.value || undefined })} placeholder="如 login、account" />
        <Field label="起始日期" type="date" value={filter.from ?? ''} onChange={(e) => setFilter({ ...filter, from: e.target.value || undefined })} />
        <Field label="截止日期" type="date" value={filter.to ?? ''} onChange={(e) => setFilter({ ...filter, to: e.target.value || undefined })} />
        <Field label="摘要包含" value={filter.text ?? ''} onChange={(e) => setFilter({ ...filter, text: e.target.value || undefined })} />
        <button type="button" onClick={() => void exportAll()}>
          导出审计日志
        </button>
      </div>
      <p className="muted">共 {result?.total ?? 0} 条{result && result.total > result.rows.length ? `，显示最新 ${result.rows.length} 条` : ''}。</p>
      <table className="grid" aria-label="审计日志">
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">时间</th>
            <th scope="col">操作人</th>
            <th scope="col">操作</th>
            <th scope="col">摘要</th>
          </tr>
        </thead>
        <tbody>
          {(result?.rows ?? []).map((e) => (
            <tr key={e.seq}>
              <td className="num">{e.seq}</td>
              <td>{new Date(e.at).toLocaleString('zh-CN')}</td>
              <td>{actors.find((a) => a.id === e.actorId)?.label ?? e.actorId}</td>
              <td className="mono">{e.action}</td>
              <th scope="row">{e.summary}</th>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
