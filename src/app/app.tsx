import { AppHeader } from './components/app-header';
import { GpuStatusLine } from './features/gpu-status/gpu-status-line';
import { WorkbenchPage } from './features/workbench/workbench-page';
import { TutorialsPage } from './features/tutorials-page/tutorials-page';
import { BatchPage } from './features/batch/batch-page';
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
        ) : route.page === 'batch' ? (
          <BatchPage />
        ) : (
          <TutorialsPage tutorialId={route.tutorialId} />
        )}
      </main>
      <footer className="status-line">
        <GpuStatusLine />
      </footer>
    </div>
  );
}
