/**
 * docs/reference.md is the element reference generated from custom-elements.json (the manifest the
 * analyzer builds from the classes' JSDoc). The test rebuilds the manifest, renders the page and
 * compares; `UPDATE_DOCS=1` writes it. It also checks the JSDoc itself: every registered element
 * names its tag, and every part its template renders is documented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const elements = join(root, 'packages', 'elements');
const page = join(root, 'docs', 'reference.md');

interface Described { name: string; description?: string; default?: string; type?: { text: string } }
interface Attribute extends Described { fieldName?: string }
interface Member extends Described { kind: string; privacy?: string; static?: boolean; readonly?: boolean; attribute?: string; inheritedFrom?: unknown }
interface Declaration {
  kind: string; name: string; tagName?: string; description?: string; customElement?: boolean;
  attributes?: Attribute[]; members?: Member[]; events?: Described[]; cssParts?: Described[]; cssProperties?: Described[]; slots?: Described[];
}
interface Manifest { modules: { path: string; declarations?: Declaration[] }[] }

function manifest(): Manifest {
  execFileSync('npx', ['custom-elements-manifest', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], { cwd: elements, stdio: 'pipe' });
  return JSON.parse(readFileSync(join(elements, 'custom-elements.json'), 'utf8')) as Manifest;
}

const cell = (text: string | undefined) => (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text: string | undefined) => (text ? `\`${text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')}\`` : '');

function table(headings: string[], rows: string[][]): string[] {
  if (rows.length === 0) return [];
  return [`| ${headings.join(' | ')} |`, `|${headings.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`), ''];
}

function render(declarations: (Declaration & { path: string })[]): string {
  const out = [
    '# Element reference',
    '',
    '<!-- Generated from custom-elements.json by test/docs/reference.test.ts (UPDATE_DOCS=1 rewrites it). Edit the JSDoc, not this page. -->',
    '',
    'Every element of `@codat-link/elements`: `<codat-link>` is the one a partner places; the others are the',
    'journey steps and the upload parts it renders, usable alone (stories, custom shells). Their CSS parts',
    'are re-exported by `<codat-link>` (see [theming](theming.md)).',
    '',
  ];
  for (const element of declarations) {
    const members = element.members ?? [];
    const memberOf = (field: string | undefined) => members.find((m) => m.name === field);
    out.push(`## \`<${element.tagName}>\``, '', `\`${element.name}\`, in \`packages/elements/${element.path}\`.`, '');
    if (element.description) out.push(element.description.trim(), '');
    const attributes = element.attributes ?? [];
    out.push(...table(['attribute', 'property', 'type', 'default', 'description'], attributes.map((a) => {
      const member = memberOf(a.fieldName);
      return [code(a.name), code(a.fieldName), code(a.type?.text ?? member?.type?.text), code(a.default ?? member?.default), cell(a.description ?? member?.description)];
    })));
    const withAttribute = new Set(attributes.map((a) => a.fieldName));
    // Public fields with a description and no attribute: the properties set from script only.
    const properties = members.filter((m) =>
      m.kind === 'field' && (m.privacy ?? 'public') === 'public' && !m.static && !m.inheritedFrom && !withAttribute.has(m.name) && m.description);
    out.push(...table(['property (no attribute)', 'type', 'description'], properties.map((m) => [code(m.name), code(m.type?.text), cell(m.description)])));
    out.push(...table(['event', 'description'], (element.events ?? []).filter((e) => e.name).map((e) => [code(e.name), cell(e.description)])));
    out.push(...table(['CSS part', 'description'], (element.cssParts ?? []).map((p) => [code(p.name), cell(p.description)])));
    out.push(...table(['CSS custom property', 'default', 'description'], (element.cssProperties ?? []).map((p) => [code(p.name), code(p.default), cell(p.description)])));
    out.push(...table(['slot', 'description'], (element.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)])));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Tags registered by the define modules: every element the package ships. */
function registeredTags(): string[] {
  const sources = ['src/define.ts', 'src/upload/define.ts', 'src/help/define.ts'].map((file) => readFileSync(join(elements, file), 'utf8'));
  const tags = sources.flatMap((source) => [
    ...[...source.matchAll(/^\s+'(codat-link[\w-]*)': \w+,$/gm)].map((m) => m[1]!),
    ...[...source.matchAll(/customElements\.define\('(codat-link[\w-]*)'/g)].map((m) => m[1]!),
  ]);
  return [...new Set(tags)].sort();
}

const built = manifest();
const declarations = built.modules
  .flatMap((module) => (module.declarations ?? []).map((declaration) => ({ ...declaration, path: module.path })))
  .filter((declaration) => declaration.tagName)
  .sort((a, b) => (a.tagName === 'codat-link' ? -1 : b.tagName === 'codat-link' ? 1 : a.tagName!.localeCompare(b.tagName!)));

test('every registered element names its tag in its JSDoc (@tag), so the manifest knows it', () => {
  assert.deepEqual(declarations.map((d) => d.tagName).sort(), registeredTags());
});

test('every part an element renders is documented with @csspart', () => {
  const undocumented: string[] = [];
  for (const element of declarations) {
    const source = readFileSync(join(elements, element.path), 'utf8');
    const documented = new Set((element.cssParts ?? []).map((p) => p.name));
    const rendered = [...source.matchAll(/\spart="([\w\s-]+)"/g)].flatMap((m) => m[1]!.split(/\s+/));
    for (const part of new Set(rendered)) if (!documented.has(part)) undocumented.push(`<${element.tagName}> ${part}`);
  }
  assert.deepEqual(undocumented, []);
});

test('every attribute and event of every element says what it is for', () => {
  const bare = declarations.flatMap((element) => {
    const members = element.members ?? [];
    return [
      ...(element.attributes ?? [])
        .filter((a) => !a.description && !members.find((m) => m.name === a.fieldName)?.description)
        .map((a) => `<${element.tagName}> attribute ${a.name}`),
      ...(element.events ?? []).filter((e) => !e.description).map((e) => `<${element.tagName}> event ${e.name}`),
    ];
  });
  assert.deepEqual(bare, []);
});

test('docs/reference.md is the reference generated from the manifest', () => {
  const expected = render(declarations);
  if (process.env['UPDATE_DOCS']) writeFileSync(page, expected);
  assert.equal(readFileSync(page, 'utf8'), expected, 'docs/reference.md is stale: run UPDATE_DOCS=1 on test/docs/reference.test.ts');
  assert.ok(readdirSync(join(root, 'docs')).includes('reference.md'));
});
