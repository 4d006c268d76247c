/**
 * A bar chart as inline SVG (no chart library): one bar per item with its value above and its
 * label below. The SVG carries the figures in its accessible name, so a screen reader (and a
 * test) gets the same numbers a sighted user sees.
 */
export interface Bar {
  label: string;
  value: number;
  /** colour class suffix: 'ok' | 'warn' | 'err' | 'neutral' */
  tone?: 'ok' | 'warn' | 'err' | 'neutral';
}

export function BarChart({ title, bars, unit = '' }: { title: string; bars: Bar[]; unit?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  // one scale for every chart: the same width, so text is the same size in each
  const width = 640;
  const slot = Math.min(96, (width - 16) / Math.max(1, bars.length));
  const height = 170;
  const top = 22;
  const base = 130;
  const summary = `${title}：${bars.map((b) => `${b.label} ${b.value}${unit}`).join('，')}`;
  return (
    <figure className="supervision-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} preserveAspectRatio="xMinYMin meet">
        <line x1={8} x2={width - 8} y1={base} y2={base} className="supervision-axis" />
        {bars.map((b, i) => {
          const h = Math.round(((base - top) * b.value) / max);
          const x = 8 + i * slot + slot * 0.18;
          const w = slot * 0.64;
          return (
            <g key={b.label}>
              <rect x={x} y={base - h} width={w} height={Math.max(h, b.value > 0 ? 2 : 0)} className={`supervision-bar-${b.tone ?? 'neutral'}`} rx={2}>
                <title>{`${b.label}：${b.value}${unit}`}</title>
              </rect>
              <text x={x + w / 2} y={base - h - 5} textAnchor="middle" className="supervision-value">
                {b.value}
              </text>
              <text x={x + w / 2} y={base + 16} textAnchor="middle" className="supervision-label">
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
