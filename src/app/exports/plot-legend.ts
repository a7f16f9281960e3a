/**
 * The data-set legend of a global fit's plot, drawn into the exported SVG (on the page it is
 * HTML beside the chart, which an exported file would lose).
 */

/** One data set: its name and the style the plot draws it with. */
export interface PlotLegendEntry {
  name: string;
  color: string;
  marker: 'round' | 'square' | 'cross';
  dash?: string;
}

const ROW = 18;
const PAD = 12;
/** Width of the line-and-marker sample before the name. */
const SAMPLE = 40;

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function sample(e: PlotLegendEntry): string {
  const dash = e.dash ? ` stroke-dasharray="${e.dash}"` : '';
  const line = `<line x1="0" y1="6" x2="20" y2="6" stroke="${e.color}" stroke-width="2"${dash}/>`;
  const marker =
    e.marker === 'cross'
      ? `<path d="M24 3l6 6M24 9l6-6" stroke="${e.color}" stroke-width="1.5"/>`
      : `<path d="M27 6h0" stroke="${e.color}" stroke-width="4" stroke-linecap="${e.marker === 'square' ? 'square' : 'round'}"/>`;
  return line + marker;
}

/**
 * Standalone SVG markup with the legend added below the plot (entries flow left to right and
 * wrap at the plot's width); the root's height grows by the legend's. No entries: unchanged.
 */
export function withLegend(
  markup: string,
  width: number,
  height: number,
  entries: readonly PlotLegendEntry[],
): { markup: string; height: number } {
  if (entries.length === 0) return { markup, height };
  let x = PAD;
  let y = 0;
  const items = entries.map((e) => {
    // A width estimate for 12 px system-ui text: generous, so names never overlap.
    const w = SAMPLE + e.name.length * 7 + 18;
    if (x > PAD && x + w > width - PAD) {
      x = PAD;
      y += ROW;
    }
    const item = `<g transform="translate(${x},${y})">${sample(e)}<text x="${SAMPLE - 4}" y="10.5" font-size="12" fill="#1f2933">${escapeXml(e.name)}</text></g>`;
    x += w;
    return item;
  });
  const legendHeight = y + ROW + 8;
  const grown = height + legendHeight;
  const legend = `<g data-legend="datasets" transform="translate(0,${height + 4})"><rect x="0" y="-4" width="${width}" height="${legendHeight}" fill="#fff"/>${items.join('')}</g>`;
  const out = markup
    .replace(/^(<svg\b[^>]*?\sheight=")[^"]*"/, `$1${grown}"`)
    .replace(/<\/svg>\s*$/, `${legend}</svg>`);
  return { markup: out, height: grown };
}
