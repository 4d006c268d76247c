/**
 * The benchmark's figures: medians beside their baselines and goals, the growth from province to
 * national scale, printed as a table and kept as JSON (.bench/latest.json, not committed).
 */
import fs from 'node:fs';
import path from 'node:path';

export type Scale = 'province' | 'national';

export interface Goal {
  /** 'ratio': median ÷ baseline ≤ value; 'max': median ≤ value (in the figure's unit) */
  kind: 'ratio' | 'max';
  value: number;
}

export interface Figure {
  id: string;
  label: string;
  scale: Scale;
  unit: 'ms' | 'MB';
  /** every run, in order */
  runs: number[];
  median: number;
  baselineRuns?: number[];
  baseline?: number;
  ratio?: number;
  goal?: Goal;
  met?: boolean;
  note?: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function figure(f: Omit<Figure, 'median' | 'baseline' | 'ratio' | 'met'>): Figure {
  const out: Figure = { ...f, median: median(f.runs) };
  if (f.baselineRuns && f.baselineRuns.length) {
    out.baseline = median(f.baselineRuns);
    out.ratio = out.median / out.baseline;
  }
  if (f.goal) out.met = f.goal.kind === 'ratio' ? (out.ratio ?? Infinity) <= f.goal.value : out.median <= f.goal.value;
  return out;
}

const SCALE_LABEL: Record<Scale, string> = { province: '省级', national: '全国' };
const num = (x: number | undefined, unit = ''): string => (x === undefined || Number.isNaN(x) ? '—' : `${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)}${unit}`);

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join(' │ ');
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n');
}

export function goalText(f: Figure): string {
  if (!f.goal) return '—';
  return f.goal.kind === 'ratio' ? `≤ ${f.goal.value}×` : `≤ ${num(f.goal.value, f.unit === 'ms' ? ' ms' : ' MB')}`;
}

export function figuresTable(figures: readonly Figure[]): string {
  return table(
    ['项目', '规模', '中位数', '基线（同次测量）', '比值', '目标', '达标', '各次'],
    figures.map((f) => [
      f.label,
      SCALE_LABEL[f.scale],
      num(f.median, f.unit === 'ms' ? ' ms' : ' MB'),
      f.baseline === undefined ? '—' : num(f.baseline, ' ms'),
      f.ratio === undefined ? '—' : `${f.ratio.toFixed(2)}×`,
      goalText(f),
      f.met === undefined ? '—' : f.met ? '是' : '否',
      f.runs.map((r) => num(r)).join(' / '),
    ]),
  );
}

export interface Growth {
  label: string;
  province: number;
  national: number;
  /** national ÷ province */
  ratio: number;
  /** how much more data the national figure worked on (e.g. 10 for 2,000 → 20,000 collectives) */
  dataRatio: number;
  linearOrBetter: boolean;
}

/** Growth of each figure measured at both scales (a 10 % margin over linear counts as linear). */
export function growth(figures: readonly Figure[], dataRatio: Record<string, number>): Growth[] {
  const out: Growth[] = [];
  for (const f of figures) {
    if (f.scale !== 'province') continue;
    const n = figures.find((x) => x.id === f.id && x.scale === 'national');
    if (!n) continue;
    const d = dataRatio[f.id] ?? 10;
    const ratio = n.median / f.median;
    out.push({ label: f.label, province: f.median, national: n.median, ratio, dataRatio: d, linearOrBetter: ratio <= d * 1.1 });
  }
  return out;
}

export function growthTable(rows: readonly Growth[]): string {
  return table(
    ['项目', '省级', '全国', '全国÷省级', '数据量之比', '线性或更好'],
    rows.map((g) => [g.label, num(g.province), num(g.national), `${g.ratio.toFixed(2)}×`, `${g.dataRatio}×`, g.linearOrBetter ? '是' : '否']),
  );
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
