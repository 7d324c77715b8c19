import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { at, click, linkIn, summaryStatuses, uploadReport } from '../support/journey.js';
import { BILLS_CSV, SUPPLIERS_CSV } from '../support/files.js';
import { asPartnerBackend, backendOf, renderJourney, sandboxLoader, type JourneyArgs } from './render.js';

/** `<codat-link>` at the moments a reviewer asks about: failures, another language, a partner's brand. */
const meta: Meta<JourneyArgs> = {
  title: 'Journeys/Moments',
  component: 'codat-link',
  args: { request: 'spendAnalysis', options: { retry: { maxAttempts: 2, baseDelayMs: 0 } } },
  loaders: [sandboxLoader],
  render: (args, context) => renderJourney(args, context),
};
export default meta;
type Story = StoryObj<JourneyArgs>;

/** Waiting for the backend's first answer: a busy bar, and nothing to act on yet. */
export const Loading: Story = {
  parameters: { sandbox: { latencyMs: 3_600_000 } },
  play: async ({ canvasElement }) => {
    const link = await linkIn(canvasElement);
    await waitFor(() => expect(link.shadowRoot!.querySelector('[part="progress"]')).toBeInTheDocument());
    await expect(link.shadowRoot!.querySelector('[part="body"]')).toHaveAttribute('aria-busy', 'true');
  },
};

/** The backend is down for a moment: the error step offers retry, and retry carries on. */
export const RecoverableError: Story = {
  parameters: { sandbox: { failures: [{ method: 'getRequest', code: 'server_error', times: 2 }] } },
  play: async ({ canvasElement, loaded }) => {
    const link = await linkIn(canvasElement);
    const error = await at(link, 'error');
    await expect(error.shadowRoot!.querySelector('[part="code"]')).toHaveTextContent('server_error');
    await click(error, '[part="retry"]');
    await at(link, 'provisionMethod');
    await expect(
      backendOf(loaded)
        .callsTo('getRequest')
        .map((c) => c.outcome),
    ).toEqual(['server_error', 'server_error', 'ok']);
  },
};

/** The session is refused: nothing to retry, the customer can only close. */
export const FatalError: Story = {
  parameters: { sandbox: { failures: [{ method: 'getRequest', code: 'unauthorized', times: Infinity }] } },
  play: async ({ canvasElement }) => {
    const link = await linkIn(canvasElement);
    const error = await at(link, 'error');
    await expect(error.shadowRoot!.querySelector('[part="retry"]')).toBeNull();
    await expect(error.shadowRoot!.querySelector('[part="close"]')).toBeVisible();
  },
};

/** The direct connection fails in the platform: back to the software list, with the reason announced. */
export const ConnectionFailed: Story = {
  args: { request: 'financials' },
  parameters: { sandbox: { connectionOutcome: () => 'failed' } },
  play: async ({ canvasElement, loaded }) => {
    const link = await linkIn(canvasElement);
    await click(await at(link, 'softwareSelection'), '[data-key="xero"]');
    await click(await at(link, 'consent'), '[part="accept"]');
    await click(await at(link, 'connecting'), '[part="open"]');
    await waitFor(() => expect(backendOf(loaded).state.connections.map((c) => c.status)).toEqual(['failed']), { timeout: 10_000 });
    await at(link, 'softwareSelection');
    const alert = link.shadowRoot!.querySelector('[part="alert"]');
    await expect(alert).toHaveAttribute('role', 'alert');
    await expect(alert).not.toBeEmptyDOMElement();
  },
};

/** The file-upload journey in French, from the first step to the summary. */
export const FileUploadInFrench: Story = {
  globals: { locale: 'fr' },
  play: async ({ canvasElement, loaded }) => {
    const link = await linkIn(canvasElement);
    await expect(link.getAttribute('locale')).toBe('fr');
    await click(await at(link, 'provisionMethod'), '[data-method="connect"]');
    await click(await at(link, 'entityCount'), '[data-count="one"]');
    await click(await at(link, 'softwareSelection'), '[data-key="sap-business-one"]');
    const consent = await at(link, 'consent');
    await expect(consent.shadowRoot!.querySelector('[part="accept"]')).not.toHaveTextContent('Allow');
    await click(consent, '[part="accept"]');
    await click(await at(link, 'disclaimer'), '[part="continue"]');
    const suppliers = await at(link, 'uploadSuppliers');
    await expect(suppliers.shadowRoot!.querySelector('[part="instructions"]')).toHaveTextContent('Partenaires');
    await uploadReport(suppliers, 'fournisseurs.csv', SUPPLIERS_CSV);
    await uploadReport(await at(link, 'uploadBills'), 'factures.csv', BILLS_CSV);
    await click(await at(link, 'entityComplete'), '[part="finish"]');
    await expect(Object.values(await summaryStatuses(await at(link, 'summary')))).toEqual(['complete']);
    await expect(backendOf(loaded).state.consents[0]?.locale).toBe('fr');
  },
};

/** A partner's white label (Northwind Bank): brand colour, corners, type face, logo and name in the consent. */
export const PartnerBrand: Story = {
  globals: { theme: 'partner' },
  args: { request: 'financials' },
  play: async ({ canvasElement }) => {
    const link = await linkIn(canvasElement);
    await click(await at(link, 'softwareSelection'), '[data-key="xero"]');
    const consent = await at(link, 'consent');
    await expect(consent.shadowRoot!.querySelector('[part="intro"]')).toHaveTextContent('Northwind Bank');
    await expect(link.shadowRoot!.querySelector('[part="logo"]')).toHaveAttribute('src', 'northwind-logo.svg');
  },
};

/** In a modal dialog: closing mid-journey asks first, and staying keeps the customer where they were. */
export const ModalExitConfirmation: Story = {
  args: { mode: 'modal' },
  play: async ({ canvasElement }) => {
    const link = await linkIn(canvasElement);
    await at(link, 'provisionMethod');
    await expect(link.shadowRoot!.querySelector('dialog')).toHaveAttribute('open');
    await userEvent.click(link.shadowRoot!.querySelector<HTMLElement>('[part="close"]')!);
    await waitFor(() => expect(link.shadowRoot!.querySelector('[part="confirm-exit"]')).toBeVisible());
    await userEvent.click(link.shadowRoot!.querySelector<HTMLElement>('[part="confirm-stay"]')!);
    await at(link, 'provisionMethod');
    await expect(link.open).toBe(true);
  },
};

/** A partner's backend that says the request is in the partner's sandbox (the reference server's sandbox key): a "Sandbox" banner. */
export const PartnerSandbox: Story = {
  parameters: { sandbox: { request: { dataTypes: ['spendAnalysis'], companyName: 'Acme Group', environment: 'sandbox' } } },
  render: (args, context) => renderJourney(args, { ...context, loaded: { ...context.loaded, backend: asPartnerBackend(backendOf(context.loaded)) } }),
  play: async ({ canvasElement }) => {
    const link = await linkIn(canvasElement);
    await at(link, 'provisionMethod');
    await expect(link.shadowRoot!.querySelector('[part="sandbox"]')).toHaveTextContent(/test data only|données de test uniquement/);
  },
};
