/** The fit plot's SVG element, for the exports (plot as SVG/PNG, the report's figure). */
export const fitPlotSvg: { current: SVGSVGElement | null } = { current: null };
