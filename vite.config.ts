// Builds the drop-in bundle of the elements for `<script type="module" src=".../codat-link.js">`:
// packages/elements/dist/cdn/codat-link.js renders the first step; the upload code, papaparse and
// the XLSX reader are dynamic imports, so they land in lazy chunks beside it.
import { defineConfig, type Plugin } from 'vite';
import type { OutputAsset, OutputChunk } from 'rolldown';
import { SourceMapConsumer, SourceMapGenerator } from 'source-map-js';
import { fileURLToPath } from 'node:url';

const elements = fileURLToPath(new URL('./packages/elements/', import.meta.url));
const MARKER = '__CODAT_LINK_PRELOADS__';

/** The chunks the drop-in script (cdn-entry.ts) may preload, by the module each one is built from. */
const FIRST_SCREEN: Record<string, RegExp> = {
  main: /packages\/elements\/src\/codat-link\.ts$/,
  checklist: /packages\/elements\/src\/steps\/checklist\/checklist\.ts$/,
  softwareSelection: /packages\/elements\/src\/steps\/software-selection\/software-selection\.ts$/,
  adapter: /packages\/adapter-http\/src\/index\.ts$/,
  fr: /packages\/elements\/src\/i18n\/fr\.ts$/,
};

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Replaces ranges of a chunk's code, moving what follows each on its line in the chunk's source map. */
function editChunk(chunk: OutputChunk, map: OutputAsset | undefined, edits: Edit[]): void {
  if (edits.length === 0) return;
  edits.sort((x, y) => x.start - y.start);
  const position = (offset: number) => {
    const lines = chunk.code.slice(0, offset).split('\n');
    return { line: lines.length, column: lines.at(-1)!.length };
  };
  const shifts = edits.map((e) => ({ ...position(e.start), end: position(e.end).column, delta: e.text.length - (e.end - e.start) }));
  let code = chunk.code;
  for (const e of [...edits].reverse()) code = code.slice(0, e.start) + e.text + code.slice(e.end);
  chunk.code = code;
  if (typeof map?.source !== 'string') return;
  const consumer = new SourceMapConsumer(JSON.parse(map.source));
  const generator = new SourceMapGenerator({ file: chunk.fileName });
  consumer.eachMapping((m) => {
    const on = shifts.filter((x) => x.line === m.generatedLine);
    // A mapping inside removed text goes with it.
    if (on.some((x) => m.generatedColumn >= x.column && m.generatedColumn < x.end && x.delta === x.column - x.end)) return;
    const column = m.generatedColumn + on.filter((x) => m.generatedColumn >= x.end).reduce((total, x) => total + x.delta, 0);
    generator.addMapping({
      generated: { line: m.generatedLine, column },
      ...(m.source ? { source: m.source, original: { line: m.originalLine!, column: m.originalColumn! } } : {}),
      ...(m.name ? { name: m.name } : {}),
    });
  });
  for (const source of consumer.sources) {
    const content = consumer.sourceContentFor(source, true);
    if (content) generator.setSourceContent(source, content);
  }
  map.source = generator.toString();
}

/**
 * The drop-in bundle preloads by itself (cdn-entry.ts), so Vite's preload helper, which wraps every
 * dynamic import (with no dependencies to preload, as `modulePreload` is off), is unwrapped back to
 * plain `import()`: one chunk less on the first screen, and none the entry would have to import.
 *
 * Then writes into the drop-in script, in place of its marker, each first-screen chunk with every chunk
 * it imports statically (paths relative to the script), so the script can preload them all at once.
 */
