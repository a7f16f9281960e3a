import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { resolve } from 'node:path';
import { webAppManifest } from './scripts/web-app-manifest.ts';

// Two pages: the app, and a bare harness the end-to-end tests use to drive the GPU
// backend directly in real Chromium (WebGPU is only testable in a browser here).
export default defineConfig({
  plugins: [
    react(),
    // Offline first: a Workbox service worker precaches the whole build (app shell, every
    // worker script and lazy chunk, fonts, icons) by glob, so chunks added later are covered
    // without a list to keep. 'prompt': a new deployment waits until the user reloads to
    // update (src/app/features/offline), never swapping code under a running fit.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: webAppManifest,
      includeManifestIcons: false,
      workbox: {
        globPatterns: ['**/*.{html,js,mjs,css,svg,png,ico,woff2,wasm,json,md,csv}'],
        globIgnores: ['**/*.map', 'reports/**'],
        // The main and worker bundles are hundreds of kB and grow with features; a file over
        // the limit would silently miss the precache and break offline use (e2e/offline checks).
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        // Only the first install takes control at once (nothing older runs then); updates wait.
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  base: './',
  build: {
    target: 'es2022',
    // Fonts stay files: the page's CSP (default-src 'self') refuses data: URLs, and the service
    // worker precaches the woff2 files like any other asset.
    assetsInlineLimit: (file: string) => (/\.(woff2?|ttf|otf|eot)$/.test(file) ? false : undefined),
    sourcemap: true,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        harness: resolve(import.meta.dirname, 'harness.html'),
      },
    },
  },
  worker: { format: 'es' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
  server: { host: '127.0.0.1' },
});
