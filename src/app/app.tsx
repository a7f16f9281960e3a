import { lazy, Suspense, useEffect } from 'react';
import { AppHeader } from './components/app-header';
import { GpuStatusLine } from './features/gpu-status/gpu-status-line';
import { OfflineStatus, UpdateBanner } from './features/offline/update-banner';
import { WorkbenchPage } from './features/workbench/workbench-page';
import { routeHref, useRoute, type Route } from './routing';

// Pages other than the workbench load when their route is opened: the notebooks (and their
// Markdown renderer), the batch page, and the service dashboard (and its chart).
const BatchPage = lazy(() => import('./features/batch/batch-page').then((m) => ({ default: m.BatchPage })));
const ServicePage = lazy(() => import('./features/service/service-page').then((m) => ({ default: m.ServicePage })));
const NotebooksPage = lazy(() =>
  import('./features/notebooks/notebooks-page').then((m) => ({ default: m.NotebooksPage })),
);

/** The application frame: header, the routed page, and the status line. */
export function App() {
  const route = useRoute();
  // The walkthroughs became notebooks: #/tutorials[/id] opens the notebook of the same id.
  useEffect(() => {
    if (route.page === 'tutorials') {
      window.location.replace(routeHref({ page: 'notebooks', notebookId: route.tutorialId }));
    }
  }, [route]);
  return (
    <div className="app">
      <AppHeader route={route} />
      <UpdateBanner />
      <main className="app-main">
        <Suspense fallback={null}>
          <RoutedPage route={route} />
        </Suspense>
      </main>
      <footer className="status-line">
        <GpuStatusLine />
        <OfflineStatus />
      </footer>
    </div>
  );
}

function RoutedPage({ route }: { route: Route }) {
  if (route.page === 'workbench') return <WorkbenchPage />;
  if (route.page === 'batch') return <BatchPage />;
  if (route.page === 'service') return <ServicePage />;
  if (route.page === 'tutorials') return <NotebooksPage notebookId={route.tutorialId} />;
  return <NotebooksPage notebookId={route.notebookId} openUrl={route.openUrl} />;
}
