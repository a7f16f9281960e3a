import { useState } from 'react';
import { useStore } from 'zustand';
import { scipyGlobalScript } from '../../exports/python-global-script';
import { lmfitScript, scipyScript } from '../../exports/python-script';
import { svgText, svgToPng } from '../../exports/plot-image';
import {
  globalFixedNames,
  reportHtml,
  reportMarkdown,
  resultsCsv,
  resultsJson,
  type ResultExportInput,
} from '../../exports/result-files';
import { tiedExpressions } from '../../exports/tied-expressions';
import { shareLink } from '../../projects/project-file';
import { snapshotOf } from '../../projects/workbench-snapshot';
import { useServices, useWorkbench } from '../../stores/hooks';
import { downloadText } from '../../exports/download-text';
import { fitPlotSvg } from '../workbench/fit-plot-ref';
import { datasetStyle } from '../workbench/global-views';
import type { PlotLegendEntry } from '../../exports/plot-legend';

function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function fileBase(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'fit';
}

/** Take-away: results as CSV/JSON, the plot as SVG/PNG, a report, a Python script, a share link. */
export function ExportPanel() {
  const { workbench, projects } = useServices();
  const completed = useWorkbench((s) => s.fit?.completed ?? null);
  const projectName = useStore(projects.state, (s) => s.currentName);
  const [python, setPython] = useState<{ kind: 'scipy' | 'lmfit'; text: string } | null>(null);
  const [share, setShare] = useState<{ ok: boolean; text: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!completed) return null;
  const base = fileBase(projectName);
  const input = (): ResultExportInput => ({
    result: completed.result,
    modelText: completed.modelText,
    projectName,
    xLabel: completed.xLabel,
    yLabel: completed.yLabel,
    fixed: completed.global
      ? globalFixedNames(completed.result.paramNames, completed.global.fixed ?? [])
      : (completed.problem?.fixed ?? []),
    expressions: tiedExpressions(completed.result, completed.problem?.expressions, completed.global),
    derived: completed.global ? completed.global.derived : completed.problem?.derived,
    profile: completed.profile,
    bootstrap: completed.bootstrap,
    ...(completed.global
      ? {
          global: {
            datasets: completed.global.datasets.map((d, k) => d.name ?? `data set ${k + 1}`),
            shared: completed.global.shared ?? [],
          },
        }
      : {}),
  });
  // A global fit's legend is HTML beside the chart: exported plots draw it in.
  const legend: PlotLegendEntry[] = completed.global
    ? completed.global.datasets.map((d, k) => ({ name: d.name ?? `data set ${k + 1}`, ...datasetStyle(k) }))
    : [];
  const plots = () => {
    const svg = fitPlotSvg.current;
    const residual = document.querySelector<SVGSVGElement>('[data-testid="residual-chart"] svg');
    const out: { title: string; svg: string }[] = [];
    if (svg) out.push({ title: `Fit: ${completed.yLabel} against ${completed.xLabel}`, svg: svgText(svg, legend) });
    if (residual) out.push({ title: 'Residuals', svg: svgText(residual) });
    for (const chart of document.querySelectorAll<SVGSVGElement>(
      '[data-testid^="profile-plot-"] svg, [data-testid^="bootstrap-histogram-"] svg',
    ))
      out.push({ title: chart.getAttribute('aria-label') ?? 'Interval chart', svg: svgText(chart) });
    return out;
  };
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setMessage(`${what} copied to the clipboard.`);
    } catch {
      setMessage(`${what} is shown below: select it and copy.`);
    }
  };
  const makePython = (kind: 'scipy' | 'lmfit') => {
    if (completed.global) {
      if (kind === 'scipy' && !completed.dataOmitted) {
        let text: string;
        try {
          text = scipyGlobalScript({
            problem: completed.global,
            result: completed.result,
            fScale: completed.fScale,
            title: projectName,
          });
        } catch (e) {
          setMessage(e instanceof Error ? e.message : String(e));
          return;
        }
        setPython({ kind, text });
        void copy(text, 'The scipy script of the global fit');
      } else {
        setMessage(
          completed.dataOmitted
            ? 'This fit was too large to keep its data: fit again to copy it as Python.'
            : 'Copy as Python (lmfit) reproduces single-data-set fits only; for this global fit use Copy as Python (scipy).',
        );
      }
      return;
    }
    if (!completed.problem || completed.dataOmitted) {
      setMessage('This fit was too large to keep its data: fit again to copy it as Python.');
      return;
    }
    const args = { problem: completed.problem, result: completed.result, fScale: completed.fScale, title: projectName };
    const text = kind === 'scipy' ? scipyScript(args) : lmfitScript(args);
    setPython({ kind, text });
    void copy(text, kind === 'scipy' ? 'The scipy script' : 'The lmfit script');
  };
  return (
    <section className="export-panel" aria-label="Export">
      <h2>Export</h2>
      <div className="export-buttons">
        <button
          type="button"
          className="small"
          data-testid="export-results-csv"
          onClick={() => downloadText(`${base}-results.csv`, resultsCsv(input()), 'text/csv')}
        >
          Results CSV
        </button>
        <button
          type="button"
          className="small"
          data-testid="export-results-json"
          onClick={() => downloadText(`${base}-results.json`, resultsJson(input()), 'application/json')}
        >
          Results JSON
        </button>
        <button
          type="button"
          className="small"
          data-testid="export-plot-svg"
          onClick={() =>
            fitPlotSvg.current && downloadText(`${base}-fit.svg`, svgText(fitPlotSvg.current, legend), 'image/svg+xml')
          }
        >
          Plot SVG
        </button>
        <button
          type="button"
          className="small"
          data-testid="export-plot-png"
          onClick={() => {
            const svg = fitPlotSvg.current;
            if (svg)
              svgToPng(svg, 2, legend).then(
                (png) => downloadBlob(`${base}-fit.png`, png),
                (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)),
              );
          }}
        >
          Plot PNG
        </button>
        <button
          type="button"
          className="small"
          data-testid="export-report"
          onClick={() => downloadText(`${base}-report.html`, reportHtml(input(), plots()), 'text/html')}
        >
          Report (HTML)
        </button>
        <button
          type="button"
          className="small"
          data-testid="export-report-md"
          onClick={() => downloadText(`${base}-report.md`, reportMarkdown(input(), plots()), 'text/markdown')}
        >
          Report (Markdown)
        </button>
        <button type="button" className="small" data-testid="copy-python" onClick={() => makePython('scipy')}>
          Copy as Python (scipy)
        </button>
        <button type="button" className="small" data-testid="copy-python-lmfit" onClick={() => makePython('lmfit')}>
          Copy as Python (lmfit)
        </button>
        <button
          type="button"
          className="small"
          data-testid="share-link"
          onClick={async () => {
            await projects.flush();
            const base = `${location.origin}${location.pathname}`;
            const link = await shareLink(base, projectName, snapshotOf(workbench.getState()));
            if (!link.ok) setShare({ ok: false, text: link.message });
            else {
              setShare({ ok: true, text: link.url });
              void copy(link.url, 'The share link');
            }
          }}
        >
          Share link
        </button>
      </div>
      {message && (
        <p className="muted" role="status" data-testid="export-message">
          {message}
        </p>
      )}
      {share &&
        (share.ok ? (
          <label className="export-text">
            Share link (the project travels in the link itself, never through a server)
            <input readOnly data-testid="share-link-url" value={share.text} onFocus={(e) => e.currentTarget.select()} />
          </label>
        ) : (
          <div className="field-error" role="alert" data-testid="share-link-error">
            {share.text}
          </div>
        ))}
      {python && (
        <label className="export-text">
          {python.kind === 'scipy' ? 'scipy script' : 'lmfit script'}
          <textarea readOnly rows={8} data-testid="python-script" value={python.text} spellCheck={false} />
          <button
            type="button"
            className="small"
            onClick={() => downloadText(`${base}-${python.kind}.py`, python.text, 'text/x-python')}
          >
            Download .py
          </button>
        </label>
      )}
    </section>
  );
}
