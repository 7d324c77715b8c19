// Builds the drop-in bundle of the elements for `<script type="module" src=".../codat-link.js">`:
// packages/elements/dist/cdn/codat-link.js renders the first step; the upload code, papaparse and
// the XLSX reader are dynamic imports, so they land in lazy chunks beside it.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const elements = fileURLToPath(new URL('./packages/elements/', import.meta.url));

export default defineConfig({
  root: elements,
  // Relative URLs, so the worker and lazy chunks load from wherever the bundle is served (e.g. /cdn/).
  base: './',
  // Workspace packages resolve to their TypeScript sources, as in the tests.
  resolve: { conditions: ['source', 'module', 'browser', 'production'] },
  build: {
    outDir: `${elements}dist/cdn`,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    modulePreload: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: { 'codat-link': `${elements}src/codat-link.ts` },
      preserveEntrySignatures: 'exports-only',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  worker: {
    format: 'es',
    rollupOptions: { output: { entryFileNames: 'workers/[name]-[hash].js', chunkFileNames: 'workers/[name]-[hash].js' } },
  },
});
