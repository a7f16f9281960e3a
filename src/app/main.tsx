import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { appServices } from './stores/app-services';
import { activeFitCount } from './features/offline/app-update-store';
import { registerAppServiceWorker } from './features/offline/register-service-worker';
import './styles.css';

// The fitting service and window.fitbench exist whatever route the page opens on.
const services = appServices();
// Offline first: the service worker precaches the build (production builds only).
if (import.meta.env.PROD) registerAppServiceWorker(() => activeFitCount(services.client.getSnapshot()) > 0);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
