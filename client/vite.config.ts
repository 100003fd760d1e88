/**
 * The map client's build: `npm run build` (or `npm start`, through scripts/ensure-client.mjs)
 * writes client/dist, which the server serves at /{municipality}/ and /assets/.
 * `npx vite --config client/vite.config.ts` serves the client with live reload and passes the API,
 * the OGC API and the tiles on to the server at API_ORIGIN (default http://localhost:3000).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
// @ts-expect-error a plain ES module without types, also read by test/embed/budget.test.ts
import { embedBudget } from './embed-budget.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_ORIGIN ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // The page's CSP allows no inline script: no preload polyfill injected into index.html.
    modulePreload: { polyfill: false },
    // OpenLayers is most of the bundle; one file of ~250 kB (≈75 kB gzipped) is expected.
    chunkSizeWarningLimit: 400,
    sourcemap: false,
    // Two pages: the full map, and the light embed (/{hromada}/embed) with its own script budget.
    rollupOptions: { input: { index: `${root}index.html`, embed: `${root}embed.html` } },
  },
  plugins: [embedBudget()],
  server: {
    proxy: {
      '^/[^/]+/(api|ogc|tiles)/': { target: api, changeOrigin: false },
      '/api': { target: api },
    },
  },
});
