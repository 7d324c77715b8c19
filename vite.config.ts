// Builds the drop-in bundle of the elements for `<script type="module" src=".../codat-link.js">`:
// packages/elements/dist/cdn/codat-link.js renders the first step; the upload code, papaparse and
// the XLSX reader are dynamic imports, so they land in lazy chunks beside it.
import { defineConfig, type Plugin } from 'vite';
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
};

/**
 * Writes into the drop-in script, in place of its marker, each first-screen chunk with every chunk it
 * imports statically (paths relative to the script), so the script can preload them all at once.
 */
function firstScreenPreloads(): Plugin {
  return {
    name: 'codat-link-first-screen-preloads',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [file] : []));
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
        if (!chunk) this.error(`no chunk is built from the first-screen module ${pattern}`);
        preloads[name] = [...closure(chunk.fileName, new Set())];
      }
      const entry = chunks.find((c) => c.isEntry && c.name === 'codat-link');
      if (!entry) return this.error('no codat-link entry');
      const edits: { start: number; end: number; text: string }[] = [];
      const at = entry.code.indexOf(MARKER);
      if (at < 0 || entry.code.indexOf(MARKER, at + 1) >= 0) return this.error(`the entry must hold ${MARKER} exactly once`);
      // The marker's string literal, quotes included, becomes a string literal of the JSON.
      if (!/^([`'"])\w+\1$/.test(entry.code.slice(at - 1, at + MARKER.length + 1))) return this.error(`${MARKER} must be a plain string literal`);
      edits.push({ start: at - 1, end: at + MARKER.length + 1, text: JSON.stringify(JSON.stringify(preloads)) });
      // Vite wraps every dynamic import in its preload helper, a chunk the entry would then import
      // statically (one more hop before it runs). The entry preloads by itself: unwrap them.
      const helper = /import\{(\w+) as ([\w$]+)\}from"\.\/(chunks\/preload-helper-[\w-]+\.js)";/.exec(entry.code);
      if (helper) {
        edits.push({ start: helper.index, end: helper.index + helper[0].length, text: '' });
        const call = new RegExp(
          `(?<![\\w$.])${helper[2]!.replace('$', '\\$')}\\(\\(\\)=>(import\\((?:\`[^\`]+\`|"[^"]+")\\)),(?:\\[\\]|__VITE_PRELOAD__|void 0),import\\.meta\\.url\\)`,
          'g',
        );
        for (const found of entry.code.matchAll(call)) edits.push({ start: found.index, end: found.index + found[0].length, text: found[1]! });
        entry.imports = entry.imports.filter((file) => file !== helper[3]);
        if (entry.code.replace(call, '').includes('(()=>import(')) return this.error('the entry wraps an import() in a way this plugin does not unwrap');
      }
      if (entry.imports.length > 0) return this.error(`the entry must import nothing statically, but imports ${entry.imports.join(', ')}`);
      edits.sort((x, y) => x.start - y.start);
      const position = (offset: number) => {
        const lines = entry.code.slice(0, offset).split('\n');
        return { line: lines.length, column: lines.at(-1)!.length };
      };
      const shifts = edits.map((e) => ({ ...position(e.start), endColumn: position(e.end).column, delta: e.text.length - (e.end - e.start) }));
      let code = entry.code;
      for (const e of [...edits].reverse()) code = code.slice(0, e.start) + e.text + code.slice(e.end);
      entry.code = code;
      // What follows an edit on its line moves in the source map (the minified entry is one line).
      const map = bundle[`${entry.fileName}.map`];
      if (map?.type === 'asset' && typeof map.source === 'string') {
        const consumer = new SourceMapConsumer(JSON.parse(map.source));
        const generator = new SourceMapGenerator({ file: entry.fileName });
        consumer.eachMapping((m) => {
          let column = m.generatedColumn;
          for (const shift of shifts) {
            if (shift.line !== m.generatedLine || m.generatedColumn < shift.endColumn) continue;
            column += shift.delta;
          }
          if (
            shifts.some(
              (x) =>
                x.line === m.generatedLine &&
                m.generatedColumn >= x.column &&
                m.generatedColumn < x.endColumn &&
                x.delta < 0 &&
                x.endColumn - x.column + x.delta === 0,
            )
          )
            return;
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
