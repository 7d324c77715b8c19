/**
 * The documentation checked against the code, so it cannot drift:
 * - every relative link in docs/*.md and README.md points at a file that exists;
 * - the options table of docs/configuration.md names exactly the keys of the real
 *   `LinkConfigSchema` (nested ones as dotted paths), with the schema's own defaults;
 *   the example configuration there passes `parseLinkConfig`;
 * - the attribute table of docs/configuration.md matches `<codat-link>`'s static properties;
 * - every public event of packages/elements/src/events.ts is in docs/events.md (once it exists);
 * - docs/security.md quotes the exact CSPs of the element's CSP test and of the reference server;
 * - the customer FAQ has as many questions in French as in English.
 *
 * Run: node --import tsx --conditions=source --test test/docs/docs.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LinkConfigSchema, parseLinkConfig } from '@codat-link/core';
import {
  BODY_LIMIT_BYTES, CONNECTION_TIMEOUT_MS, CONSENT_CLOCK_SKEW_MS, CSP as SERVER_CSP, HEADERS_TIMEOUT_MS, IDEMPOTENCY_KEY_TTL_MS,
  MAX_EVENT_LOOP_DELAY_MS, OVERLOAD_RETRY_AFTER_SECONDS, PARTNER_RATE_MULTIPLIER, PORTAL_FAILURE_LIMIT, PORTAL_FAILURE_WINDOW_MS,
  RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_MS, REFERRER_POLICY, REQUEST_TIMEOUT_MS, UPLOAD_IDLE_MS,
} from '@codat-link/server';
import * as publicEvents from '../../packages/elements/src/events.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const docsDir = join(root, 'docs');
const read = (path: string) => readFileSync(path, 'utf8');

/** The Markdown files whose links are checked. */
function markdownFiles(): string[] {
  const docs = readdirSync(docsDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(docsDir, name));
  return [join(root, 'README.md'), ...docs];
}

/** Markdown without fenced code blocks and inline code, where `[x](y)` is not a link. */
function proseOf(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets: inline `[text](target "title")`, images, and reference definitions `[id]: target`. */
export function linkTargets(markdown: string): string[] {
  const prose = proseOf(markdown);
  const targets: string[] = [];
  for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]!);
  for (const match of prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) targets.push(match[1]!);
  return targets;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

test('every relative link in docs/*.md and README.md resolves to an existing file', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const file of markdownFiles()) {
    for (const target of linkTargets(read(file))) {
      if (isExternal(target) || target.startsWith('#')) continue;
      const path = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
      checked++;
      if (!existsSync(resolve(dirname(file), path))) broken.push(`${relative(root, file)} → ${target}`);
    }
  }
  assert.ok(checked > 0, 'no relative links found: is the link pattern right?');
  assert.deepEqual(broken, [], `broken links:\n${broken.join('\n')}`);
});

test('the link finder sees inline links, images and references, and skips code', () => {
  const sample = [
    'See [the guide](guide.md#top "Guide") and ![logo](img/logo.png).',
    '`[not](a-link.md)`',
    '```md',
    '[also not](inside-code.md)',
    '```',
    '[ref]: ./other.md',
  ].join('\n');
  assert.deepEqual(linkTargets(sample), ['guide.md#top', 'img/logo.png', './other.md']);
});

// ---- configuration.md against the schema --------------------------------------------------

interface SchemaNode {
  _zod: { def: { type: string; shape?: Record<string, SchemaNode>; innerType?: SchemaNode } };
}

/** Looks through `default` and `optional` wrappers to the schema that holds the value. */
function unwrap(node: SchemaNode): SchemaNode {
  let current = node;
  while (current._zod.def.innerType && (current._zod.def.type === 'default' || current._zod.def.type === 'optional')) {
    current = current._zod.def.innerType;
  }
  return current;
}

