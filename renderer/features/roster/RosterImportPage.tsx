import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ROSTER_FIELDS, fieldLabel, type RosterField } from '../../../shared/roster/fields';
import type { RosterParseOptions, RosterParseResult } from '../../../shared/roster/parse';
import { JobCancelled, type JobHandle } from '../ledger/ledgerClient';
import { readRosterInWorker } from './rosterParse';
import { rosterTemplate } from '../../../shared/roster/template';
import {
  importRoster,
  previewRosterImport,
  RosterImportCancelled,
  type RosterImportProgress,
  type RosterPreview,
  type RosterPreviewRow,
  type RosterRowKind,
} from '../../db/repos/roster';
import { platform } from '../../platform';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { codesWorkbook } from './codesSheet';
import { rosterTargetUnits } from './queries';
import { useRosterCodes } from './store';

const EXCEL = [{ name: 'Excel 工作簿', extensions: ['xlsx', 'xls'] }];
const KIND_LABEL: Record<RosterRowKind, string> = { create: '新增', update: '更新', unchanged: '无变化', error: '有错误，不导入' };
/** rows drawn at once; a 20,000-row roster is filtered, not painted whole */
const MAX_SHOWN = 300;

interface PickedRoster {
  name: string;
  data: Uint8Array;
}

interface ColumnChoice {
  column: string;
  header: string;
  field: RosterField | '';
}

const colIndex = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** The current column → field table, mapped and unmapped columns in sheet order. */
function columnsOf(parsed: RosterParseResult): ColumnChoice[] {
  const list: ColumnChoice[] = [
    ...parsed.mapping.map((m) => ({ column: m.column, header: m.header, field: m.field as RosterField | '' })),
    ...parsed.unmappedHeaders.map((h) => ({ column: h.column, header: h.header, field: '' as const })),
  ];
  return list.sort((a, b) => colIndex(a.column) - colIndex(b.column));
}

function issueText(e: { column: string; field: string; message: string }): string {
  const where = `${e.column ? `${e.column} 列` : ''}${e.field ? `（${e.field}）` : ''}`;
  return where ? `${where}：${e.message}` : e.message;
}

