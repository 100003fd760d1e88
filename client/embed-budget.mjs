/**
 * The embed's JavaScript budget, checked by the build: `vite build` fails when the script an embed
 * page loads before it can draw — its entry chunk and every chunk that one imports statically —
 * is larger, gzipped, than EMBED_JS_BUDGET. A council page may hold several embeds and residents
 * open it on phones over mobile data; the map must not cost more than the page around it.
 *
 * What fits (measured 2026-12-03, see README "Embedding"): OpenLayers' map, view, vector-tile
 * source, MVT format, tile and vector-tile layers, canvas renderer and default controls
 * (≈ 85 % of it), our catalog styles, the pointer and the postMessage bridge. What must stay out:
 * the editor, the sidebar, the sign-in, the registry — the embed entry imports none of them.
 */
import { gzipSync } from 'node:zlib';

/** Bytes, gzipped, of the JavaScript an embed loads before its first frame. */
export const EMBED_JS_BUDGET = 120 * 1024;

/**
 * Gzipped bytes of the JavaScript a Rollup entry chunk loads eagerly (itself and its static
 * imports, transitively), and the files, for the message.
 */
export function eagerJsSize(bundle, entryName) {
  const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry && c.name === entryName);
  if (!entry) throw new Error(`embed budget: no entry chunk named ${entryName} in the bundle`);
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set();
  const visit = (chunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.add(chunk.fileName);
    for (const name of chunk.imports) if (byFile.has(name)) visit(byFile.get(name));
  };
  visit(entry);
  const files = [...seen].map((name) => ({ name, bytes: gzipSync(byFile.get(name).code, { level: 9 }).length }));
  return { bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
}

/** The Vite plugin: reports the embed's size on every build and fails one past the budget. */
export function embedBudget({ entryName = 'embed', budget = EMBED_JS_BUDGET, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  return {
    name: 'prozore-embed-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const { bytes, files } = eagerJsSize(bundle, entryName);
      const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
      if (bytes > budget) {
        this.error(`the embed loads ${kb(bytes)} of JavaScript (gzipped), over its budget of ${kb(budget)} (client/embed-budget.mjs): ${files.map((f) => `${f.name} ${kb(f.bytes)}`).join(', ')}`);
      }
      log(`[prozore-misto] embed JavaScript: ${kb(bytes)} gzipped of ${kb(budget)} budget`);
    },
  };
}
