import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { findPlaceholders } from '../../../shared/assessment/reportTemplate';
import { countReportChars, REPORT_LIMIT } from '../../../shared/text/charCount';
import { exportSelfReport, saveSelfReport, selfReportTemplate } from '../../db/repos/selfReport';
import type { Actor } from '../../db/write';
import { platform } from '../../platform';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { TextArea } from '../work/TextArea';
import { reportQuery, reportUnits } from './queries';
import { useReportView } from './store';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** 情况报告: the self-inspection report with a template, a live count and Word export. */
export function ReportPage() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const actor = session.actor;
  const units = useLiveQuery(async () => reportUnits(actor).catch(() => []), [actor]) ?? [];
  const chosen = useReportView((s) => (s.chosenBy === actor.accountId ? s.unitId : ''));
  const choose = useReportView((s) => s.choose);
  const unitId = chosen || (actor.role === 'national' ? (units[0]?.id ?? '') : actor.unitId);
  return (
    <section aria-labelledby="report-title">
      <h1 id="report-title">情况报告</h1>
      <p className="muted">
        按附件3第一条第3款，各单位在考评前自查并提交创建工作情况报告（2000字以内）。模板按考评的五个方面分节，并已填入本单位的统计数字；【请补充：…】处请改写为本单位的情况。
      </p>
      {units.length > 1 && (
        <div className="toolbar">
          <SelectField label="单位" value={unitId} onChange={(e) => choose(actor.accountId, e.target.value)}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </SelectField>
        </div>
      )}
      {unitId && <Editor key={`${unitId}-${term}`} actor={actor} unitId={unitId} term={term} />}
    </section>
  );
}

function Editor({ actor, unitId, term }: { actor: Actor; unitId: string; term: string }) {
  const data = useLiveQuery(async () => reportQuery(actor, unitId, term).catch((e: Error) => e), [actor, unitId, term]);
  const [text, setText] = useState<string | null>(null);
  const [date, setDate] = useState(today());
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [confirmTemplate, setConfirmTemplate] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  if (data === undefined) return <p className="muted">正在读取…</p>;
  if (data instanceof Error) return <ErrorList problems={[data.message]} />;
  const stored = data.report?.text ?? '';
  // The stored text seeds the editor once; later live updates (our own saves) must not overwrite typing.
  const current = text ?? stored;
  const count = countReportChars(current);
  const over = count - REPORT_LIMIT;
  const dirty = current !== stored;
  const placeholders = findPlaceholders(current);

  async function run(label: string, job: () => Promise<void>) {
    setBusy(label);
    setProblems([]);
    setMessage(null);
    try {
      await job();
    } catch (err) {
      setProblems([(err as Error).message]);
    } finally {
      setBusy(null);
    }
  }

  const fillTemplate = () =>
    run('template', async () => {
      setText(await selfReportTemplate(actor, unitId, term));
      setConfirmTemplate(false);
      setMessage('已填入模板，请把【请补充：…】处改写为本单位的情况后保存');
    });

  const save = () =>
    run('save', async () => {
      await saveSelfReport(actor, unitId, term, current);
      setMessage(
        over > 0 ? `已保存（${count} 字）。超过 ${REPORT_LIMIT} 字上限 ${over} 字，导出前请删减。` : `已保存（${count} 字）`,
      );
    });

  const exportDocx = () =>
    run('export', async () => {
      const r = await exportSelfReport(actor, unitId, term, current, date);
      const saved = await platform.saveFile(r.fileName, r.bytes, [{ name: 'Word 文档', extensions: ['docx'] }]);
      if (saved) {
        setMessage(
          `已导出“${r.fileName}”（${r.count} 字）` +
            (r.placeholders.length ? `。注意：报告中仍有 ${r.placeholders.length} 处【请补充】内容，请补充后重新导出。` : ''),
        );
      }
    });

  return (
    <div className="report-editor">
      <ErrorList problems={problems} />
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      {data.writable && (
        <div className="toolbar">
          {confirmTemplate ? (
            <span className="report-confirm" role="group" aria-label="确认替换为模板">
              当前内容将被模板替换。
              <button type="button" className="primary" onClick={() => void fillTemplate()} disabled={busy !== null}>
                确认替换为模板
              </button>
              <button type="button" onClick={() => setConfirmTemplate(false)}>
                取消
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => (current.trim() ? setConfirmTemplate(true) : void fillTemplate())} disabled={busy !== null}>
              填入模板
            </button>
          )}
        </div>
      )}
      <TextArea
        label="情况报告正文"
        className={`report-text${over > 0 ? ' over' : ''}`}
        rows={22}
        value={current}
        readOnly={!data.writable}
        onChange={(e) => setText(e.target.value)}
        hint="每行一段；以“一、”等开头的行排为小标题。"
      />
      <p className={`report-count${over > 0 ? ' over' : ''}`} aria-live="polite" aria-label="字数统计">
        已计 {count} 字 / 上限 {REPORT_LIMIT} 字
        {over > 0 ? `，超出 ${over} 字：可以保存，但不能导出` : `，还可写 ${REPORT_LIMIT - count} 字`}
        {dirty && data.writable ? '（有未保存的修改）' : ''}
      </p>
      <p className="muted report-rule">计数规则：汉字、字母、数字和标点（中英文）各计 1 字；空格、换行等空白不计。</p>
      {placeholders.length > 0 && data.writable && (
        <p className="alert alert-warn" role="note">
          还有 {placeholders.length} 处【请补充】内容未改写。
        </p>
      )}
      {data.writable ? (
        <div className="actions spread">
          <Field label="报告日期" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          <div className="report-buttons">
            <button type="button" onClick={() => void save()} disabled={busy !== null}>
              {busy === 'save' ? '正在保存…' : '保存'}
            </button>
            <button type="button" className="primary" onClick={() => void exportDocx()} disabled={busy !== null}>
              {busy === 'export' ? '正在生成 Word 文件…' : '导出 Word（.docx）'}
            </button>
          </div>
        </div>
      ) : (
        <p className="muted">情况报告由本单位的管理员撰写，此处只读。{data.report ? '' : '该单位尚未保存情况报告。'}</p>
      )}
    </div>
  );
}