export function RosterImportPage() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const actor = session.actor;
  const units = useLiveQuery(async () => rosterTargetUnits(actor), [actor]) ?? [];
  const [unitId, setUnitId] = useState(actor.role === 'national' ? '' : actor.unitId);
  const [file, setFile] = useState<PickedRoster | null>(null);
  const [options, setOptions] = useState<RosterParseOptions>({});
  const [parsed, setParsed] = useState<RosterParseResult | null>(null);
  const [reading, setReading] = useState(false);
  const [preview, setPreview] = useState<RosterPreview | null>(null);
  const [headerRowInput, setHeaderRowInput] = useState('');
  const [filter, setFilter] = useState<RosterRowKind | ''>('');
  const [acceptValidOnly, setAcceptValidOnly] = useState(false);
  const [progress, setProgress] = useState<RosterImportProgress | null>(null);
  const signal = useRef<{ cancelled: boolean } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const { slips, add, clear } = useRosterCodes();

  // The workbook is read in a worker (rosterParse.ts): the page stays responsive, and 取消读取
  // stops a long read at once. A new file or new options replace the read in progress.
  const readJob = useRef<JobHandle<RosterParseResult> | null>(null);
  useEffect(() => {
    if (!file) {
      setReading(false);
      return setParsed(null);
    }
    setReading(true);
    const job = readRosterInWorker(file.data, options);
    readJob.current = job;
    let current = true;
    job.result.then(
      (result) => {
        if (!current) return;
        setParsed(result);
        setHeaderRowInput(result.headerRow > 0 ? String(result.headerRow) : '');
        setReading(false);
      },
      (e: Error) => {
        if (!current) return;
        setReading(false);
        if (!(e instanceof JobCancelled)) setProblems([e.message]);
      },
    );
    return () => {
      current = false;
      job.cancel();
    };
  }, [file, options]);

  function cancelReading() {
    readJob.current?.cancel();
    setFile(null);
    setMessage('已取消读取名单文件，未导入任何数据。');
  }

  useEffect(() => {
    setPreview(null);
    setAcceptValidOnly(false);
    if (!parsed || parsed.fatal !== undefined || parsed.rows.length === 0 || !unitId) return;
    let stale = false;
    previewRosterImport(actor, parsed, unitId).then(
      (p) => !stale && setPreview(p),
      (e: Error) => !stale && setProblems([e.message]),
    );
    return () => {
      stale = true;
    };
  }, [actor, parsed, unitId]);

  const columns = useMemo(() => (parsed ? columnsOf(parsed) : []), [parsed]);
  const shownRows = useMemo(() => (preview ? preview.rows.filter((r) => !filter || r.kind === filter) : []), [preview, filter]);

  async function downloadTemplate() {
    const saved = await platform.saveFile('集体名单导入模板.xlsx', rosterTemplate(), [{ name: 'Excel 工作簿', extensions: ['xlsx'] }]);
    if (saved) setMessage('已下载导入模板。请在“集体名单”工作表中逐行填写，“说明”工作表列出了每一列的填写要求。');
  }

  async function pickFile() {
    setProblems([]);
    setMessage(null);
    const [picked] = await platform.openFiles(EXCEL, false);
    if (!picked) return;
    setOptions({});
    setFilter('');
    setFile({ name: picked.name, data: picked.data });
  }

  function chooseField(column: string, field: RosterField | '') {
    const assigned = new Map(columns.map((c) => [c.column, c.field]));
    // one column feeds one field: the field leaves the column it was on
    if (field) for (const [col, f] of assigned) if (f === field) assigned.set(col, '');
    assigned.set(column, field);
    const mapping: Partial<Record<RosterField, string>> = {};
    for (const spec of ROSTER_FIELDS) mapping[spec.field] = [...assigned].find(([, f]) => f === spec.field)?.[0] ?? '';
    setOptions({ sheetName: parsed?.sheetName || undefined, headerRow: parsed?.headerRow || undefined, mapping });
  }

  function applyHeaderRow() {
    const n = Number(headerRowInput);
    if (!Number.isInteger(n) || n < 1) return setProblems(['表头所在行应为正整数，例如 2']);
    setProblems([]);
    setOptions({ sheetName: parsed?.sheetName || undefined, headerRow: n });
  }

  async function runImport() {
    if (!parsed || !preview) return;
    setProblems([]);
    setMessage(null);
    const s = { cancelled: false };
    signal.current = s;
    setProgress({ phase: 'passwords', done: 0, total: preview.counts.create });
    try {
      const r = await importRoster(actor, parsed, unitId, term, { acceptValidOnly, onProgress: setProgress, signal: s });
      const at = new Date().toLocaleString('zh-CN');
      add(r.created.map((c) => ({ ...c, importedAt: at })));
      setMessage(
        `导入完成：新增 ${r.created.length} 个集体，更新 ${r.updated} 个，无变化 ${r.unchanged} 个` +
          (r.skipped.length ? `；有错误未导入 ${r.skipped.length} 行（第 ${r.skipped.join('、')} 行）` : '') +
          '。',
      );
      setFile(null);
    } catch (e) {
      setProblems([e instanceof RosterImportCancelled ? e.message : `导入未完成，未写入任何数据：${(e as Error).message}`]);
    } finally {
      signal.current = null;
      setProgress(null);
    }
  }

  async function exportCodes() {
    const saved = await platform.saveFile(`集体编码和一次性密码-${new Date().toISOString().slice(0, 10)}.xlsx`, codesWorkbook(slips), [
      { name: 'Excel 工作簿', extensions: ['xlsx'] },
    ]);
    if (saved) setMessage('编码和一次性密码已导出。其中含一次性密码，分发后请删除该文件。');
  }

  const counts = preview?.counts;
  const importable = counts ? counts.create + counts.update : 0;
  const canImport = !!preview && !progress && importable > 0 && (counts!.error === 0 || acceptValidOnly);

  return (
    <section aria-labelledby="roster-title">
      <h1 id="roster-title">名单导入</h1>
      <p className="muted">
        从 Excel 集体名单批量派发编码：自动识别标题行下的表头和常见列名，逐行检查后一次性写入——要么全部写入，要么一行也不写。重复导入同一文件不会产生重复集体（有编码的按编码、否则按规范名称更新）。
      </p>
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}

      <div className="panels">
        <div className="panel">
          <h2>第一步：准备名单</h2>
          <p className="muted">下载模板按列填写；已有名单也可直接导入，列名不同的可在预览时调整对应关系。</p>
          <div className="actions">
            <button type="button" onClick={() => void downloadTemplate()}>
              下载导入模板
            </button>
          </div>
        </div>
        <div className="panel">
          <h2>第二步：选择名单文件</h2>
          <SelectField label="导入到单位" value={unitId} onChange={(e) => setUnitId(e.target.value)} disabled={!!progress}>
            {actor.role === 'national' && <option value="">请选择…</option>}
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {'　'.repeat(Math.max(0, u.depth - 1))}
                {u.name}
              </option>
            ))}
          </SelectField>
          <p className="field-hint">“所属单位”一栏与某个下级单位名称相同的行，归口到该下级单位。</p>
          <div className="actions spread">
            <span className="muted">{file ? `已选择：${file.name}` : '尚未选择文件'}</span>
            <button type="button" className="primary" onClick={() => void pickFile()} disabled={!!progress}>
              选择名单文件
            </button>
          </div>
        </div>
      </div>

      {reading && (
        <p className="muted">
          正在读取名单文件“{file?.name}”…{' '}
          <button type="button" onClick={cancelReading}>
            取消读取
          </button>
        </p>
      )}

      {parsed && !reading && (
        <section className="panel" aria-labelledby="roster-map-title">
          <h2 id="roster-map-title">表头与列对应</h2>
          {parsed.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          {parsed.fatal !== undefined && (
            <div role="alert" className="alert alert-error">
              无法导入：{parsed.fatal}
            </div>
          )}
          {parsed.headerRow > 0 && (
            <p>
              工作表“{parsed.sheetName}”，表头在第 {parsed.headerRow} 行{parsed.headerRows === 2 ? `—第 ${parsed.headerRow + 1} 行（两行表头）` : ''}，共 {parsed.rows.length} 行数据。
            </p>
          )}
          <div className="toolbar">
            {parsed.sheetNames.length > 1 && (
              <SelectField label="工作表" value={parsed.sheetName} onChange={(e) => setOptions({ sheetName: e.target.value })}>
                {parsed.sheetNames.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </SelectField>
            )}
            <Field label="表头所在行" type="number" min={1} value={headerRowInput} onChange={(e) => setHeaderRowInput(e.target.value)} className="roster-narrow-input" />
            <button type="button" onClick={applyHeaderRow}>
              按此行识别表头
            </button>
            {(options.headerRow !== undefined || options.mapping !== undefined) && (
              <button type="button" onClick={() => setOptions({ sheetName: options.sheetName })}>
                恢复自动识别（表头和列对应）
              </button>
            )}
          </div>
          {columns.length > 0 && (
            <table className="grid roster-mapping" aria-label="列对应">
              <thead>
                <tr>
                  <th scope="col">列</th>
                  <th scope="col">文件中的表头</th>
                  <th scope="col">导入为</th>
                </tr>
              </thead>
              <tbody>
                {columns.map((c) => (
                  <tr key={c.column}>
                    <td className="mono">{c.column}</td>
                    <th scope="row">{c.header}</th>
                    <td>
                      <select
                        aria-label={`${c.column} 列“${c.header}”导入为`}
                        value={c.field}
                        onChange={(e) => chooseField(c.column, e.target.value as RosterField | '')}
                        disabled={!!progress}
                      >
                        <option value="">不导入</option>
                        {ROSTER_FIELDS.map((f) => (
                          <option key={f.field} value={f.field}>
                            {f.label}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {parsed.fatal === undefined && (
            <p className="muted">
              未找到的列（不导入）：
              {ROSTER_FIELDS.filter((f) => !parsed.mapping.some((m) => m.field === f.field))
                .map((f) => fieldLabel(f.field))
                .join('、') || '无'}
            </p>
          )}
        </section>
      )}

      {parsed && !reading && parsed.fatal === undefined && !unitId && <p className="alert alert-warn">请先选择“导入到单位”。</p>}

      {preview && counts && !reading && (
        <section className="panel" aria-labelledby="roster-preview-title">
          <h2 id="roster-preview-title">导入预览（工作表“{preview.sheetName}”，导入到{preview.targetUnitName}）</h2>
          <dl className="stats roster-stats" aria-label="预览统计">
            <div>
              <dt>新增</dt>
              <dd>{counts.create}</dd>
            </div>
            <div>
              <dt>更新</dt>
              <dd>{counts.update}</dd>
            </div>
            <div>
              <dt>无变化</dt>
              <dd>{counts.unchanged}</dd>
            </div>
            <div className={counts.error ? 'roster-stat-error' : undefined}>
              <dt>有错误</dt>
              <dd>{counts.error}</dd>
            </div>
          </dl>
          <div className="toolbar">
            <SelectField label="显示" value={filter} onChange={(e) => setFilter(e.target.value as RosterRowKind | '')}>
              <option value="">全部行</option>
              <option value="error">有错误的行</option>
              <option value="create">新增</option>
              <option value="update">更新</option>
              <option value="unchanged">无变化</option>
            </SelectField>
            {shownRows.length > MAX_SHOWN && <span className="muted">共 {shownRows.length} 行，仅显示前 {MAX_SHOWN} 行，请用“显示”筛选。</span>}
          </div>
          <table className="grid roster-preview" aria-label="逐行预览">
            <thead>
              <tr>
                <th scope="col">行号</th>
                <th scope="col">集体名称</th>
                <th scope="col">处理结果</th>
                <th scope="col">归口单位</th>
                <th scope="col">用户名（编码）</th>
                <th scope="col">错误和提示</th>
              </tr>
            </thead>
            <tbody>
              {shownRows.slice(0, MAX_SHOWN).map((r) => (
                <PreviewRow key={r.rowNumber} row={r} />
              ))}
            </tbody>
          </table>

          <div className="roster-confirm">
            {counts.error > 0 && importable > 0 && (
              <label className="roster-check">
                <input type="checkbox" checked={acceptValidOnly} onChange={(e) => setAcceptValidOnly(e.target.checked)} disabled={!!progress} />
                只导入无误的 {importable} 行，有错误的 {counts.error} 行不导入
              </label>
            )}
            {importable === 0 && <p className="muted">没有需要写入的行{counts.unchanged ? '：名单与已有记录一致' : ''}。</p>}
            <div className="actions">
              <button type="button" className="primary" disabled={!canImport} onClick={() => void runImport()}>
                确认导入
              </button>
            </div>
          </div>
        </section>
      )}

      {progress && (
        <section className="panel" aria-label="导入进度">
          <p>{progress.phase === 'passwords' ? `正在生成一次性密码：${progress.done} / ${progress.total}` : progress.phase === 'writing' ? `正在写入：${progress.done} / ${progress.total}` : '正在完成…'}</p>
          <div className="progress" role="progressbar" aria-label="导入进度" aria-valuemin={0} aria-valuemax={progress.total || 1} aria-valuenow={progress.done}>
            <span style={{ width: `${progress.total ? Math.round((progress.done / progress.total) * 100) : 0}%` }} />
          </div>
          <div className="actions">
            <button
              type="button"
              disabled={progress.phase !== 'passwords'}
              onClick={() => {
                if (signal.current) signal.current.cancelled = true;
              }}
            >
              取消导入
            </button>
          </div>
        </section>
      )}

      {slips.length > 0 && (
        <section className="panel otp" aria-labelledby="roster-otp-title">
          <h2 id="roster-otp-title">新集体的编码和一次性密码（仅显示这一次）</h2>
          <table className="grid" aria-label="新集体的编码和一次性密码">
            <thead>
              <tr>
                <th scope="col">用户名（编码）</th>
                <th scope="col">集体名称</th>
                <th scope="col">归口单位</th>
                <th scope="col">一次性密码</th>
              </tr>
            </thead>
            <tbody>
              {slips.map((s) => (
                <tr key={s.code}>
                  <td className="mono">{s.code}</td>
                  <th scope="row">{s.name}</th>
                  <td>{s.unitName}</td>
                  <td className="mono">{s.oneTimePassword}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">一次性密码不会保存在系统中。请导出后交给各集体；对方首次登录必须设置新密码。</p>
          <div className="actions">
            <button type="button" onClick={() => void exportCodes()}>
              导出编码和一次性密码（Excel）
            </button>
            <button type="button" onClick={clear}>
              已分发，清除显示
            </button>
          </div>
        </section>
      )}
    </section>
  );
}

function PreviewRow({ row }: { row: RosterPreviewRow }) {
  const notes = [...row.errors.map((e) => ({ kind: 'error' as const, text: issueText(e) })), ...row.warnings.map((w) => ({ kind: 'warn' as const, text: issueText(w) }))];
  if (row.kind === 'update' && row.changes.length) notes.push({ kind: 'warn', text: `将更新：${row.changes.join('、')}` });
  return (
    <tr className={row.kind === 'error' ? 'roster-row-error' : row.warnings.length ? 'row-warn' : undefined}>
      <td className="num">{row.rowNumber}</td>
      <th scope="row">{row.name || '（空）'}</th>
      <td>{KIND_LABEL[row.kind]}</td>
      <td>{row.unitName}</td>
      <td className="mono">{row.code}</td>
      <td>
        {notes.length > 0 && (
          <ul className="roster-notes">
            {notes.map((n, i) => (
              <li key={i} className={n.kind === 'error' ? 'roster-note-error' : 'roster-note-warn'}>
                {n.text}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