function firstScreenPreloads(): Plugin {
  return {
    name: 'codat-link-first-screen-preloads',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [file] : []));
      const mapOf = (chunk: OutputChunk) => {
        const map = bundle[`${chunk.fileName}.map`];
        return map?.type === 'asset' ? map : undefined;
      };
      const helpers = new Set<string>();
      for (const chunk of chunks) {
        const helper = /import\{(\w+)(?: as ([\w$]+))?\}from"(\.\/(?:chunks\/)?(preload-helper-[\w-]+\.js))";/.exec(chunk.code);
        if (!helper) continue;
        const local = (helper[2] ?? helper[1]!).replace('$', '\\$');
        // `helper(FN,DEPS,import.meta.url)` becomes `(FN)()`: what the helper does with nothing to preload.
        const start = new RegExp(`(?<![\\w$.])${local}\\(((?:async)?\\(\\)=>)`, 'g');
        const end = /,(?:\[\]|__VITE_PRELOAD__|void 0),import\.meta\.url\)/g;
        const edits: Edit[] = [{ start: helper.index, end: helper.index + helper[0].length, text: '' }];
        for (const found of chunk.code.matchAll(start)) {
          end.lastIndex = found.index + found[0].length;
          const close = end.exec(chunk.code);
          const fn = close ? chunk.code.slice(found.index + local.length + 1, close.index) : '';
          if (!close || new RegExp(`(?<![\\w$.])${local}\\(`).test(fn.slice(found[1]!.length)))
            return this.error(`${chunk.fileName}: a preload call this plugin cannot unwrap: ${chunk.code.slice(found.index, found.index + 300)}`);
          edits.push({ start: found.index, end: close.index + close[0].length, text: `(${fn})()` });
        }
        // Every call of the helper must have been unwrapped: its import is gone.
        const calls = chunk.code.match(/,(?:\[\]|__VITE_PRELOAD__|void 0),import\.meta\.url\)/g)?.length ?? 0;
        if (calls !== edits.length - 1) return this.error(`${chunk.fileName}: ${calls} preload calls, ${edits.length - 1} unwrapped`);
        editChunk(chunk, mapOf(chunk), edits);
        const file = chunk.imports.find((imported) => imported.endsWith(helper[4]!));
        if (file) helpers.add(file);
        chunk.imports = chunk.imports.filter((imported) => imported !== file);
      }
      for (const file of helpers) {
        if (chunks.some((c) => c.imports.includes(file))) continue;
        delete bundle[file];
        delete bundle[`${file}.map`];
      }

      const closure = (fileName: string, seen: Set<string>): Set<string> => {
        if (seen.has(fileName)) return seen;
        seen.add(fileName);
        const chunk = bundle[fileName];
        if (chunk?.type === 'chunk') for (const imported of chunk.imports) closure(imported, seen);
        return seen;
      };
      const preloads: Record<string, string[]> = {};
      for (const [name, pattern] of Object.entries(FIRST_SCREEN)) {
        const chunk = chunks.find((c) => c.facadeModuleId && pattern.test(c.facadeModuleId.replaceAll('\\', '/')));
        if (!chunk) return this.error(`no chunk is built from the first-screen module ${pattern}`);
        preloads[name] = [...closure(chunk.fileName, new Set())];
      }
      const entry = chunks.find((c) => c.isEntry && c.name === 'codat-link');
      if (!entry) return this.error('no codat-link entry');
      if (entry.imports.length > 0) return this.error(`the entry must import nothing statically, but imports ${entry.imports.join(', ')}`);
      const at = entry.code.indexOf(MARKER);
      if (at < 0 || entry.code.indexOf(MARKER, at + 1) >= 0) return this.error(`the entry must hold ${MARKER} exactly once`);
      // The marker's string literal, quotes included, becomes a string literal of the JSON.
      if (!/^([`'"])\w+\1$/.test(entry.code.slice(at - 1, at + MARKER.length + 1))) return this.error(`${MARKER} must be a plain string literal`);
      editChunk(entry, mapOf(entry), [{ start: at - 1, end: at + MARKER.length + 1, text: JSON.stringify(JSON.stringify(preloads)) }]);
    },
  };
}

export default defineConfig({
  root: elements,
  // Relative URLs, so the worker and lazy chunks load from wherever the bundle is served (e.g. /cdn/).
  base: './',
  plugins: [firstScreenPreloads()],
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
      // The drop-in script imports nothing statically; codat-link.ts (the element) is its first chunk.
      input: { 'codat-link': `${elements}src/cdn-entry.ts` },
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