/** Every option path of a strict object schema: `fileLimits`, `fileLimits.maxBytes`, … */
export function optionPaths(schema: SchemaNode, prefix = ''): string[] {
  const shape = unwrap(schema)._zod.def.shape;
  if (!shape) return [];
  return Object.entries(shape).flatMap(([key, child]) => {
    const path = prefix + key;
    return [path, ...optionPaths(child, `${path}.`)];
  });
}

const configDoc = () => read(join(docsDir, 'configuration.md'));

/** The section between `<!-- name:begin -->` and `<!-- name:end -->`. */
function section(markdown: string, name: string): string {
  const match = new RegExp(`<!-- ${name}:begin -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(markdown);
  assert.ok(match, `docs/configuration.md has no <!-- ${name}:begin --> … <!-- ${name}:end --> section`);
  return match[1]!;
}

/** Rows of the options table: `| \`path\` | type | default | meaning |`. */
function optionRows(markdown: string): { path: string; cells: string[] }[] {
  return section(markdown, 'options')
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line))
    .map((line) => {
      // `\|` inside a cell is a literal bar, not a column break.
      const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
      return { path: /^`([^`]+)`/.exec(cells[0]!)![1]!, cells };
    });
}

const schema = LinkConfigSchema as unknown as SchemaNode;

test('configuration.md documents every option of the schema, and only those', () => {
  const documented = optionRows(configDoc()).map((row) => row.path);
  const real = optionPaths(schema);
  assert.ok(real.includes('fileLimits.maxBytes'), 'nested options are walked');
  const duplicates = documented.filter((path, index) => documented.indexOf(path) !== index);
  assert.deepEqual(duplicates, [], 'an option is documented twice');
  assert.deepEqual(real.filter((path) => !documented.includes(path)), [], 'options of the schema missing from configuration.md');
  assert.deepEqual(documented.filter((path) => !real.includes(path)), [], 'options in configuration.md that the schema does not have');
});

/** The partner guides, where `options.<path>` always means the journey configuration. */
const PARTNER_GUIDES = ['getting-started.md', 'configuration.md', 'security.md'];

/** The keys `<codat-link>` adds to the journey configuration in its `options` type (`CodatLinkOptions`). */
function elementOptionKeys(): string[] {
  const source = read(join(root, 'packages/elements/src/codat-link/codat-link.ts'));
  const type = /export type CodatLinkOptions = Partial<LinkConfigInput> & \{([^}]*)\}/.exec(source)?.[1];
  assert.ok(type, 'no `CodatLinkOptions = Partial<LinkConfigInput> & { … }` in codat-link.ts');
  return [...type.matchAll(/(\w+)\?:/g)].map((match) => match[1]!);
}

test('configuration.md documents the keys the element adds to options, and only those', () => {
  const real = elementOptionKeys();
  assert.ok(real.includes('theme'), `element keys found: ${real.join(', ')}`);
  const documented = section(configDoc(), 'element-options')
    .split('\n')
    .map((line) => /^\|\s*`(\w+)`/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);
  assert.deepEqual([...documented].sort(), [...real].sort());
  const journeyKeys = optionPaths(schema);
  assert.deepEqual(real.filter((key) => journeyKeys.includes(key)), [], 'an element key shadows a journey option');
});

test('every `options.<path>` named in the partner guides is a real option', () => {
  const real = new Set([...optionPaths(schema), ...elementOptionKeys()]);
  const unknown: string[] = [];
  for (const file of PARTNER_GUIDES.map((name) => join(docsDir, name)).filter((path) => existsSync(path))) {
    for (const match of read(file).matchAll(/`options\.([A-Za-z.]+)`/g)) {
      if (!real.has(match[1]!)) unknown.push(`${relative(root, file)}: options.${match[1]!}`);
    }
  }
  assert.deepEqual(unknown, []);
});

function valueAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), value);
}

test('the defaults in configuration.md are the schema defaults', () => {
  const defaults = parseLinkConfig({ dataTypes: ['spendAnalysis'] });
  const wrong: string[] = [];
  let compared = 0;
  for (const { path, cells } of optionRows(configDoc())) {
    // Column 3 is the default; a JSON value in backticks is compared, prose ("required", "—") is not.
    const literal = /^`([^`]+)`/.exec(cells[2] ?? '')?.[1];
    if (literal === undefined) continue;
    let documented: unknown;
    try {
      documented = JSON.parse(literal);
    } catch {
      wrong.push(`${path}: default \`${literal}\` is not JSON`);
      continue;
    }
    compared++;
    const actual = valueAt(defaults, path);
    if (JSON.stringify(actual) !== JSON.stringify(documented)) wrong.push(`${path}: documented ${literal}, schema ${JSON.stringify(actual)}`);
  }
  assert.ok(compared >= 10, `only ${compared} defaults compared`);
  assert.deepEqual(wrong, []);
});

test('the example configuration in configuration.md is valid', () => {
  const example = section(configDoc(), 'example');
  const json = /```json\n([\s\S]*?)```/.exec(example)?.[1];
  assert.ok(json, 'the example section holds a ```json block');
  assert.doesNotThrow(() => parseLinkConfig(JSON.parse(json)));
});

/** The public properties of `<codat-link>`, read from its `static properties` (Lit cannot load in Node). */
export function elementProperties(source: string): { property: string; attribute: string | null }[] {
  const block = /static override properties = \{([\s\S]*?)\n {2}\};/.exec(source)?.[1];
  assert.ok(block, 'no `static override properties = { … };` block in codat-link.ts');
  return [...block.matchAll(/^\s*(\w+): \{([^}]*)\},?$/gm)]
    .filter((match) => !/state:\s*true/.test(match[2]!))
    .map((match) => {
      const options = match[2]!;
      const explicit = /attribute:\s*'([^']+)'/.exec(options)?.[1];
      const attribute = /attribute:\s*false/.test(options) ? null : (explicit ?? match[1]!.toLowerCase());
      return { property: match[1]!, attribute };
    });
}

