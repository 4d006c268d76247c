import { useId } from 'react';

/** One bar: a value, optionally a lighter bar behind it (e.g. 已报备 behind 创建集体) and its own reference mark. */
export interface ChartBar {
  key: string;
  label: string;
  value: number;
  /** text at the end of the bar */
  display: string;
  behind?: number;
  /** a per-bar reference (e.g. a structure threshold), drawn as a tick */
  mark?: number | null;
  tone?: 'ok' | 'warn' | 'bad' | 'neutral';
}

interface Props {
  title: string;
  /** one sentence saying what the chart shows, for screen readers and the caption */
  description: string;
  bars: ChartBar[];
  /** right end of the scale; at least the largest value */
  max: number;
  /** a vertical line across all bars (e.g. 100 % of the required count) */
  refLine?: { value: number; label: string };
  legend?: { tone: NonNullable<ChartBar['tone']> | 'behind'; label: string }[];
}

const LABEL_W = 150;
const BAR_W = 380;
const VALUE_W = 130;
const ROW_H = 24;
const TOP = 22;

/**
 * A horizontal bar chart in plain SVG (no chart library): readable at a glance for dozens of
 * rows, each bar labelled with its number so the chart never needs a tooltip. The figures are
 * also in the table beside it. Drawn at its natural pixel size (text stays 13 px); a narrow
 * container scrolls instead of shrinking the text.
 */
export function BarChart({ title, description, bars, max, refLine, legend }: Props) {
  const id = useId();
  const scaleMax = Math.max(max, ...bars.map((b) => Math.max(b.value, b.behind ?? 0, b.mark ?? 0)), refLine?.value ?? 0, 1e-9);
  const x = (v: number) => LABEL_W + (Math.max(0, v) / scaleMax) * BAR_W;
  const height = TOP + bars.length * ROW_H + 8;
  const width = LABEL_W + BAR_W + VALUE_W;
  return (
    <figure className="quota-chart">
      <figcaption id={`${id}-t`}>
        <strong>{title}</strong>
        <span className="muted"> {description}</span>
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-t`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
      >
        {refLine && (
          <g className="quota-chart-ref">
            <line x1={x(refLine.value)} x2={x(refLine.value)} y1={TOP - 6} y2={height - 4} />
            <text x={x(refLine.value)} y={TOP - 10} textAnchor="middle">
              {refLine.label}
            </text>
          </g>
        )}
        {bars.map((b, i) => {
          const y = TOP + i * ROW_H;
          return (
            <g key={b.key}>
              <text className="quota-chart-label" x={LABEL_W - 8} y={y + ROW_H / 2 + 4} textAnchor="end">
                {b.label.length > 10 ? `${b.label.slice(0, 10)}…` : b.label}
              </text>
              <rect className="quota-chart-track" x={LABEL_W} y={y + 4} width={BAR_W} height={ROW_H - 8} rx={2} />
              {b.behind !== undefined && b.behind > 0 && (
                <rect className="quota-chart-behind" x={LABEL_W} y={y + 4} width={x(b.behind) - LABEL_W} height={ROW_H - 8} rx={2} />
              )}
              <rect className={`quota-chart-bar tone-${b.tone ?? 'neutral'}`} x={LABEL_W} y={y + 4} width={Math.max(0, x(b.value) - LABEL_W)} height={ROW_H - 8} rx={2} />
              {b.mark !== undefined && b.mark !== null && (
                <line className="quota-chart-mark" x1={x(b.mark)} x2={x(b.mark)} y1={y + 1} y2={y + ROW_H - 1} />
              )}
              <text className="quota-chart-value" x={LABEL_W + BAR_W + 6} y={y + ROW_H / 2 + 4}>
                {b.display}
              </text>
            </g>
          );
        })}
      </svg>
      {legend && (
        <ul className="quota-chart-legend" aria-label={`${title}图例`}>
          {legend.map((l) => (
            <li key={l.label}>
              <span className={`quota-swatch ${l.tone === 'behind' ? 'behind' : `tone-${l.tone}`}`} aria-hidden="true" />
              {l.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
