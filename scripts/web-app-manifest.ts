import type { ManifestOptions } from 'vite-plugin-pwa';

/**
 * The web app manifest (dist/manifest.webmanifest). Chromium installs the app when it has
 * a name, a start URL, a standalone display and 192 and 512 px PNG icons
 * (scripts/make-icons.mjs draws them); paths are relative so the build works from any folder.
 */
export const webAppManifest: Partial<ManifestOptions> = {
  id: './',
  name: 'Fitbench — curve fitting workbench',
  short_name: 'Fitbench',
  description: 'Nonlinear curve fitting in the browser: exact Jacobians, NIST-certified solvers, WebGPU, offline.',
  start_url: './',
  scope: './',
  display: 'standalone',
  background_color: '#ffffff',
  theme_color: '#1f4e79',
  categories: ['education', 'productivity', 'utilities'],
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
};
