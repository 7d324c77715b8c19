// A React app rendering <CodatLink>, bundled by the test with esbuild and driven in Chromium.
import React from 'react';
import ReactDOMClient from 'react-dom/client';
import { MemoryBackend } from '@codat-link/core';
import { CodatLink } from '../../src/index.js';

interface Seen {
  ready: unknown[];
  steps: string[];
  backendIsProperty: boolean;
}

const seen: Seen = { ready: [], steps: [], backendIsProperty: false };
(window as unknown as { seen: Seen }).seen = seen;

const backend = new MemoryBackend({ latencyMs: 0 });
const root = ReactDOMClient.createRoot(document.getElementById('root')!);
root.render(
  React.createElement(CodatLink, {
    sessionToken: 'react-session',
    request: 'financials',
    backend,
    onReady: (event) => {
      seen.ready.push(event.detail);
      const element = event.target as HTMLElement & { backend?: unknown };
      seen.backendIsProperty = element.backend === backend && !element.hasAttribute('backend');
    },
    onStepChange: (event) => seen.steps.push(event.detail.step),
  }),
);
