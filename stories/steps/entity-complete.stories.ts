import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent } from 'storybook/test';
import type { ConnectionKind } from '@codat-link/core';
import { element, part, parts, type IntentSpy } from '../support/play.js';

interface Args {
  entityName: string;
  softwareName: string;
  connectionKind: ConnectionKind;
  canAddAnother: boolean;
  onIntent: IntentSpy;
}

const meta: Meta<Args> = {
  title: 'Steps/Entity complete',
  component: 'codat-link-entity-complete',
  args: { entityName: 'Acme Trading Ltd', softwareName: 'Xero', connectionKind: 'direct', canAddAnother: false, onIntent: fn() },
  argTypes: { connectionKind: { control: 'inline-radio', options: ['direct', 'fileUpload', 'manual'] } },
  render: (args) =>
    html`<codat-link-entity-complete
      .entityName=${args.entityName}
      .softwareName=${args.softwareName}
      .connectionKind=${args.connectionKind}
      ?can-add-another=${args.canAddAnother}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-entity-complete>`,
};
export default meta;
type Story = StoryObj<Args>;

/** One entity connected directly: finish is the only way on. */
export const DirectConnection: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-entity-complete');
    await expect(part(step, '[part="heading"]')).toHaveTextContent(args.entityName);
    await expect(parts(step, '[part="add-another"]')).toHaveLength(0);
    await userEvent.click(part(step, '[part="finish"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'finish' });
  },
};

/** Both reports uploaded for one of several entities: add another, or finish. */
export const FileUploadMultiEntity: Story = {
  args: { entityName: 'Acme Holdings SAS', softwareName: 'Epicor', connectionKind: 'fileUpload', canAddAnother: true },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-entity-complete');
    await userEvent.click(part(step, '[part="add-another"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'addEntity' });
  },
};

/** The supplier spend template was uploaded by hand; a single entity has no name. */
export const ManualTemplateUnnamed: Story = {
  args: { entityName: '', softwareName: '', connectionKind: 'manual' },
};
