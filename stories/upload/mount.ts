/**
 * Renders `<codat-link-upload-step>` on a story journey the way `<codat-link>` does: the same
 * bindings from the snapshot (render-step.ts) and its intents turned into machine events, through the
 * elements' own upload-step driver.
 */
import { driveUploadStep } from '../../packages/elements/src/testing/upload-step-driver.js';
import type { StoryJourney } from '../support/upload-journey.js';

export type UploadStepElement = HTMLElementTagNameMap['codat-link-upload-step'];

export function mountUploadStep(journey: StoryJourney): HTMLElement {
  const container = document.createElement('div');
  const driver = driveUploadStep(journey.actor, container);
  const subscription = journey.actor.subscribe(() => {
    // The story was left: let the journey go with it.
    if (!container.isConnected && container.dataset['mounted']) {
      subscription.unsubscribe();
      driver.stop();
      journey.actor.stop();
    }
  });
  queueMicrotask(() => (container.dataset['mounted'] = 'true'));
  return container;
}
