import { useState } from 'react';
import { platform } from '../../platform';
import { ErrorList } from '../../ui/Field';
import { IssueTable } from './IssueTable';
import { JobProgress } from './JobProgress';
import type { FileCheck } from './jobs';
import { useLedgerJob } from './useLedgerJob';

const XLSX_FILTER = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];

/** Strict validation of ledger files (nothing is imported into the database). */
export function ValidatePanel() {
  const job = useLedgerJob();
  const [results, setResults] = useState<FileCheck[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  async function pickAndValidate() {
    setProblems([]);
    const files = await platform.openFiles(XLSX_FILTER, true);
    if (files.length === 0) return;
    setResults(null);
    try {
      const r = await job.run(async () => ({ kind: 'validate', files }), '准备校验');
      if (r?.kind === 'validate') setResults(r.files);
    } catch (err) {
      setProblems([err instanceof Error ? err.message : String(err)]);
    }
  }

  return (
    <section className="panel ledger-panel" aria-labelledby="ledger-validate-title">
      <h2 id="ledger-validate-title">导入校验</h2>
      <p className="muted">
        选择一个或多个工作台账文件，按台账格式逐表、逐行、逐列严格校验，列出全部问题（工作表、行、列、问题）。校验不会改动本机数据。校验值不一致说明台账导出后被修改过，只作提示。
      </p>
      <ErrorList problems={problems} />
      <JobProgress progress={job.progress} onCancel={job.cancel} />
      <div className="actions">
        <button type="button" className="primary" onClick={pickAndValidate} disabled={job.running}>
          选择台账文件并校验…
        </button>
      </div>
      {results?.map((f) => (
        <article key={f.name} className="ledger-file" aria-label={`校验结果：${f.name}`}>
          <h3>
            {f.name}
            <span className={f.ok ? 'badge ledger-ok' : 'badge ledger-bad'}>{f.ok ? '有效' : `无效：${f.errors.length + f.omittedErrors} 处错误`}</span>
            {f.warnings.length > 0 && <span className="badge warn">{f.warnings.length} 条提示</span>}
          </h3>
          {f.version !== null && (
            <p className="muted">
              格式第 {f.version} 版 · {f.meta.unitName ?? '—'}（{f.meta.unitCode ?? '—'}）· 届次 {f.meta.term ?? '—'} · 导出时间 {f.meta.exportedAt ?? '—'} · 校验值
              {f.checksumMatches === null ? '未核对' : f.checksumMatches ? '一致' : '不一致'}
            </p>
          )}
          {f.ok && (
            <p className="muted">
              {Object.entries(f.counts)
                .map(([sheet, n]) => `${sheet} ${n} 行`)
                .join('，')}
            </p>
          )}
          <IssueTable caption={`问题列表：${f.name}`} errors={f.errors} warnings={f.warnings} omitted={f.omittedErrors} />
        </article>
      ))}
    </section>
  );
}
