import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import { configure } from 'storybook/test';
import '@codat-link/elements/define';
// The package exports no upload entry yet; the upload tags are registered from their source.
import '../packages/elements/src/upload/define.js';
import manifest from '../packages/elements/custom-elements.json';
import '../stories/support/story-frame.js';
import { withTags } from './manifest.js';
import { storyLocale, storyTheme } from '../stories/support/theme.js';

setCustomElementsManifest(withTags(manifest));

// A busy CI machine (two cores, other suites running) is slower than the 1 s Testing Library allows.
configure({ asyncUtilTimeout: 5000 });

/** Every story sits in a frame that applies the toolbar's theme and locale (see stories/support). */
const withFrame: Decorator = (story, context) =>
  html`<story-frame theme=${storyTheme(context.globals['theme'])} lang=${storyLocale(context.globals['locale'])}>${story()}</story-frame>`;

/**
 * Each story starts from nothing remembered: no journey persisted for resume (sessionStorage) and
 * no column mapping remembered from another story's upload (localStorage).
 */
function forgetCodatLinkStorage(): void {
  for (const storage of [sessionStorage, localStorage]) {
    for (const key of Object.keys(storage)) if (key.startsWith('codat-link')) storage.removeItem(key);
  }
}

const preview: Preview = {
  beforeEach: forgetCodatLinkStorage,
  globalTypes: {
    theme: {
      description: 'Theme of every story',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: 'light', title: 'Light preset' },
          { value: 'dark', title: 'Dark preset' },
          { value: 'partner', title: 'Partner (Northwind Bank)' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Locale of every story',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'fr', title: 'Français' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  decorators: [withFrame],
  parameters: {
    layout: 'fullscreen',
    a11y: { test: 'error' },
    controls: { expanded: true },
  },
  tags: ['autodocs'],
};

export default preview;
