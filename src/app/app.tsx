import { AppHeader } from './components/app-header';
import { GpuStatusLine } from './features/gpu-status/gpu-status-line';
import { WorkbenchPage } from './features/workbench/workbench-page';
import { lazy, Suspense } from 'react';

const TutorialsPage = lazy(() =>
  import('./features/tutorials-page/tutorials-page').then((m) => ({ default: m.TutorialsPage })),
);
import { useRoute } from './routing';

/** The application frame: header, the routed page, and the status line. */
export function App() {
  const route = useRoute();
  return (
    <div className="app">
      <AppHeader route={route} />
      <main className="app-main">
        {route.page === 'workbench' ? (
          <WorkbenchPage />
        ) : (
          <Suspense fallback={null}>
            <TutorialsPage tutorialId={route.tutorialId} />
          </Suspense>
        )}
      </main>
      <footer className="status-line">
        <GpuStatusLine />
      </footer>
    </div>
  );
}
