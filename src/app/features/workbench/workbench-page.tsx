import { lazy, Suspense, useEffect, useState } from 'react';
import { loadDemo } from '../../demo/load-demo';
import { appServices, type AppServices } from '../../stores/app-services';
import { ServicesContext, useServices, useWorkbench } from '../../stores/hooks';
import { ProjectBar } from '../projects/project-bar';
// Exports and the history appear after a first fit: their code loads then.
const ExportPanel = lazy(() => import('../exports/export-panel').then((m) => ({ default: m.ExportPanel })));
const FitHistory = lazy(() => import('../history/fit-history').then((m) => ({ default: m.FitHistory })));
const CorrelationView = lazy(() => import('./correlation-view').then((m) => ({ default: m.CorrelationView })));
const IntervalPanel = lazy(() => import('./interval-panel').then((m) => ({ default: m.IntervalPanel })));
import { ConvergenceView } from './convergence-view';
import { DataPanel } from './data-panel';
import { DerivedPanel } from './derived-panel';
import { DerivedResults } from './derived-results';
import { FitBackend } from './fit-backend';
import { FitControls } from './fit-controls';
import { FitPlots } from './fit-plots';
import { FitStats } from './fit-stats';
import { ModelPanel } from './model-panel';
import { OptionsPanel } from './options-panel';
import { ParamTable } from './param-table';
import { ResultTable } from './result-table';
import { ResumeBanner } from './resume-banner';

/** The workbench: data, model and parameters on the left; charts and results on the right (the service is on #/service). */
export function WorkbenchPage() {
  const [services] = useState(appServices);
  return (
    <ServicesContext.Provider value={services}>
      <ProjectBar />
      <div className="workbench">
        <section className="panel inputs" aria-label="Fit set-up">
          <UrlNotices />
          <DataPanel />
          <ModelPanel />
          <ParamTable />
          <DerivedPanel />
          <OptionsPanel />
          <FitControls />
          <FitBackend />
        </section>
        <div className="workbench-main">
          <ResumeBanner />
          <section className="panel results" aria-label="Fit">
            <h2>Convergence</h2>
            <ConvergenceView />
            <h2>Fit</h2>
            <FitPlots />
            <ResultTable />
            <DerivedResults />
            <Suspense fallback={null}>
              <IntervalPanel />
              <CorrelationView />
            </Suspense>
            <FitStats />
            <Suspense fallback={null}>
              <ExportPanel />
              <FitHistory />
            </Suspense>
          </section>
        </div>
      </div>
    </ServicesContext.Provider>
  );
}

/** Loads `?demo=` once per page (StrictMode runs effects twice; the demo must load once). */
const demoLoads = new WeakMap<AppServices, Promise<unknown>>();

function UrlNotices() {
  const services = useServices();
  const [demoState, setDemoState] = useState<{ state: 'idle' | 'loading' | 'loaded' | 'error'; message?: string }>({
    state: services.url.demo ? 'loading' : 'idle',
  });
  const hasData = useWorkbench((s) => s.table !== null);
  useEffect(() => {
    const name = services.url.demo;
    if (!name) return;
    let load = demoLoads.get(services);
    if (!load) {
      load = loadDemo(services.workbench, name);
      demoLoads.set(services, load);
    }
    let live = true;
    load.then(
      () => live && setDemoState({ state: 'loaded' }),
      (e: unknown) => live && setDemoState({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [services]);
  const problems = services.url.problems;
  return (
    <>
      {demoState.state === 'loading' && !hasData && (
        <div className="notice" data-testid="demo-status">
          Generating the “{services.url.demo}” demo data…
        </div>
      )}
      {demoState.state === 'error' && (
        <div className="field-error" data-testid="demo-error">
          {demoState.message}
        </div>
      )}
      {problems.map((p) => (
        <div key={p} className="field-error" data-testid="url-problem">
          {p}
        </div>
      ))}
    </>
  );
}
