import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent } from 'storybook/test';
import { INTEGRATION_CATALOG, type EntityStatusInfo, type Integration } from '@codat-link/core';
import { element, part, parts, type IntentSpy } from '../support/play.js';

interface Args {
  entities: EntityStatusInfo[];
  integrations: Integration[];
  partnerName: string;
  onIntent: IntentSpy;
}

const MIXED: EntityStatusInfo[] = [
  { entityId: 'ent_1', name: 'Acme Trading Ltd', status: 'connected', integrationKey: 'xero', connectionKind: 'direct', counts: {} },
  {
    entityId: 'ent_2',
    name: 'Acme Holdings SAS',
    status: 'complete',
    integrationKey: 'epicor',
    connectionKind: 'fileUpload',
    counts: { suppliers: 42, bills: 1380 },
  },
  { entityId: 'ent_3', name: 'Acme GmbH', status: 'uploaded', integrationKey: 'sap-business-one', connectionKind: 'fileUpload', counts: { suppliers: 17 } },
  { entityId: 'ent_4', name: 'Acme Iberia SL', status: 'inProgress', integrationKey: 'workday-file', connectionKind: 'fileUpload', counts: {} },
  { entityId: 'ent_5', name: 'Acme Nordic AB', status: 'failed', integrationKey: 'sage-intacct', connectionKind: 'direct', counts: {} },
  { entityId: 'ent_6', name: 'Acme Services <Ltd>', status: 'complete', connectionKind: 'manual', counts: { supplierSpend: 230 } },
  { entityId: 'ent_7', name: 'Acme Labs', status: 'notStarted', counts: {} },
];

const meta: Meta<Args> = {
  title: 'Steps/Summary',
  component: 'codat-link-summary',
  args: { entities: MIXED, integrations: [...INTEGRATION_CATALOG], partnerName: 'Northwind Bank', onIntent: fn() },
  render: (args) =>
    html`<codat-link-summary
      .entities=${args.entities}
      .integrations=${args.integrations}
      .partnerName=${args.partnerName}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-summary>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Every status at once: connected, complete, uploaded, in progress, failed, manual, not started. */
export const MixedStatuses: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-summary');
    const statuses = parts(step, '[part="status"]').map((badge) => badge.dataset['status']);
    await expect(statuses).toEqual(MIXED.map((e) => e.status));
    await expect(part(step, '[data-entity-id="ent_6"] th')).toHaveTextContent('Acme Services <Ltd>');
    await userEvent.click(part(step, '[part="done"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'close' });
  },
};

export const Empty: Story = {
  args: { entities: [] },
  play: async ({ canvasElement }) => {
    const step = await element(canvasElement, 'codat-link-summary');
    await expect(part(step, '[part="empty"]')).toBeVisible();
  },
};
