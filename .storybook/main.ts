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
    return viteConfig;
  },
};

export default config;
