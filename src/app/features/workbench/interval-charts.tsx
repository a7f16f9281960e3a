import { ChartTable } from '../../charts/chart-table';
import { formatTick } from '../../charts/format-tick';
import type { BootstrapSummary, ProfileSummary } from '../../projects/fit-intervals';

const W = 240;
const H = 110;
const PAD = { left: 6, right: 6, top: 8, bottom: 16 };

function scale(lo: number, hi: number, from: number, to: number): (v: number) => number {
  const span = hi > lo ? hi - lo : 1;
  return (v) => from + ((v - lo) / span) * (to - from);
}

/* Presentation attributes, not CSS classes: the SVG is copied into the report as it is. */

/** One small Δχ² profile per parameter: the curve, the level's threshold line and the interval's ends. */
export function ProfilePlots({ summary, best }: { summary: ProfileSummary; best: Record<string, number> }) {
  const level = `${Number((summary.level * 100).toPrecision(4))}%`;
  return (
    <div className="interval-charts">
      <h3>Profiles (Δχ² against each parameter; dashed: the {level} threshold)</h3>
      <div className="interval-chart-grid">
        {Object.entries(summary.params).map(([name, p]) => {
          const finite = p.values
            .map((v, i) => [v, p.deltaChiSquare[i]] as const)
            .filter(([, d]) => Number.isFinite(d));
          const xs = finite.map(([v]) => v);
          const top = Math.max(
            Number.isFinite(summary.threshold) ? summary.threshold * 1.25 : 0,
            ...finite.map(([, d]) => d),
          );
          const x = scale(Math.min(...xs), Math.max(...xs), PAD.left, W - PAD.right);
          const y = scale(0, top > 0 ? top : 1, H - PAD.bottom, PAD.top);
          const line = finite.map(([v, d]) => `${x(v).toFixed(1)},${y(d).toFixed(1)}`).join(' ');
          const label = `Profile of ${name}: Δχ² from ${formatTick(Math.min(...xs))} to ${formatTick(Math.max(...xs))}; the ${level} interval is ${p.lower === null ? 'open' : formatTick(p.lower)} to ${p.upper === null ? 'open' : formatTick(p.upper)}`;
          return (
            <figure key={name} className="interval-chart" data-testid={`profile-plot-${name}`}>
              <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label}>
                <line stroke="#d9dee5" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
                {Number.isFinite(summary.threshold) && (
                  <line
                    stroke="#b3261e"
                    strokeDasharray="4 3"
                    x1={PAD.left}
                    x2={W - PAD.right}
                    y1={y(summary.threshold)}
                    y2={y(summary.threshold)}
                  />
                )}
                {[p.lower, p.upper].map((v, i) =>
                  v === null ? null : (
                    <line key={i} stroke="#b26a00" x1={x(v)} x2={x(v)} y1={PAD.top} y2={H - PAD.bottom} />
                  ),
                )}
                <polyline fill="none" stroke="#1f4e79" strokeWidth={1.5} points={line} />
                {best[name] !== undefined && <circle fill="#1f4e79" cx={x(best[name])} cy={y(0)} r={3} />}
                <text x={PAD.left} y={H - 3} fontSize={9} fill="#5f6b7a">
                  {formatTick(Math.min(...xs))}
                </text>
                <text x={W - PAD.right} y={H - 3} textAnchor="end" fontSize={9} fill="#5f6b7a">
                  {formatTick(Math.max(...xs))}
                </text>
              </svg>
              <figcaption>
                <strong>{name}</strong>
              </figcaption>
              <ChartTable
                caption={`Profile of ${name}: Δχ² at each value (threshold ${formatTick(summary.threshold)})`}
                columns={[name, 'Δχ²']}
                rows={finite.map(([v, d]) => [v, d])}
              />
            </figure>
          );
        })}
      </div>
    </div>
  );
}

/** One histogram of the resampled values per parameter, with the percentile interval's ends. */
export function BootstrapHistograms({ summary, best }: { summary: BootstrapSummary; best: Record<string, number> }) {
  const level = `${Number((summary.level * 100).toPrecision(4))}%`;
  return (
    <div className="interval-charts">
      <h3>
        Bootstrap ({summary.resamples.toLocaleString('en-US')} {summary.kind} resamples, seed {summary.seed}
        {summary.failed > 0 ? `, ${summary.failed} failed refits left out` : ''}; lines: the {level} percentile
        interval)
      </h3>
      <div className="interval-chart-grid">
        {Object.entries(summary.params).map(([name, b]) => {
          const { min, max, counts } = b.histogram;
          const peak = Math.max(1, ...counts);
          const x = scale(min, max, PAD.left, W - PAD.right);
          const bw = (W - PAD.left - PAD.right) / counts.length;
          const binWidth = (max - min) / counts.length;
          const label = `Histogram of ${name} over the resamples, ${formatTick(min)} to ${formatTick(max)}; the ${level} percentile interval is ${formatTick(b.lower)} to ${formatTick(b.upper)}`;
          return (
            <figure key={name} className="interval-chart" data-testid={`bootstrap-histogram-${name}`}>
              <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label}>
                {counts.map((c, i) => {
                  const h = (c / peak) * (H - PAD.top - PAD.bottom);
                  return (
                    <rect
                      key={i}
                      fill="#1f4e79"
                      fillOpacity={0.7}
                      x={PAD.left + i * bw + 0.5}
                      width={Math.max(0.5, bw - 1)}
                      y={H - PAD.bottom - h}
                      height={h}
                    />
                  );
                })}
                {Number.isFinite(min) &&
                  [b.lower, b.upper].map((v, i) => (
                    <line key={i} stroke="#b26a00" x1={x(v)} x2={x(v)} y1={PAD.top} y2={H - PAD.bottom} />
                  ))}
                {best[name] !== undefined && Number.isFinite(min) && (
                  <line
                    stroke="#1d232b"
                    strokeDasharray="2 2"
                    x1={x(best[name])}
                    x2={x(best[name])}
                    y1={PAD.top}
                    y2={H - PAD.bottom}
                  />
                )}
                <text x={PAD.left} y={H - 3} fontSize={9} fill="#5f6b7a">
                  {formatTick(min)}
                </text>
                <text x={W - PAD.right} y={H - 3} textAnchor="end" fontSize={9} fill="#5f6b7a">
                  {formatTick(max)}
                </text>
              </svg>
              <figcaption>
                <strong>{name}</strong> sd {formatTick(b.stdError)}, bias {formatTick(b.bias)}
              </figcaption>
              <ChartTable
                caption={`Bootstrap histogram of ${name}`}
                columns={['from', 'to', 'count']}
                rows={counts.map((c, i) => [min + i * binWidth, min + (i + 1) * binWidth, c])}
              />
            </figure>
          );
        })}
      </div>
    </div>
  );
}
