/** The fit plot as standalone SVG text and as a PNG (drawn from the SVG at twice the size). */
import { withLegend, type PlotLegendEntry } from './plot-legend';

function standalone(
  svg: SVGSVGElement,
  legend: readonly PlotLegendEntry[],
): { markup: string; width: number; height: number } {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.removeAttribute('tabindex');
  const width = Number(svg.getAttribute('width')) || svg.clientWidth;
  const height = Number(svg.getAttribute('height')) || svg.clientHeight;
  return { width, ...withLegend(new XMLSerializer().serializeToString(copy), width, height, legend) };
}

/**
 * Standalone SVG markup of a plot element (namespaces and a white background included), with
 * `legend` (a global fit's data sets) drawn below the plot.
 */
export function svgText(svg: SVGSVGElement, legend: readonly PlotLegendEntry[] = []): string {
  return standalone(svg, legend).markup;
}

/** A PNG blob of the SVG (and its legend) at `scale` × its size. */
export async function svgToPng(svg: SVGSVGElement, scale = 2, legend: readonly PlotLegendEntry[] = []): Promise<Blob> {
  const { markup, width, height } = standalone(svg, legend);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the plot could not be drawn as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
