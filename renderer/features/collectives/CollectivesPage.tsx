import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useMemo, useState } from 'react';
import type { CollectiveStatus } from '../../../shared/model/entities';
import { COLLECTIVE_TYPES } from '../../../shared/rules/profile';
import { STATUS_LABEL } from '../../../shared/rules/status';
import type { CollectiveRow } from '../../db/repos/collectives';
import { duplicateFlaggedIds } from '../../db/repos/duplicates';
import { batchReview, type BatchResult } from '../../db/repos/lifecycle';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { useSession } from '../session/store';
import { CollectiveDetail } from './CollectiveDetail';
import { applyFilter, EMPTY_FILTER, type ListFilter } from './filter';
import { collectiveRows, unitsInScope } from './queries';
import { TransferForm } from './TransferForm';

/** The administrator's list of collectives in its subtree: filter, search, batch review, detail. */
export function CollectivesPage() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const actor = session.actor;
  const rows = useLiveQuery(async () => collectiveRows(actor, term), [actor, term]);
  const units = useLiveQuery(async () => unitsInScope(actor), [actor]) ?? [];
  const [filter, setFilter] = useState<ListFilter>(EMPTY_FILTER);
  const deferred = useDeferredValue(filter);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [progress, setProgress] = useState<string | null>(null);
  const [results, setResults] = useState<BatchResult[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [cancel] = useState(() => ({ cancelled: false }));

  const unitById = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  // the same rule as the 疑似重复 page, so confirmed-distinct pairs are not flagged here either
  const flagged = useLiveQuery(async () => duplicateFlaggedIds(actor, term), [actor, term]);
  const duplicates = useMemo(() => flagged ?? new Set<string>(), [flagged]);
  const shown = useMemo(
    () => applyFilter(rows ?? [], deferred, (id) => unitById.get(id)?.path ?? '', duplicates),
    [rows, deferred, unitById, duplicates],
  );

  const role = actor.role;
  const canFinal = role === 'admin1' || role === 'national';

  async function runBatch(decision: 'preApprove' | 'approve' | 'return') {
    setProblems([]);
    if (decision === 'return' && !comment.trim()) return setProblems(['批量退回时必须填写反馈意见']);
    cancel.cancelled = false;
    const ids = [...selected];
    const r = await batchReview(actor, ids, decision, comment, (done, total) => setProgress(`正在处理 ${done} / ${total}`), cancel);
    setProgress(null);
    setResults(r);
    setSelected(new Set());
  }

  const columns: Column<CollectiveRow>[] = [
    {
      key: 'sel',
      header: '选择',
      width: '48px',
      render: (r) => (
        <input
          type="checkbox"
          aria-label={`选择 ${r.name}`}
          checked={selected.has(r.id)}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => {
            const next = new Set(selected);
            if (e.target.checked) next.add(r.id);
            else next.delete(r.id);
            setSelected(next);
          }}
        />
      ),
    },
    { key: 'code', header: '编码', width: '120px', render: (r) => <span className="mono">{r.code}</span> },
    {
      key: 'name',
      header: '规范名称',
      rowHeader: true,
      render: (r) => (
        <>
          {r.name}
          {r.formerNames.length > 0 && <span className="muted">（曾用名：{r.formerNames.join('、')}）</span>}
          {duplicates.has(r.id) && <span className="badge warn">疑似重复</span>}
        </>
      ),
    },
    { key: 'unit', header: '归口单位', width: '140px', render: (r) => unitById.get(r.unitId)?.name ?? '' },
    { key: 'type', header: '类型', width: '110px', render: (r) => r.type },
    { key: 'status', header: '状态', width: '150px', render: (r) => STATUS_LABEL[r.status] },
    { key: 'filed', header: '报备时间', width: '110px', render: (r) => (r.filedAt ? r.filedAt.slice(0, 10) : '—') },
  ];

  return (
    <section aria-labelledby="cl-title">
      <h1 id="cl-title">集体管理</h1>
      <div className="toolbar">
        <Field label="搜索（名称、曾用名称、编码、拼音首字母）" value={filter.query} onChange={(e) => setFilter({ ...filter, query: e.target.value })} />
        <SelectField label="状态" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
          <option value="">全部</option>
          {(Object.keys(STATUS_LABEL) as CollectiveStatus[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </SelectField>
        <SelectField label="单位" value={filter.unitPath} onChange={(e) => setFilter({ ...filter, unitPath: e.target.value })}>
          <option value="">全部</option>
          {units
            .filter((u) => u.channel !== 'national')
            .map((u) => (
              <option key={u.id} value={u.path}>
                {'　'.repeat(Math.max(0, u.depth - 1))}
                {u.name}
              </option>
            ))}
        </SelectField>
        <SelectField label="类型" value={filter.type} onChange={(e) => setFilter({ ...filter, type: e.target.value })}>
          <option value="">全部</option>
          {COLLECTIVE_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </SelectField>
        <SelectField label="荣誉" value={filter.honours} onChange={(e) => setFilter({ ...filter, honours: e.target.value as ListFilter['honours'] })}>
          <option value="">全部</option>
          <option value="national">往届全国青年文明号</option>
          <option value="provincial">省级青年文明号</option>
          <option value="none">未填写荣誉</option>
        </SelectField>
        <label className="check">
          <input type="checkbox" checked={filter.duplicatesOnly} onChange={(e) => setFilter({ ...filter, duplicatesOnly: e.target.checked })} /> 只看疑似重复
        </label>
      </div>
      <p className="muted" role="status" aria-label="列表计数">
        共 {shown.length} 个集体{rows && shown.length !== rows.length ? `（全部 ${rows.length} 个）` : ''}，已选 {selected.size} 个
      </p>
      {selected.size > 0 && (
        <div className="toolbar batch" aria-label="批量审核">
          <Field label="审核意见（退回时必填）" value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="button" onClick={() => void runBatch('preApprove')}>
            批量初审通过
          </button>
          {canFinal && (
            <button type="button" className="primary" onClick={() => void runBatch('approve')}>
              批量确定为创建集体
            </button>
          )}
          <button type="button" onClick={() => void runBatch('return')}>
            批量退回
          </button>
          {progress && (
            <>
              <span role="status">{progress}</span>
              <button type="button" onClick={() => (cancel.cancelled = true)}>
                取消
              </button>
            </>
          )}
        </div>
      )}
      <ErrorList problems={problems} />
      {results && (
        <div className="alert alert-ok" role="status" aria-label="批量审核结果">
          批量审核完成：成功 {results.filter((r) => r.ok).length} 个，未处理 {results.filter((r) => !r.ok).length} 个。
          <ul>
            {results
              .filter((r) => !r.ok)
              .map((r) => (
                <li key={r.id}>
                  {r.name}：{r.message}
                </li>
              ))}
          </ul>
          <button type="button" className="link" onClick={() => setResults(null)}>
            关闭
          </button>
        </div>
      )}
      {rows === undefined ? (
        <p className="muted">正在读取…</p>
      ) : (
        <VirtualTable label="集体列表" rows={shown} columns={columns} rowKey={(r) => r.id} onRowClick={(r) => setOpenId(r.id)} selectedKey={openId} height={420} />
      )}
      {openId && <CollectiveDetail key={openId} id={openId} onClose={() => setOpenId(null)} />}
      {canFinal && <TransferForm />}
    </section>
  );
}
