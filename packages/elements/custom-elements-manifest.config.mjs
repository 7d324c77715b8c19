// The custom-elements manifest (custom-elements.json): documents every element's attributes,
// properties, events, slots, CSS parts and CSS properties from the JSDoc on the classes.
// Storybook's autodocs and editors read it.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: true,
};
