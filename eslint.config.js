// Lint: typescript-eslint's recommended rules everywhere, and its type-checked rules
// (`recommendedTypeChecked`, types from each package's tsconfig through the project service) on the
// packages' shipped sources; tests, stories and scripts keep the untyped set, which is much faster and
// where the type-aware rules mostly flag test doubles. Lit and web-component rules for the elements.
// Template binding types are checked by lit-analyzer (`npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'storybook-static/**', '.test-results/**', 'packages/*/custom-elements.json'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['packages/*/src/**/*.ts', 'packages/*/src/**/*.tsx'],
    // What each package's tsconfig leaves out of its build (tests, test helpers) has no project to type it.
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/*.stories.ts', 'packages/elements/src/testing/**'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `async` marks implementations of Promise-returning interfaces (Fastify handlers, the SQL driver), so a throw rejects.
      '@typescript-eslint/require-await': 'off',
      // The flagged String() calls are the print-anything helpers (HTML escaping, CSV cells, mail params) over unknown values.
      '@typescript-eslint/no-base-to-string': 'off',
      // A reason received from elsewhere (an AbortSignal's, a failed call's) is passed on unchanged; literals are still caught.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `typeof import('…')` stays allowed: it types a module that is loaded lazily without importing it.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='innerHTML']", message: 'User content is text: do not use innerHTML.' },
        { selector: "Identifier[name='unsafeHTML']", message: 'User content is text: do not use unsafeHTML.' },
        { selector: "CallExpression[callee.name='eval']", message: 'No eval: the SDK runs without unsafe-eval.' },
      ],
    },
  },
  {
    files: ['packages/elements/src/**/*.ts', 'stories/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'scripts/**/*.mjs'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
