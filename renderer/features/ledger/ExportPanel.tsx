import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { countReportChars } from '../../../shared/text/charCount';
import { ledgerDbName, recordLedgerExport } from '../../db/repos/ledger';
import { platform } from '../../platform';
import { ErrorList, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { JobProgress } from './JobProgress';
import { exportScopes, ledgerTerms, reportOf } from './queries';
import { useLedgerJob } from './useLedgerJob';

const XLSX_FILTER = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];

/** Export the standard ledger of a scope the account may see and a term. */
export function ExportPanel() {
  const session = useSession((s) => s.session)!;
  const sessionTerm = useSession((s) => s.term);
  const actor = session.actor;
  const scopes = useLiveQuery(() => exportScopes(actor), [actor]) ?? [];
  const terms = useLiveQuery(ledgerTerms, []) ?? [];
  const [unitId, setUnitId] = useState(actor.unitId);
  const [term, setTerm] = useState(sessionTerm);
  useEffect(() => setTerm(sessionTerm), [sessionTerm]);
  const report = useLiveQuery(() => reportOf(actor, unitId, term), [actor, unitId, term]);
  const [withReport, setWithReport] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const job = useLedgerJob();
  const topDepth = scopes[0]?.depth ?? 0;

  async function exportLedger(e: FormEvent) {
    e.preventDefault();
    setProblems([]);
    setDone(null);
    try {
      // the worker reads the database, builds and writes the workbook (jobs.ts)
      const appVersion = await platform.appVersion();
      const r = await job.run(async () => ({ kind: 'exportFromDb', dbName: ledgerDbName(), actor, unitId, term, includeReport: withReport && !!report, appVersion }));
      if (!r) {
        setDone('已取消导出，未生成文件。');
        return;
      }
      if (r.kind !== 'export') return;
      const saved = await platform.saveFile(r.fileName, r.bytes, XLSX_FILTER);
      if (!saved) {
        setDone('未保存：已取消选择保存位置。');
        return;
      }
      const counts = Object.entries(r.counts)
        .map(([sheet, n]) => `${sheet} ${n} 行`)
        .join('，');
      await recordLedgerExport(actor, unitId, `导出工作台账：${r.unitName}，${r.termLabel}；${counts}；校验值 ${r.checksum}`);
      setDone(`已导出工作台账“${r.fileName}”：${counts}。校验值 ${r.checksum.slice(0, 16)}…`);
    } catch (err) {
      setProblems([err instanceof Error ? err.message : String(err)]);
    }
  }

  return (
    <form className="panel ledger-panel" onSubmit={exportLedger} aria-labelledby="ledger-export-title">
      <h2 id="ledger-export-title">导出工作台账</h2>
      <p className="muted">
        按统一格式（YCA-LEDGER 第 1 版）导出所选单位及其全部下级单位本届次的台账：创建集体名单、网络创建完成情况、五个一工作台账、考评自评表、变更与退出记录、社会评价与投诉，以及说明和元数据（含校验值）。
      </p>
      <div className="ledger-options">
        <SelectField label="导出范围" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          {scopes.map((u) => (
            <option key={u.id} value={u.id}>
              {'　'.repeat(Math.max(0, u.depth - topDepth))}
              {u.channel === 'national' ? '全国（全部单位）' : `${u.name}（${u.code}）`}
            </option>
          ))}
        </SelectField>
        <SelectField label="届次" value={term} onChange={(e) => setTerm(e.target.value)}>
          {terms.map((t) => (
            <option key={t.code} value={t.code}>
              {t.label}
            </option>
          ))}
        </SelectField>
      </div>
      <label className="ledger-check">
        <input type="checkbox" checked={withReport && !!report} disabled={!report} onChange={(e) => setWithReport(e.target.checked)} />
        附上情况报告（作为“情况报告”工作表）
      </label>
      <div className="field-hint">
        {report ? `该单位本届次的情况报告已填写，共 ${countReportChars(report.text)} 字。` : '该单位尚未填写本届次的情况报告，不能附上。'}
      </div>
      <ErrorList problems={problems} />
      {done && (
        <p className="alert alert-ok" role="status">
          {done}
        </p>
      )}
      <JobProgress progress={job.progress} onCancel={job.cancel} />
      <div className="actions">
        <button type="submit" className="primary" disabled={job.running || !unitId || !term}>
          导出工作台账（Excel）
        </button>
      </div>
    </form>
  );
}