test('configuration.md documents every attribute and property of <codat-link>, and only those', () => {
  const source = read(join(root, 'packages/elements/src/codat-link/codat-link.ts'));
  const real = elementProperties(source);
  assert.ok(real.some((p) => p.property === 'sessionToken' && p.attribute === 'session-token'), 'properties parsed');
  const rows = section(configDoc(), 'attributes')
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(attribute|---)/.test(line))
    .map((line) => line.split(/(?<!\\)\|/).slice(1, 3).map((cell) => /^`([^`]+)`$/.exec(cell.trim())?.[1] ?? null));
  const documented = rows.map(([attribute, property]) => ({ property, attribute }));
  const key = (p: { property: string | null | undefined; attribute: string | null | undefined }) => `${p.attribute ?? '—'} / ${p.property ?? '—'}`;
  const realKeys = real.map(key);
  const documentedKeys = documented.map(key);
  assert.deepEqual(realKeys.filter((k) => !documentedKeys.includes(k)), [], 'attributes/properties missing from configuration.md');
  assert.deepEqual(documentedKeys.filter((k) => !realKeys.includes(k)), [], 'attributes/properties in configuration.md that the element does not have');
});

// ---- events.md against events.ts ----------------------------------------------------------

function publicEventNames(): string[] {
  return Object.values(publicEvents)
    .map((value) => (typeof value === 'function' ? (value as { eventName?: unknown }).eventName : undefined))
    .filter((name): name is string => typeof name === 'string');
}

test('every public event of events.ts is in docs/events.md', (t) => {
  const names = publicEventNames();
  assert.ok(names.includes('codat-link-finish') && names.length >= 8, `events found: ${names.join(', ')}`);
  const eventsDoc = join(docsDir, 'events.md');
  if (!existsSync(eventsDoc)) {
    t.skip('docs/events.md does not exist yet');
    return;
  }
  const text = read(eventsDoc);
  assert.deepEqual(names.filter((name) => !text.includes(name)), [], 'events missing from docs/events.md');
});

test('the partner guides listen only to real events', () => {
  const names = new Set(publicEventNames());
  const unknown: string[] = [];
  for (const name of PARTNER_GUIDES) {
    const file = join(docsDir, name);
    if (!existsSync(file)) continue;
    for (const match of read(file).matchAll(/addEventListener\(\s*['"]([a-z-]+)['"]/g)) {
      if (match[1]!.startsWith('codat-link') && !names.has(match[1]!)) unknown.push(`${name}: ${match[1]!}`);
    }
  }
  assert.deepEqual(unknown, []);
});

test('getting-started.md lists exactly the event callbacks of @codat-link/react', () => {
  const source = read(join(root, 'packages/react/src/index.ts'));
  const block = /events: \{([\s\S]*?)\n {2}\}/.exec(source)?.[1];
  assert.ok(block, 'no `events: { … }` block in packages/react/src/index.ts');
  const real = [...block.matchAll(/^\s*(on\w+):/gm)].map((match) => match[1]!);
  assert.ok(real.length >= 8, `callbacks found: ${real.join(', ')}`);
  const doc = read(join(docsDir, 'getting-started.md'));
  const line = /each event has a callback prop:([\s\S]*?)\n\n/.exec(doc)?.[1] ?? '';
  const documented = [...line.matchAll(/`(on\w+)`/g)].map((match) => match[1]!);
  assert.deepEqual([...documented].sort(), [...real].sort());
});

// ---- security.md against the policies the code runs under ---------------------------------

test('security.md quotes the CSP the element is tested under and the one the server sends', () => {
  const doc = read(join(docsDir, 'security.md')).replace(/\s+/g, ' ');
  const cspTest = read(join(root, 'packages/elements/test/csp.test.ts'));
  const tested = /const CSP = "([^"]+)"/.exec(cspTest)?.[1];
  assert.ok(tested, 'no `const CSP = "…"` in packages/elements/test/csp.test.ts');
  assert.ok(doc.includes(tested), `security.md does not quote the tested policy: ${tested}`);
  assert.ok(doc.includes(SERVER_CSP), `security.md does not quote the server's policy: ${SERVER_CSP}`);
});

