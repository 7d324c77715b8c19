import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  // The partner preset's logo.
  staticDirs: ['./public'],
  async viteFinal(viteConfig) {
    // Workspace packages resolve to their TypeScript sources, as in the tests and the bundle.
    viteConfig.resolve = { ...viteConfig.resolve, conditions: ['source', 'module', 'browser', 'development'] };
    // Stories register every tag up front, so the elements' lazy step chunks cannot split here; that
    // is expected in Storybook, and the note would bury real warnings.
    const build = (viteConfig.build ??= {});
    const rollupOptions = (build.rollupOptions ??= {});
    const onwarn = rollupOptions.onwarn;
    rollupOptions.onwarn = (warning, warn) => {
      if (warning.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return;
      if (onwarn) onwarn(warning, warn);
      else warn(warning);
    };
    // The drop-in bundle's preload plugin (vite.config.ts) checks for chunks only that build makes.
    viteConfig.plugins = (viteConfig.plugins ?? [])
      .flat(Infinity as 1)
      .filter((plugin) => !(plugin && typeof plugin === 'object' && 'name' in plugin && plugin.name === 'codat-link-first-screen-preloads'));
    return viteConfig;
  },
};

export default config;
