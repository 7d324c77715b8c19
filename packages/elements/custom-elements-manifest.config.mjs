// The custom-elements manifest (custom-elements.json): documents every element's attributes,
// properties, events, slots, CSS parts and CSS properties from the JSDoc on the classes.
// Storybook's autodocs, editors and docs/reference.md (test/docs/reference.test.ts) read it.
import { readFileSync } from 'node:fs';

/**
 * The analyzer reads `static properties = { x: { state: true } }` as an attribute `x`; reactive
 * state is internal, so it leaves the attributes and becomes a private member. It also guesses an
 * event from each `dispatchEvent(new SomeEvent(arg))` and names it after the argument (`intent`,
 * `file`): the documented `@fires`/`@event` tags are the events, so undescribed guesses go.
 */
function internalState() {
  return {
    name: 'codat-link-internal-state',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const source = readFileSync(module.path, 'utf8');
        const state = new Set([...source.matchAll(/^\s+(\w+): \{ state: true \},?$/gm)].map((m) => m[1]));
        for (const declaration of module.declarations ?? []) {
          if (declaration.events) declaration.events = declaration.events.filter((e) => e.name && e.description);
          if (!declaration.attributes) continue;
          declaration.attributes = declaration.attributes.filter((a) => !state.has(a.fieldName ?? a.name));
          for (const member of declaration.members ?? []) {
            if (state.has(member.name)) {
              member.privacy = 'private';
              delete member.attribute;
            }
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: true,
  plugins: [internalState()],
};