test('the figures security.md and backend.md give are the constants the server runs with', () => {
  const security = read(join(docsDir, 'security.md')).replace(/\s+/g, ' ');
  const backend = read(join(docsDir, 'backend.md')).replace(/\s+/g, ' ');
  assert.equal(RATE_LIMIT_WINDOW_MS, 60_000, 'the docs speak of requests "a minute"');
  const expected: [string, string][] = [
    [security, `more than ${RATE_LIMIT_MAX.toLocaleString('en')} requests a minute`],
    [security, `The partner key has ${PARTNER_RATE_MULTIPLIER} times the budget`],
    [security, `after ${PORTAL_FAILURE_LIMIT} wrong credentials`],
    [security, `for ${PORTAL_FAILURE_WINDOW_MS / 60_000} minutes`],
    [security, `over ${BODY_LIMIT_BYTES / 1024 / 1024} MiB`],
    [security, `within ${REQUEST_TIMEOUT_MS / 1000} seconds, or its headers within ${HEADERS_TIMEOUT_MS / 1000} seconds`],
    [security, `no traffic for ${CONNECTION_TIMEOUT_MS / 1000} seconds`],
    [security, `more than ${MAX_EVENT_LOOP_DELAY_MS} ms on average, with \`Retry-After: ${OVERLOAD_RETRY_AFTER_SECONDS}\``],
    [security, `more than ${CONSENT_CLOCK_SKEW_MS / 60_000} minutes`],
    [security, `keys kept ${IDEMPOTENCY_KEY_TTL_MS / 3600_000} hours`],
    [security, `\`Referrer-Policy: ${REFERRER_POLICY}\``],
    [backend, `**Kept ${IDEMPOTENCY_KEY_TTL_MS / 3600_000} hours**`],
    [backend, `\`UPLOAD_IDLE_MS\` (${UPLOAD_IDLE_MS / 60_000} minutes`],
    [backend, `rateLimit: { max: ${RATE_LIMIT_MAX}, timeWindowMs: 60_000 }`],
  ];
  const missing = expected.filter(([doc, phrase]) => !doc.includes(phrase)).map(([doc, phrase]) => `${doc === security ? 'security' : 'backend'}.md: ${phrase}`);
  assert.deepEqual(missing, []);
  assert.ok(!security.includes('Referrer-Policy: no-referrer'), 'security.md must not claim no-referrer');
});

