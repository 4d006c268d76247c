import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { AggregateResult, FileStatus } from '../../../shared/ledger/aggregate';
import { CHANNEL_LABEL } from '../../../shared/ledger/format';
import { platform } from '../../platform';
import { ErrorList, SelectField } from '../../ui/Field';
import { JobProgress } from './JobProgress';
import { ledgerTerms } from './queries';
import { useLedgerUi } from './store';
import { useLedgerJob } from './useLedgerJob';

const XLSX_FILTER = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];
const STATUS: Record<FileStatus, string> = { included: '已纳入', covered: '已含于上级台账', replaced: '已被取代', refused: '未纳入' };
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : String(x));

function sizeText(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** The national office loads many units' ledgers and produces the national summary workbook. */
export function AggregatePanel() {
  const { aggregateFiles, addAggregateFiles, removeAggregateFile, clearAggregateFiles } = useLedgerUi();
  const terms = useLiveQuery(ledgerTerms, []) ?? [];
  const [term, setTerm] = useState('');
  const job = useLedgerJob();
  const [result, setResult] = useState<AggregateResult | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  async function addFiles() {
    const files = await platform.openFiles(XLSX_FILTER, true);
    if (files.length) addAggregateFiles(files);
  }

  async function aggregate() {
    setProblems([]);
    setMessage(null);
    setResult(null);
    try {
      const r = await job.run(async () => {
        const appVersion = await platform.appVersion();
        // copies: the picks stay in the list for another run
        const files = aggregateFiles.map((f) => ({ name: f.name, data: f.data.slice() }));
        return { kind: 'aggregate', files, term: term || undefined, generatedAt: new Date().toISOString(), appVersion };
      }, '准备汇总');
      if (!r) {
        setMessage('已取消汇总，未生成文件。');
        return;
      }
      if (r.kind !== 'aggregate') return;
      setResult(r.result);
      if (!r.bytes) {
        setProblems(['没有可汇总的有效台账，未生成汇总文件。请查看下方“台账清单”中的原因。']);
        return;
      }
      const saved = await platform.saveFile(r.fileName, r.bytes, XLSX_FILTER);
      setMessage(saved ? `已生成全国汇总“${r.fileName}”：纳入 ${r.result.units.length} 个单位的台账。` : '未保存：已取消选择保存位置。');
    } catch (err) {
      setProblems([err instanceof Error ? err.message : String(err)]);
    }
  }

  return (
    <section className="panel ledger-panel" aria-labelledby="ledger-aggregate-title">
      <h2 id="ledger-aggregate-title">台账汇总</h2>
      <p className="muted">
        载入各单位报送的工作台账（顺序不限），生成全国汇总工作簿：每个单位一行（名额完成情况、五个一、自评得分、全国考评得分）、行业和地方合计，以及出现在多个单位台账中的集体。同一单位重复报送的，以导出时间较晚的为准。
      </p>
      <div className="toolbar">
        <button type="button" onClick={addFiles} disabled={job.running}>
          添加台账文件…
        </button>
        <button type="button" onClick={clearAggregateFiles} disabled={job.running || aggregateFiles.length === 0}>
          清空列表
        </button>
        <SelectField label="汇总届次" value={term} onChange={(e) => setTerm(e.target.value)}>
          <option value="">自动（多数台账的届次）</option>
          {terms.map((t) => (
            <option key={t.code} value={t.code}>
              {t.label}
            </option>
          ))}
        </SelectField>
      </div>
      {aggregateFiles.length > 0 ? (
        <div className="ledger-filelist">
          <table className="grid" aria-label="待汇总的台账">
            <thead>
              <tr>
                <th scope="col">文件</th>
                <th scope="col">大小</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {aggregateFiles.map((f) => (
                <tr key={f.name}>
                  <td>{f.name}</td>
                  <td className="num">{sizeText(f.data.length)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => removeAggregateFile(f.name)} disabled={job.running} aria-label={`移除 ${f.name}`}>
                      移除
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">尚未添加台账文件。</p>
      )}
      <ErrorList problems={problems} />
      {message && (
        <p className="alert alert-ok" role="status">
          {message}
        </p>
      )}
      <JobProgress progress={job.progress} onCancel={job.cancel} />
      <div className="actions">
        <button type="button" className="primary" onClick={aggregate} disabled={job.running || aggregateFiles.length === 0}>
          生成全国汇总（Excel）
        </button>
      </div>
      {result && <AggregatePreview result={result} />}
    </section>
  );
}

function AggregatePreview({ result }: { result: AggregateResult }) {
  return (
    <>
      <h3>汇总结果（{result.termLabel || result.term || '—'}）</h3>
      <div className="ledger-scroll">
        <table className="grid" aria-label="全国汇总">
          <thead>
            <tr>
              <th scope="col">单位</th>
              <th scope="col">归口</th>
              <th scope="col">应完成网络创建数</th>
              <th scope="col">已报备</th>
              <th scope="col">创建集体</th>
              <th scope="col">完成率</th>
              <th scope="col">五个一</th>
              <th scope="col">自评得分</th>
              <th scope="col">全国考评得分</th>
            </tr>
          </thead>
          <tbody>
            {result.units.map((u) => (
              <tr key={u.unitCode} className={u.checksumOk === false ? 'row-warn' : undefined}>
                <th scope="row">
                  {u.unitName}（{u.unitCode}）
                </th>
                <td>{CHANNEL_LABEL[u.channel]}</td>
                <td className="num">{num(u.required)}</td>
                <td className="num">{u.filed}</td>
                <td className="num">{u.approved}</td>
                <td className="num">
                  {pct(u.completionRate)}
                  {u.met === false && <span className="badge warn">未达标</span>}
                </td>
                <td>{u.fiveOnesMissing.length ? `${u.fiveOnesMet}/5，缺${u.fiveOnesMissing.join('、')}` : '已全部落实'}</td>
                <td className="num">{num(u.selfScore)}</td>
                <td className="num">{num(u.nationalScore)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {result.totals.map((t) => (
              <tr key={t.label}>
                <th scope="row">
                  {t.label}（{t.units} 个单位）
                </th>
                <td />
                <td className="num">{t.required}</td>
                <td className="num">{t.filed}</td>
                <td className="num">{t.approved}</td>
                <td className="num">{pct(t.completionRate)}</td>
                <td>全部落实 {t.fiveOnesComplete} 个</td>
                <td className="num">{num(t.selfScoreMean)}</td>
                <td className="num">{num(t.nationalScoreMean)}</td>
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
      <h3>出现在多个单位台账中的集体（{result.duplicateGroups} 组）</h3>
      {result.duplicates.length ? (
        <table className="grid" aria-label="重复集体">
          <thead>
            <tr>
              <th scope="col">组号</th>
              <th scope="col">集体名称</th>
              <th scope="col">用户名（编码）</th>
              <th scope="col">状态</th>
              <th scope="col">所在台账</th>
              <th scope="col">判定依据</th>
            </tr>
          </thead>
          <tbody>
            {result.duplicates.map((d) => (
              <tr key={`${d.group}-${d.code}-${d.ledgerUnitCode}`}>
                <td className="num">{d.group}</td>
                <td>{d.name}</td>
                <td className="mono">{d.code}</td>
                <td>{d.status}</td>
                <td>
                  {d.ledgerUnitName}（{d.ledgerUnitCode}）
                </td>
                <td>{d.matchedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">没有发现出现在多个单位台账中的集体。</p>
      )}
      <h3>台账清单</h3>
      <table className="grid" aria-label="台账清单">
        <thead>
          <tr>
            <th scope="col">文件</th>
            <th scope="col">单位</th>
            <th scope="col">导出时间</th>
            <th scope="col">处理结果</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {result.files.map((f, i) => (
            <tr key={`${f.fileName}-${i}`} className={f.status === 'refused' ? 'row-warn' : undefined}>
              <td>{f.fileName}</td>
              <td className="ledger-nowrap">{f.unitCode ? `${f.unitName}（${f.unitCode}）` : '—'}</td>
              <td className="ledger-nowrap">{f.exportedAt || '—'}</td>
              <td className="ledger-nowrap">{STATUS[f.status]}</td>
              <td>{f.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
