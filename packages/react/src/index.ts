/**
 * `@codat-link/react`: `<CodatLink>` for React apps, a thin typed wrapper of the
 * `<codat-link>` web component. Properties (`backend`, `options`, `text`) are set as
 * properties, not attributes, and each public DOM event has an `on…` callback prop.
 *
 * ```tsx
 * <CodatLink sessionToken={token} baseUrl="/link-api" request="spendAnalysis"
 *   onFinish={(e) => console.log(e.detail.status)} />
 * ```
 */
// The default import: React ships CommonJS, whose named exports not every ESM loader can see.
import React from 'react';
import { createComponent, type EventName } from '@lit/react';
import {
  CodatLink as CodatLinkElement,
  CodatLinkCloseEvent,
  CodatLinkConnectionEvent,
  CodatLinkConsentEvent,
  CodatLinkErrorEvent,
  CodatLinkFinishEvent,
  CodatLinkReadyEvent,
  CodatLinkStepChangeEvent,
  CodatLinkUploadEvent,
} from '@codat-link/elements';

// Registers <codat-link> and its step elements, so `import { CodatLink } from '@codat-link/react'`
// works alone.
import '@codat-link/elements/define';

const TAG = 'codat-link';

/** `<codat-link>` as a React component. See `docs/elements.md` for every property and event. */
export const CodatLink = createComponent({
  react: React,
  tagName: TAG,
  elementClass: CodatLinkElement,
  displayName: 'CodatLink',
  events: {
    onReady: CodatLinkReadyEvent.eventName as EventName<CodatLinkReadyEvent>,
    onStepChange: CodatLinkStepChangeEvent.eventName as EventName<CodatLinkStepChangeEvent>,
    onConsent: CodatLinkConsentEvent.eventName as EventName<CodatLinkConsentEvent>,
    onConnection: CodatLinkConnectionEvent.eventName as EventName<CodatLinkConnectionEvent>,
    onUpload: CodatLinkUploadEvent.eventName as EventName<CodatLinkUploadEvent>,
    onFinish: CodatLinkFinishEvent.eventName as EventName<CodatLinkFinishEvent>,
    onClose: CodatLinkCloseEvent.eventName as EventName<CodatLinkCloseEvent>,
    onError: CodatLinkErrorEvent.eventName as EventName<CodatLinkErrorEvent>,
  },
});

export type CodatLinkProps = React.ComponentProps<typeof CodatLink>;