// ---- the customer FAQ -----------------------------------------------------------------------

/** Questions are level-3 headings; sections are level-2 headings. */
function headings(markdown: string, level: number): string[] {
  const marker = '#'.repeat(level);
  return proseOf(markdown)
    .split('\n')
    .filter((line) => line.startsWith(`${marker} `))
    .map((line) => line.slice(level + 1).trim());
}

test('faq.md and faq.fr.md have the same number of questions, in the same sections', () => {
  const en = read(join(docsDir, 'faq.md'));
  const fr = read(join(docsDir, 'faq.fr.md'));
  const questionsEn = headings(en, 3);
  const questionsFr = headings(fr, 3);
  assert.ok(questionsEn.length >= 10, `only ${questionsEn.length} questions in faq.md`);
  assert.equal(questionsFr.length, questionsEn.length, 'faq.fr.md and faq.md differ in their number of questions');
  assert.equal(headings(fr, 2).length, headings(en, 2).length, 'faq.fr.md and faq.md differ in their number of sections');
});

test('the docs index lists every guide in docs/', () => {
  const index = read(join(docsDir, 'README.md'));
  const listed = new Set(linkTargets(index).map((target) => target.split('#')[0]));
  const guides = readdirSync(docsDir).filter((name) => name.endsWith('.md') && name !== 'README.md' && statSync(join(docsDir, name)).isFile());
  assert.deepEqual(guides.filter((name) => !listed.has(name)), []);
});

// ---- webhooks.md against the events and the schedule the server runs with ----------------------

test('webhooks.md documents every event type, and the retry schedule the worker runs', async () => {
  const { EVENT_TYPES } = await import('../../packages/server/src/events.js');
  const { RETRY_SCHEDULE_MS, WEBHOOK_TIMEOUT_MS } = await import('../../packages/server/src/webhooks.js');
  const doc = read(join(docsDir, 'webhooks.md'));
  const documented = [...doc.matchAll(/^\| `([a-z]+\.[a-z]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(documented, [...EVENT_TYPES]);
  const after = /^\| after \|(.*)\|$/m.exec(doc)?.[1]?.split('|').map((cell) => cell.trim());
  const ms = (text: string) => {
    if (text === 'immediately') return 0;
    const [, n, unit] = /^(\d+) (s|min|h)$/.exec(text) ?? [];
    return Number(n) * { s: 1_000, min: 60_000, h: 3_600_000 }[unit as 's' | 'min' | 'h'];
  };
  assert.deepEqual(after?.map(ms), [...RETRY_SCHEDULE_MS]);
  assert.ok(doc.includes(`within **${WEBHOOK_TIMEOUT_MS / 1000} seconds**`));
});

test('the README’s Node requirement is the project’s engines, and every installed package supports it', async () => {
  const { default: semver } = await import('semver');
  const readme = read(join(root, 'README.md'));
  const stated = /only Node \(≥ ([\d.]+)\)/.exec(readme)?.[1];
  assert.ok(stated, 'the README states a Node version');
  const project = JSON.parse(read(join(root, 'package.json'))) as { engines: { node: string } };
  assert.equal(project.engines.node, `>=${stated}`);
  const lock = JSON.parse(read(join(root, 'package-lock.json'))) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
  const minimum = semver.coerce(stated)!.version;
  const unsupported = Object.entries(lock.packages)
    .filter(([path, info]) => path !== '' && info.engines && !Array.isArray(info.engines) && info.engines.node && !semver.satisfies(minimum, info.engines.node))
    .map(([path, info]) => `${path} (${(info.engines as { node: string }).node})`);
  // npm ci would warn EBADENGINE for each of these on the Node the README promises.
  assert.deepEqual(unsupported, []);
});
