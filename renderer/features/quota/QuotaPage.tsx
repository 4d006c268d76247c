import { useLiveQuery } from 'dexie-react-hooks';
import type { StructureShare } from '../../../shared/assessment/evidence';
import type { BoardRow, ChannelTotal, NationalBoard } from '../../db/repos/quotaBoard';
import type { Actor } from '../../db/write';
import { ErrorList, SelectField } from '../../ui/Field';
import { useSession } from '../session/store';
import { BarChart, type ChartBar } from './BarChart';
import { boardUnits, nationalBoardQuery, thresholdsQuery, unitBoardQuery } from './queries';
import { chosenUnit, useQuotaView, type QuotaSort } from './store';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`);

const STRUCTURE_LABEL = { formerNational: '往届全国青年文明号', nonPublic: '非公经济组织', socialOrg: '社会组织' } as const;
type StructureKey = keyof typeof STRUCTURE_LABEL;
const STRUCTURE_KEYS = Object.keys(STRUCTURE_LABEL) as StructureKey[];

/** 名额与结构: quota completion and structure of a unit and its subunits; the national office sees all rows. */
export function QuotaPage() {
  const session = useSession((s) => s.session)!;
  const term = useSession((s) => s.term);
  const actor = session.actor;
  const national = actor.role === 'national';
  const units = useLiveQuery(async () => boardUnits(actor), [actor]) ?? [];
  const unitId = useQuotaView((s) => chosenUnit(s, actor.accountId));
  const choose = useQuotaView((s) => s.choose);
  const selected = unitId || (national ? '' : actor.unitId);
  return (
    <section aria-labelledby="quota-title">
      <h1 id="quota-title">名额与结构</h1>
      {units.length > 1 && (
        <div className="toolbar">
          <SelectField label="查看单位" value={selected} onChange={(e) => choose(actor.accountId, e.target.value)}>
            {national && <option value="">全国各行业、各地方（汇总）</option>}
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {'　'.repeat(Math.max(0, u.depth - 1))}
                {u.name}
              </option>
            ))}
          </SelectField>
        </div>
      )}
      {selected ? <UnitView actor={actor} unitId={selected} term={term} /> : <NationalView actor={actor} term={term} />}
      <ThresholdPanel actor={actor} />
    </section>
  );
}

function verdictText(s: StructureShare): string {
  return s.met === null ? '' : s.met ? '，已达到' : '，未达到';
}

function StructureCell({ s }: { s: StructureShare }) {
  return (
    <td className={`num${s.met === false ? ' quota-miss' : ''}`}>
      {s.count}（{pct(s.share)}
      {verdictText(s)}）
    </td>
  );
}

function rateTone(rate: number | null): ChartBar['tone'] {
  if (rate === null) return 'neutral';
  return rate >= 1 ? 'ok' : rate >= 0.5 ? 'warn' : 'bad';
}

/** Quota and structure of one unit and its subunits (also the administrator's dashboard). */
export function UnitView({ actor, unitId, term }: { actor: Actor; unitId: string; term: string }) {
  const board = useLiveQuery(async () => unitBoardQuery(actor, unitId, term).catch((e: Error) => e), [actor, unitId, term]);
  if (board === undefined) return <p className="muted">正在读取…</p>;
  if (board instanceof Error) return <ErrorList problems={[board.message]} />;
  const u = board.unit;
  const rows = [u, ...board.children];
  const withQuota = rows.filter((r) => r.required !== null);
  return (
    <>
      <h2>
        {u.unit.name} · 网络创建完成情况
      </h2>
      <dl className="stats" aria-label="名额与完成情况">
        <div>
          <dt>基数</dt>
          <dd>{u.base ?? '—'}</dd>
        </div>
        <div>
          <dt>应完成网络创建数</dt>
          <dd>{u.required ?? '—'}</dd>
        </div>
        <div>
          <dt>已报备</dt>
          <dd>{u.filed}</dd>
        </div>
        <div>
          <dt>创建集体</dt>
          <dd>{u.approved}</dd>
        </div>
        <div>
          <dt>完成率</dt>
          <dd>{pct(u.rate)}</dd>
        </div>
      </dl>
      {u.required === null && <p className="muted">本单位没有公布的名额（基数），以下只显示报备和创建集体数。</p>}
      {rows
        .filter((r) => r.deviates)
        .map((r) => (
          <p key={r.unit.id} className="alert alert-warn" role="note">
            {r.unit.name}：{r.deviationMessage}
          </p>
        ))}
      <div className="quota-charts">
        {withQuota.length > 0 && (
          <BarChart
            title="创建集体完成率"
            description="创建集体数 ÷ 应完成网络创建数；竖线为 100%（达标）。"
            max={1}
            refLine={{ value: 1, label: '达标' }}
            bars={withQuota.map((r) => ({
              key: r.unit.id,
              label: r === u ? `${r.unit.name}（合计）` : r.unit.name,
              value: r.rate ?? 0,
              display: `${pct(r.rate)}（${r.approved}/${r.required}）`,
              tone: rateTone(r.rate),
            }))}
            legend={[
              { tone: 'ok', label: '已达标' },
              { tone: 'warn', label: '50% 以上' },
              { tone: 'bad', label: '不足 50%' },
            ]}
          />
        )}
        {board.children.length > 0 && (
          <BarChart
            title="各下级单位报备与创建集体数"
            description="深色为创建集体，浅色为已报备（含待审核和退回修改）。"
            max={Math.max(1, ...board.children.map((c) => c.filed))}
            bars={board.children.map((c) => ({
              key: c.unit.id,
              label: c.unit.name,
              value: c.approved,
              behind: c.filed,
              display: `${c.approved} / ${c.filed}`,
              tone: 'neutral',
            }))}
            legend={[
              { tone: 'neutral', label: '创建集体' },
              { tone: 'behind', label: '已报备' },
            ]}
          />
        )}
        <BarChart
          title="创建集体结构"
          description="各类集体占创建集体的比例；短竖线为参考比例。"
          max={Math.max(0.2, ...STRUCTURE_KEYS.map((k) => u.structure[k].share))}
          bars={STRUCTURE_KEYS.map((k) => ({
            key: k,
            label: STRUCTURE_LABEL[k],
            value: u.structure[k].share,
            mark: u.structure[k].threshold,
            display: `${u.structure[k].count} 个，${pct(u.structure[k].share)}`,
            tone: u.structure[k].met === null ? 'neutral' : u.structure[k].met ? 'ok' : 'bad',
          }))}
        />
      </div>
      <BoardTable rows={rows} total={null} caption={`${u.unit.name}及下级单位名额与结构`} highlight={u.unit.id} />
    </>
  );
}

function sortRows(rows: BoardRow[], sort: QuotaSort): BoardRow[] {
  const copy = [...rows];
  const by = (f: (r: BoardRow) => number, desc = true) => copy.sort((a, b) => (desc ? f(b) - f(a) : f(a) - f(b)) || a.unit.sortOrder - b.unit.sortOrder);
  switch (sort) {
    case 'rateDesc':
      return by((r) => r.rate ?? -1);
    case 'rateAsc':
      return by((r) => r.rate ?? -1, false);
    case 'required':
      return by((r) => r.required ?? 0);
    case 'approved':
      return by((r) => r.approved);
    case 'nonPublic':
      return by((r) => r.structure.nonPublic.share);
    case 'socialOrg':
      return by((r) => r.structure.socialOrg.share);
    default:
      return copy.sort((a, b) => a.unit.sortOrder - b.unit.sortOrder);
  }
}

const SORTS: [QuotaSort, string][] = [
  ['order', '按公布顺序'],
  ['rateDesc', '按完成率（从高到低）'],
  ['rateAsc', '按完成率（从低到高）'],
  ['required', '按应完成网络创建数'],
  ['approved', '按创建集体数'],
  ['nonPublic', '按非公经济组织占比'],
  ['socialOrg', '按社会组织占比'],
];

/** All published rows with totals (also the national office's dashboard). */
export function NationalView({ actor, term }: { actor: Actor; term: string }) {
  const board = useLiveQuery(async () => nationalBoardQuery(actor, term).catch((e: Error) => e), [actor, term]);
  const { sort, setSort } = useQuotaView();
  if (board === undefined) return <p className="muted">正在读取…</p>;
  if (board instanceof Error) return <ErrorList problems={[board.message]} />;
  const rows = sortRows(board.rows, sort);
  const all = board.totals[board.totals.length - 1]!;
  return (
    <>
      <h2>各行业、各地方网络创建完成情况</h2>
      <dl className="stats" aria-label="全国合计">
        <div>
          <dt>基数合计</dt>
          <dd>{all.base}</dd>
        </div>
        <div>
          <dt>应完成网络创建数</dt>
          <dd>{all.required}</dd>
        </div>
        <div>
          <dt>已报备</dt>
          <dd>{all.filed}</dd>
        </div>
        <div>
          <dt>创建集体</dt>
          <dd>{all.approved}</dd>
        </div>
        <div>
          <dt>完成率</dt>
          <dd>{pct(all.rate)}</dd>
        </div>
      </dl>
      <div className="toolbar">
        <SelectField label="排序方式" value={sort} onChange={(e) => setSort(e.target.value as QuotaSort)}>
          {SORTS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <BoardTable rows={rows} total={board} caption="各行业、各地方名额与结构" highlight={null} />
      <div className="quota-charts">
        <BarChart
          title="各单位完成率"
          description={`${rows.length} 行，顺序同上表；竖线为 100%（达标）。`}
          max={1}
          refLine={{ value: 1, label: '达标' }}
          bars={rows.map((r) => ({
            key: r.unit.id,
            label: r.subRow ? `└${r.unit.name}` : r.unit.name,
            value: r.rate ?? 0,
            display: pct(r.rate),
            tone: rateTone(r.rate),
          }))}
        />
      </div>
    </>
  );
}

function TotalRow({ t }: { t: ChannelTotal }) {
  return (
    <tr>
      <th scope="row">
        {t.label}（{t.rows} 行）
      </th>
      <td className="num">{t.base}</td>
      <td className="num">{t.required}</td>
      <td className="num">{t.filed}</td>
      <td className="num">{t.approved}</td>
      <td className="num">{pct(t.rate)}</td>
      <td className="num">{t.structure.formerNational}</td>
      <td className="num">{t.structure.nonPublic}</td>
      <td className="num">{t.structure.socialOrg}</td>
    </tr>
  );
}

function BoardTable({ rows, total, caption, highlight }: { rows: BoardRow[]; total: NationalBoard | null; caption: string; highlight: string | null }) {
  return (
    <div className="quota-table-wrap">
      <table className="grid" aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">单位</th>
            <th scope="col">基数</th>
            <th scope="col">应完成网络创建数</th>
            <th scope="col">已报备</th>
            <th scope="col">创建集体</th>
            <th scope="col">完成率</th>
            <th scope="col">往届全国青年文明号</th>
            <th scope="col">非公经济组织</th>
            <th scope="col">社会组织</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.unit.id} className={r.deviates ? 'row-warn' : r.unit.id === highlight ? 'quota-own' : undefined}>
              <th scope="row">
                {r.subRow ? `└ ${r.unit.name}` : r.unit.name}
                {r.unit.id === highlight && '（合计）'}
                {r.deviates && (
                  <span className="badge warn" title={r.deviationMessage ?? undefined}>
                    与10倍规则不符
                  </span>
                )}
              </th>
              <td className="num">{r.base ?? '—'}</td>
              <td className="num">{r.required ?? '—'}</td>
              <td className="num">{r.filed}</td>
              <td className="num">{r.approved}</td>
              <td className={`num${r.rate !== null && r.rate < 1 ? ' quota-miss' : ''}`}>{pct(r.rate)}</td>
              <StructureCell s={r.structure.formerNational} />
              <StructureCell s={r.structure.nonPublic} />
              <StructureCell s={r.structure.socialOrg} />
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot>
            {total.totals.map((t) => (
              <TotalRow key={t.label} t={t} />
            ))}
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** The open thresholds, shown where they are applied; the national office edits them on the 设置 page. */
function ThresholdPanel({ actor }: { actor: Actor }) {
  const current = useLiveQuery(async () => thresholdsQuery(), []);
  const go = useSession((s) => s.go);
  if (!current) return null;
  const shown = (v: number | null) => (v === null ? '不设比例' : pct(v));
  return (
    <section className="panel" aria-labelledby="quota-thr-title">
      <h2 id="quota-thr-title">结构参考比例</h2>
      <p className="muted">
        通知只要求往届全国青年文明号、非公经济组织和社会组织创建集体“达到一定规模”（省级地方团委“纳入一定比例”），未规定比例。以下为系统默认值，由全国组委会办公室设定；非公经济组织和社会组织的比例只对省级地方团委给出是否达到的判断。
      </p>
      <ul aria-label="当前参考比例">
        {STRUCTURE_KEYS.map((k) => (
          <li key={k}>
            {STRUCTURE_LABEL[k]}：{shown(current[k])}
          </li>
        ))}
      </ul>
      {actor.role === 'national' && (
        <div className="actions">
          <button type="button" onClick={() => go('settings')}>
            在“设置”中修改参考比例
          </button>
        </div>
      )}
    </section>
  );
}
