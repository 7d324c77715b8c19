import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent } from 'storybook/test';
import { element, part, settled, type IntentSpy } from '../support/play.js';

interface Args {
  value: string;
  existingNames: string[];
  canGoBack: boolean;
  onIntent: IntentSpy;
}

const meta: Meta<Args> = {
  title: 'Steps/Entity name',
  component: 'codat-link-entity-name',
  args: { value: '', existingNames: [], canGoBack: true, onIntent: fn() },
  render: (args) =>
    html`<codat-link-entity-name
      .value=${args.value}
      .existingNames=${args.existingNames}
      ?can-go-back=${args.canGoBack}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-entity-name>`,
};
export default meta;
type Story = StoryObj<Args>;

export const Empty: Story = {};

/** The second entity of a multi-entity journey: the first one is listed for reference. */
export const WithExistingEntities: Story = {
  args: { value: 'Acme Trading GmbH', existingNames: ['Acme Trading Ltd', 'Acme Holdings SAS'] },
  play: async ({ canvasElement }) => {
    const step = await element(canvasElement, 'codat-link-entity-name');
    await expect(part(step, '[part="existing"]')).toHaveTextContent('Acme Trading Ltd, Acme Holdings SAS');
  },
};

/** Continue with nothing typed: the field says what is missing, and nothing is sent. */
export const RequiredError: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-entity-name');
    await userEvent.click(part(step, '[part="submit"]'));
    await settled(step);
    const input = part<HTMLInputElement>(step, 'input');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(part(step, '[part="error"]')).toBeVisible();
    await expect(args.onIntent).not.toHaveBeenCalled();
  },
};

/** A name over 100 characters is refused. */
export const TooLongError: Story = {
  args: { value: 'Acme '.repeat(25) },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-entity-name');
    await userEvent.click(part(step, '[part="submit"]'));
    await settled(step);
    await expect(part(step, '[part="error"]')).toBeVisible();
    await expect(args.onIntent).not.toHaveBeenCalled();
  },
};

/** A name already given to another entity (case aside) is said, not silently refused. */
export const DuplicateError: Story = {
  args: { value: 'acme trading ltd', existingNames: ['Acme Trading Ltd'] },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-entity-name');
    await userEvent.click(part(step, '[part="submit"]'));
    await settled(step);
    await expect(part(step, '[part="error"]')).toHaveTextContent('acme trading ltd');
    await expect(args.onIntent).not.toHaveBeenCalled();
  },
};

/** The name is trimmed and sent as typed; markup in it stays text. */
export const Submitted: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-entity-name');
    await userEvent.type(part<HTMLInputElement>(step, 'input'), '  Acme <b>Trading</b> Ltd  ');
    await userEvent.click(part(step, '[part="submit"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'submitEntityName', name: 'Acme <b>Trading</b> Ltd' });
  },
};
