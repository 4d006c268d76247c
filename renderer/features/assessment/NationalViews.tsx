import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { DEFAULT_SPREAD_THRESHOLD } from '../../../shared/assessment/multiScorer';
import { sheetFromRows, workbookBytes } from '../../../shared/ledger/cells';
import type { Unit } from '../../../shared/model/entities';
import type { RankingBasis } from '../../db/repos/assessment';
import type { Actor } from '../../db/write';
import { platform } from '../../platform';
import { ErrorList, Field, SelectField } from '../../ui/Field';
import { BarChart } from '../quota/BarChart';
import { allocationQuery, comparisonQuery, rankingQuery } from './queries';

const CHANNEL = { industry: '行业', region: '地方', national: '全国' } as const;
const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : String(x));

export function UnitPicker({ units, value, onChange }: { units: Unit[]; value: string; onChange(id: string): void }) {
  return (
    <div className="toolbar">
      <SelectField label="被考评单位" value={value} onChange={(e) => onChange(e.target.value)}>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {CHANNEL[u.channel]} · {u.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

/** Every national scorer of one unit side by side, with means and flagged spreads. */
export function ComparisonView({ actor, unitId, term }: { actor: Actor; unitId: string; term: string }) {
  const cmp = useLiveQuery(async () => comparisonQuery(actor, unitId, term), [actor, unitId, term]);
  if (cmp === undefined) return <p className="muted">正在读取…</p>;
  if (cmp instanceof Error) return <ErrorList problems={[cmp.message]} />;
  if (!cmp.result || !cmp.rubric) return <p className="muted">该单位本届尚无考评评分表。</p>;
  const r = cmp.result;
  return (
    <>
      <p className="assess-rubric-line">
        评分细则：{cmp.rubric.name} · <strong>第 {cmp.rubric.version} 版</strong>。评分人 {cmp.scorers.length} 位；某项极差超过该项分值的 {Math.round(DEFAULT_SPREAD_THRESHOLD * 100)}% 时标为“分歧较大”，请评分人对照佐证讨论。
      </p>
      {r.flaggedItems.length > 0 && (
        <p className="alert alert-warn" role="note">
          分歧较大的项目：第 {r.flaggedItems.join('、')} 项
        </p>
      )}
      {cmp.otherVersions.length > 0 && (
        <p className="alert alert-warn" role="note">
          以下评分表使用了其他版本的评分细则，未纳入对比：{cmp.otherVersions.map((o) => `${o.name}（第${o.version}版）`).join('、')}
        </p>
      )}
      <table className="grid" aria-label="多人评分对比">
        <thead>
          <tr>
            <th scope="col">项目</th>
            <th scope="col">分值</th>
            {cmp.scorers.map((s) => (
              <th scope="col" key={s.scorerId}>
                {s.name}
                {s.submitted ? '' : '（草稿）'}
              </th>
            ))}
            <th scope="col">平均</th>
            <th scope="col">极差</th>
            <th scope="col">分歧</th>
          </tr>
        </thead>
        <tbody>
          {r.items.map((i) => (
            <tr key={i.no} className={i.flagged ? 'row-warn' : undefined}>
              <th scope="row">
                {i.no}. {i.name}
              </th>
              <td className="num">{i.max}</td>
              {i.scores.map((s) => (
                <td className="num" key={s.scorerId}>
                  {fmt(s.score)}
                </td>
              ))}
              <td className="num">{fmt(i.mean)}</td>
              <td className="num">{i.spread}</td>
              <td>{i.flagged ? <span className="badge warn">分歧较大</span> : ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">总分</th>
            <td />
            {r.totals.map((t) => (
              <td className="num" key={t.scorerId}>
                {t.total}
                {t.complete ? '' : '（未评完）'}
              </td>
            ))}
            <td className="num">{fmt(r.meanTotal)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </>
  );
}

export function RankingView({ actor, term, basis, onBasis }: { actor: Actor; term: string; basis: RankingBasis; onBasis(b: RankingBasis): void }) {
  const rows = useLiveQuery(async () => rankingQuery(actor, term, basis), [actor, term, basis]);
  if (rows === undefined) return <p className="muted">正在读取…</p>;
  if (rows instanceof Error) return <ErrorList problems={[rows.message]} />;
  const scored = rows.filter((r) => r.rank !== null);
  const value = (r: (typeof rows)[number]) => (basis === 'national' ? r.nationalMean : r.selfTotal) ?? 0;
  return (
    <>
      <div className="toolbar">
        <SelectField label="排名依据" value={basis} onChange={(e) => onBasis(e.target.value as RankingBasis)}>
          <option value="national">考评得分（已提交评分表的平均分）</option>
          <option value="self">自评得分（已提交）</option>
        </SelectField>
        <span className="muted">
          已评 {scored.length} / {rows.length} 个单位；得分相同名次并列。
        </span>
      </div>
      {scored.length > 0 && (
        <div className="quota-charts">
          <BarChart
            title="得分排名"
            description={basis === 'national' ? '考评得分（均分），满分 100 分另计加减分。' : '自评得分。'}
            max={100}
            bars={scored.map((r) => ({ key: r.unit.id, label: `${r.rank}. ${r.unit.name}`, value: value(r), display: String(value(r)), tone: 'neutral' }))}
          />
        </div>
      )}
      <table className="grid" aria-label="考评排名">
        <thead>
          <tr>
            <th scope="col">名次</th>
            <th scope="col">单位</th>
            <th scope="col">类别</th>
            <th scope="col">考评得分（均分）</th>
            <th scope="col">评分人数</th>
            <th scope="col">自评得分</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.unit.id}>
              <td className="num">{r.rank ?? '未评'}</td>
              <th scope="row">{r.unit.name}</th>
              <td>{CHANNEL[r.unit.channel]}</td>
              <td className="num">{fmt(r.nationalMean)}</td>
              <td className="num">{r.scorers}</td>
              <td className="num">
                {fmt(r.selfTotal)}
                {r.selfRubricVersion !== null && <span className="muted">（第{r.selfRubricVersion}版）</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function parseK(text: string): number | null {
  const t = text.trim();
  return /^\d+(\.\d+)?$/.test(t) && Number(t) <= 10 ? Number(t) : null;
}

export function AllocationView({ actor, term, kText, onK }: { actor: Actor; term: string; kText: string; onK(t: string): void }) {
  const k = parseK(kText);
  const sheet = useLiveQuery(async () => (k === null ? Promise.resolve(undefined) : allocationQuery(actor, term, k)), [actor, term, k]);
  const [message, setMessage] = useState<string | null>(null);
  const kError = k === null ? '调节系数 k 应为 0—10 之间的数（0 表示不按考评调节）' : null;

  async function exportSheet() {
    if (!sheet || sheet instanceof Error) return;
    const ws = sheetFromRows(
      ['单位编码', '单位', '类别', '本届基数', '本届应完成数', '考评得分', '得分来源', '系数', '测算基数', '增减', '测算应完成数'],
      sheet.rows.map((r) => [r.code, r.name, CHANNEL[r.channel], r.oldBase, sheet.published[r.code]?.required ?? null, r.score, r.score === null ? '无考评' : r.scoreInherited ? '沿用所属行业' : '考评均分', Math.round(r.factor * 10000) / 10000, r.newBase, r.change, r.newRequired]),
    );
    const notes = sheetFromRows(['说明'], [[sheet.formula], ...sheet.channels.map((c) => [`${CHANNEL[c.channel]}：${c.rows} 行，基数合计 ${c.oldTotal} → ${c.newTotal}`])]);
    const bytes = workbookBytes([
      { name: '名额分配测算', sheet: ws },
      { name: '说明', sheet: notes },
    ]);
    if (await platform.saveFile(`名额分配测算-${term}-k${sheet.k}.xlsx`, bytes, [{ name: 'Excel 工作簿', extensions: ['xlsx'] }])) setMessage('测算表已导出');
  }

  return (
    <>
      <p className="muted">
        附件3规定考评成绩作为名额分配的重要依据，但未规定公式。本测算表按下列公式计算，只供全国组委会办公室参考，发布名额前可调整 k 并人工修订。
      </p>
      <div className="toolbar">
        <Field label="调节系数 k" inputMode="decimal" value={kText} onChange={(e) => onK(e.target.value)} error={kError} hint="k 越大，考评得分对基数的影响越大；默认 0.5" />
        {sheet && !(sheet instanceof Error) && (
          <button type="button" onClick={() => void exportSheet()}>
            导出测算表（Excel）
          </button>
        )}
      </div>
      {message && (
        <p role="status" className="alert alert-ok">
          {message}
        </p>
      )}
      {sheet instanceof Error && <ErrorList problems={[sheet.message]} />}
      {sheet && !(sheet instanceof Error) && (
        <>
          <p className="assess-rubric-line" aria-label="分配公式">
            {sheet.formula}测算应完成数 = 测算基数 × 10（通知第一部分第2条）；本届公布数与该规则不符的单位已标出。
          </p>
          <ul className="assess-channel-totals" aria-label="各归口基数合计">
            {sheet.channels.map((c) => (
              <li key={c.channel}>
                {CHANNEL[c.channel]}：{c.rows} 行，基数合计 {c.oldTotal} → <strong>{c.newTotal}</strong>
                {c.meanScore !== null && `，考评平均分 ${Math.round(c.meanScore * 10) / 10}`}
              </li>
            ))}
            <li>
              全国：基数合计 {sheet.channels.reduce((s, c) => s + c.oldTotal, 0)} → <strong>{sheet.channels.reduce((s, c) => s + c.newTotal, 0)}</strong>
            </li>
          </ul>
          <table className="grid" aria-label="名额分配测算">
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col">类别</th>
                <th scope="col">本届基数</th>
                <th scope="col">本届应完成数</th>
                <th scope="col">考评得分</th>
                <th scope="col">系数</th>
                <th scope="col">测算基数</th>
                <th scope="col">增减</th>
                <th scope="col">测算应完成数</th>
              </tr>
            </thead>
            <tbody>
              {sheet.rows.map((r) => (
                <tr key={r.code} className={sheet.published[r.code]?.deviates ? 'row-warn' : undefined}>
                  <th scope="row">{sheet.published[r.code]?.subRow ? `└ ${r.name}` : r.name}</th>
                  <td>{CHANNEL[r.channel]}</td>
                  <td className="num">{r.oldBase}</td>
                  <td className="num">
                    {sheet.published[r.code]?.required ?? '—'}
                    {sheet.published[r.code]?.deviates && <span className="badge warn">与10倍规则不符</span>}
                  </td>
                  <td className="num">
                    {fmt(r.score)}
                    {r.scoreInherited && <span className="muted">（沿用所属行业）</span>}
                  </td>
                  <td className="num">{r.factor.toFixed(3)}</td>
                  <td className="num">{r.newBase}</td>
                  <td className={`num${r.change < 0 ? ' quota-miss' : ''}`}>{r.change > 0 ? `+${r.change}` : r.change}</td>
                  <td className="num">{r.newRequired}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
