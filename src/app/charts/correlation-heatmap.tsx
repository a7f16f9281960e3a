/**
 * The parameter correlation matrix as a heat map that is also a table: each cell's colour
 * runs from blue (−1) through white to red (+1), and holds the number, so screen readers and
 * copy-paste get the values. |r| > 0.95 is flagged: those parameters are hard to tell apart.
 */
export function CorrelationHeatmap({ names, correlation }: { names: string[]; correlation: number[][] }) {
  if (names.length < 2) return null;
  return (
    <div className="table-scroll">
      <table className="correlation-heatmap" data-testid="correlation-heatmap">
        <caption>Parameter correlations</caption>
        <thead>
          <tr>
            <td />
            {names.map((n) => (
              <th key={n} scope="col">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {names.map((row, i) => (
            <tr key={row}>
              <th scope="row">{row}</th>
              {names.map((col, j) => {
                const r = correlation[i]?.[j];
                const finite = typeof r === 'number' && Number.isFinite(r);
                const strong = finite && i !== j && Math.abs(r) > 0.95;
                return (
                  <td
                    key={col}
                    className={strong ? 'num strong' : 'num'}
                    style={finite ? { background: heat(r) } : undefined}
                    data-value={finite ? String(r) : ''}
                    title={finite ? `corr(${row}, ${col}) = ${r}` : undefined}
                  >
                    {finite ? correlationText(r) : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** r to two decimals; a tiny negative r reads 0.00, not −0.00 (no sign without a digit to carry it). */
export function correlationText(r: number): string {
  const text = r.toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

/** Blue (−1) → white (0) → red (+1), light enough that dark text keeps 4.5:1 contrast. */
export function heat(r: number): string {
  const t = Math.max(-1, Math.min(1, r));
  const k = Math.abs(t) * 0.55;
  const [R, G, B] = t >= 0 ? [255, 255 - 150 * k, 255 - 150 * k] : [255 - 150 * k, 255 - 110 * k, 255];
  return `rgb(${Math.round(R)}, ${Math.round(G)}, ${Math.round(B)})`;
}
