import { useRef, useState } from 'react';
import {
  columnHeader,
  evaluationTemplate,
  EVALUATION_SOURCE_LABEL,
  parseEvaluationWorkbook,
  type EvaluationImportPlan,
  type EvaluationParseResult,
} from '../../../shared/evaluations';
import { commitImport, planImport } from '../../db/repos/evaluations';
import { platform } from '../../platform';
import { ErrorList } from '../../ui/Field';
import { FilePicker } from '../logs/FilePicker';
import { useSession } from '../session/store';

type Stage =
  | { kind: 'idle' }
  | { kind: 'reading'; name: string }
  | { kind: 'preview'; name: string; parsed: EvaluationParseResult; plan: EvaluationImportPlan }
  | { kind: 'writing'; name: string };

/** Import evaluations from a spreadsheet: read → check every row → preview → write all or nothing. */
export function EvaluationImport({ onDone }: { onDone(message: string): void }) {
  const { session, term } = useSession();
  const actor = session!.actor;
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [problems, setProblems] = useState<string[]>([]);
  const run = useRef(0);

  async function pick(files: FileList | null) {
    const file = files?.[0];
    if (!file) return;
    const id = ++run.current;
    setProblems([]);
    setStage({ kind: 'reading', name: file.name });
    try {
      if (file.size > 50 * 1024 * 1024) throw new Error(`“${file.name}”超过 50 MB，不像是社会评价表格，请检查文件。`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      // let the "reading" state (and its cancel button) paint before the synchronous parse
      await new Promise((r) => setTimeout(r, 0));
      if (id !== run.current) return;
      const parsed = parseEvaluationWorkbook(bytes);
      if (parsed.fatal) throw new Error(parsed.fatal);
      const plan = await planImport(actor, parsed);
      if (id !== run.current) return;
      setStage({ kind: 'preview', name: file.name, parsed, plan });
    } catch (e) {
      if (id !== run.current) return;
      setProblems([(e as Error).message]);
      setStage({ kind: 'idle' });
    }
  }

  function cancel() {
    run.current++;
    setStage({ kind: 'idle' });
    setProblems([]);
  }

  async function commit() {
    if (stage.kind !== 'preview') return;
    const { plan, name } = stage;
    setStage({ kind: 'writing', name });
    try {
      const r = await commitImport(actor, plan, term, name);
      setStage({ kind: 'idle' });
      onDone(`已从“${name}”导入社会评价 ${r.written} 条${r.skipped ? `，${r.skipped} 条与已有记录相同，已跳过` : ''}。`);
    } catch (e) {
      setProblems([(e as Error).message]);
      setStage({ kind: 'idle' });
    }
  }

  async function template() {
    await platform.saveFile('社会评价导入模板.xlsx', evaluationTemplate(), [{ name: 'Excel 工作簿', extensions: ['xlsx'] }]);
  }

  return (
    <section className={`panel${stage.kind === 'preview' ? ' evaluations-import-wide' : ''}`} aria-labelledby="eval-import-title">
      <h2 id="eval-import-title">从表格导入社会评价</h2>
      <p className="muted">先预览并逐行检查；任何一行有错误时不导入任何数据。重复导入同一文件不会产生重复记录。</p>
      <ErrorList problems={problems} />
      {stage.kind === 'idle' && (
        <div className="toolbar">
          <FilePicker
            label="选择评价表格（.xlsx / .xls）"
            accept=".xlsx,.xls,.ods,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel"
            onChange={(e) => {
              const input = e.currentTarget;
              void pick(input.files).then(() => (input.value = ''));
            }}
          />
          <button type="button" onClick={() => void template()}>
            下载导入模板
          </button>
        </div>
      )}
      {(stage.kind === 'reading' || stage.kind === 'writing') && (
        <div className="logs-progress" role="status">
          {stage.kind === 'reading' ? `正在读取并检查“${stage.name}”…` : `正在写入“${stage.name}”…`}
          <progress aria-label="导入进度" />
          {stage.kind === 'reading' && (
            <button type="button" onClick={cancel}>
              取消导入
            </button>
          )}
        </div>
      )}
      {stage.kind === 'preview' && <Preview stage={stage} onCommit={() => void commit()} onCancel={cancel} />}
    </section>
  );
}

function Preview({ stage, onCommit, onCancel }: { stage: Extract<Stage, { kind: 'preview' }>; onCommit(): void; onCancel(): void }) {
  const { parsed, plan } = stage;
  const issues = new Map(plan.problems.map((p) => [p.rowNumber, p.issues]));
  const skipped = new Set(plan.skipped.map((s) => s.rowNumber));
  return (
    <>
      <p role="status">
        “{stage.name}”：工作表“{parsed.sheetName}”，表头在第 {parsed.headerRow} 行，共 {parsed.rows.length} 行；
        {plan.valid ? `可导入 ${plan.create.length} 条${plan.skipped.length ? `，${plan.skipped.length} 条已导入过（跳过）` : ''}。` : `${plan.problems.length} 行有错误，请修改文件后重新导入。`}
      </p>
      {parsed.notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
      {parsed.unmappedHeaders.length > 0 && <p className="muted">未识别、不导入的列：{parsed.unmappedHeaders.map((h) => `${h.column}列“${h.header}”`).join('、')}</p>}
      <div className="evaluations-preview">
        <table className="grid" aria-label="导入预览">
          <thead>
            <tr>
              <th scope="col">行号</th>
              <th scope="col">{columnHeader('collective')}</th>
              <th scope="col">来源</th>
              <th scope="col">评分</th>
              <th scope="col">日期</th>
              <th scope="col">投诉</th>
              <th scope="col">检查结果</th>
            </tr>
          </thead>
          <tbody>
            {parsed.rows.slice(0, 500).map((r) => {
              const list = issues.get(r.rowNumber) ?? [];
              return (
                <tr key={r.rowNumber} className={list.length ? 'row-warn' : undefined}>
                  <th scope="row">{r.rowNumber}</th>
                  <td>{r.values.collective || r.values.code}</td>
                  <td>{r.parsed.source ? EVALUATION_SOURCE_LABEL[r.parsed.source] : r.values.source}</td>
                  <td className="num">{r.parsed.rating ?? r.values.rating}</td>
                  <td>{r.parsed.date ?? r.values.date}</td>
                  <td>{r.parsed.complaint === null ? r.values.complaint : r.parsed.complaint ? '是' : '否'}</td>
                  <td>
                    {list.length ? (
                      <ul className="evaluations-issues">
                        {[...list].sort((a, b) => a.column.length - b.column.length || a.column.localeCompare(b.column)).map((i, k) => (
                          <li key={k}>
                            {i.column ? `${i.column}列：` : ''}
                            {i.message}
                          </li>
                        ))}
                      </ul>
                    ) : skipped.has(r.rowNumber) ? (
                      '已导入过，跳过'
                    ) : (
                      '可导入'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {parsed.rows.length > 500 && <p className="muted">仅显示前 500 行；错误行共 {plan.problems.length} 行（行号：{plan.problems.slice(0, 50).map((p) => p.rowNumber).join('、')}{plan.problems.length > 50 ? ' 等' : ''}）。</p>}
      </div>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          放弃本次导入
        </button>
        <button type="button" className="primary" disabled={!plan.valid || plan.create.length === 0} onClick={onCommit}>
          {plan.valid ? `确认导入 ${plan.create.length} 条` : '确认导入（请先修改文件中的错误）'}
        </button>
      </div>
    </>
  );
}
