import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { appServices } from './stores/app-services';
import './styles.css';

// The fitting service and window.fitbench exist whatever route the page opens on.
appServices();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
