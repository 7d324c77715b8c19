import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryBackend, type JourneyStep } from '@codat-link/core';
import '../define.js';
import { passChecklist, takeWarnings, describe, it, beforeEach, afterEach } from '../testing/helpers.js';
import type { CodatLink, CodatLinkOptions } from '../codat-link/codat-link.js';
import type { CodatLinkHelp } from './help-panel.js';

async function at(link: CodatLink, step: JourneyStep): Promise<HTMLElement & { updateComplete: Promise<unknown> }> {
  await passChecklist(link, step);
  await waitUntil(() => link.journey.step === step && !link.journey.snapshot?.hasTag('busy'), `never reached ${step}`, { timeout: 3000 });
  await link.updateComplete;
  const el = link.shadowRoot!.querySelector('.body')!.firstElementChild as HTMLElement & { updateComplete: Promise<unknown> };
  await el.updateComplete;
  return el;
}

function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const button = (link: CodatLink) => link.shadowRoot!.querySelector<HTMLButtonElement>('[part="help-button"]')!;
const panel = (link: CodatLink) => link.shadowRoot!.querySelector<CodatLinkHelp>('codat-link-help');

async function openHelp(link: CodatLink): Promise<CodatLinkHelp> {
  button(link).click();
  await waitUntil(() => panel(link), 'the help panel never opened');
  const help = panel(link)!;
  await help.updateComplete;
  return help;
}

/** The answers' ids, by group, as listed. */
function listed(help: CodatLinkHelp): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const group of help.shadowRoot!.querySelectorAll<HTMLElement>('[data-group]')) {
    groups[group.dataset['group']!] = [...group.querySelectorAll<HTMLElement>('[data-answer]')].map((d) => d.dataset['answer']!);
  }
  return groups;
}

/** A financials journey on the consent step (no checklist, no entity steps). */
async function onConsent(options: CodatLinkOptions = {}, extra: Partial<CodatLink> = {}) {
  const link = await fixture<CodatLink>(
    html`<codat-link request="financials" mode=${extra.mode ?? 'inline'} ?open=${extra.open ?? false} .backend=${new MemoryBackend({ latencyMs: 0 })}
      .options=${options as never} .text=${extra.text} .theme=${{ partnerName: 'Bank' }}
      privacy-policy-url=${extra.privacyPolicyUrl ?? ''} terms-url=${extra.termsUrl ?? ''}></codat-link>`,
  );
  const software = await at(link, 'softwareSelection');
  software.shadowRoot!.querySelector<HTMLElement>('[data-key="xero"]')!.click();
  await at(link, 'consent');
  return link;
}

describe('Questions? (the help panel)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('inline: a disclosure with the step’s answers first; Escape closes it and focus goes back to the button', async () => {
    const link = await onConsent();
    const toggle = button(link);
    expect(toggle.textContent).to.equal('Questions?');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(customElements.get('codat-link-help'), 'the consent step loads the help for its in-step answers').to.not.equal(undefined);

    const help = await openHelp(link);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(link.shadowRoot!.getElementById(toggle.getAttribute('aria-controls')!)).to.equal(help);
    const groups = listed(help);
    expect(groups['step']).to.deep.equal(['what', 'safe', 'access', 'stop', 'who']);
    expect(groups['more']![0]).to.equal('why');
    expect(groups['more']).to.include.members(['permissions', 'blocked', 'csv', 'link', 'support']);
    expect(link.shadowRoot!.querySelector<HTMLElement>('.body')!.hidden, 'inline, the step stays on screen').to.equal(false);
    await expect(link).to.be.accessible();

    const first = help.shadowRoot!.querySelector<HTMLElement>('summary')!;
    first.focus();
    await sendKeys({ press: 'Enter' });
    expect(first.parentElement!.hasAttribute('open')).to.equal(true);
    expect(help.shadowRoot!.querySelector('[part="help-answer"]')!.textContent).to.contain('who you pay, how much and how');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !panel(link), 'Escape did not close the panel');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(deepActive()).to.equal(toggle);
    expect(link.journey.step, 'Escape closed the panel, not the journey').to.equal('consent');
  });

  it('modal: a dialog that takes focus, keeps Tab inside, and gives focus back on Escape', async () => {
    const link = await onConsent({}, { mode: 'modal', open: true });
    const toggle = button(link);
    expect(toggle.getAttribute('aria-haspopup')).to.equal('dialog');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => panel(link), 'the help panel never opened');
    const help = panel(link)!;
    await waitUntil(() => deepActive()?.getAttribute('part') === 'help-heading', 'focus did not move to the panel');
    expect(help.getAttribute('role')).to.equal('dialog');
    expect(link.shadowRoot!.querySelector<HTMLElement>('.body')!.hidden, 'the step is hidden behind the panel, not destroyed').to.equal(true);
    await expect(link).to.be.accessible();

    for (let i = 0; i < 25; i++) {
      await sendKeys({ press: 'Tab' });
      expect(help.shadowRoot!.contains(deepActive()), `focus left the panel after ${i + 1} Tab`).to.equal(true);
    }
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !panel(link), 'Escape did not close the panel');
    expect(deepActive()).to.equal(toggle);
    expect(link.shadowRoot!.querySelector('[part="confirm-exit"]'), 'Escape closed the panel only').to.equal(null);
    expect(link.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
    expect(link.shadowRoot!.querySelector<HTMLElement>('.body')!.hidden).to.equal(false);
    expect(link.shadowRoot!.querySelector('codat-link-consent'), 'the same step element is back').to.not.equal(null);

    await openHelp(link);
    panel(link)!.shadowRoot!.querySelector<HTMLElement>('[part="help-close"]')!.click();
    await waitUntil(() => !panel(link), 'the close button did not close the panel');
    expect(deepActive()).to.equal(toggle);
  });

  it('takes the partner’s overrides through text, hides answers and adds its own through the help option', async () => {
    const link = await onConsent(
      {
        help: {
          hide: ['csv', 'who'],
          answers: [
            { id: 'bank-fees', question: { en: 'Does this cost anything?', fr: 'Est-ce payant ?' }, answer: 'No, sharing is free.', steps: ['consent'] },
          ],
        },
      },
      { text: { 'help.safe.question': 'Is this secure?', 'help.stop.question': '' } },
    );
    const help = await openHelp(link);
    const groups = listed(help);
    expect(groups['step']).to.deep.equal(['bank-fees', 'what', 'safe', 'access']);
    expect([...groups['step']!, ...groups['more']!]).to.not.include.members(['csv', 'who', 'stop']);
    expect(help.shadowRoot!.querySelector('[data-answer="safe"] summary')!.textContent).to.equal('Is this secure?');
    expect(help.shadowRoot!.querySelector('[data-answer="bank-fees"] summary')!.textContent).to.equal('Does this cost anything?');
    // The in-step list of the consent step follows the same settings.
    const consent = link.shadowRoot!.querySelector('codat-link-consent')!;
    const inline = consent.shadowRoot!.querySelector<CodatLinkHelp>('codat-link-help')!;
    await inline.updateComplete;
    expect([...inline.shadowRoot!.querySelectorAll<HTMLElement>('[data-answer]')].map((d) => d.dataset['answer'])).to.deep.equal(['what', 'safe']);

    link.locale = 'fr';
    await waitUntil(() => help.shadowRoot!.querySelector('h2')!.textContent === 'Des questions\u202f?', 'the panel did not switch to French');
    expect(help.shadowRoot!.querySelector('[data-answer="bank-fees"] summary')!.textContent).to.equal('Est-ce payant ?');
    expect(help.shadowRoot!.querySelector('[data-answer="what"] summary')!.textContent).to.equal('Que partage-t-on exactement\u202f?');
    await expect(link).to.be.accessible();
  });

  it('help: false removes the control', async () => {
    const link = await onConsent({ help: false });
    expect(button(link)).to.equal(null);
  });

  it('links the partner’s policies when they are https:, and ignores anything else with a warning and config_invalid', async () => {
    const errors: { code: string; message: string }[] = [];
    const link = await fixture<CodatLink>(
      html`<codat-link request="financials" .backend=${new MemoryBackend({ latencyMs: 0 })} @codat-link-error=${(e: CustomEvent) => errors.push(e.detail)}
        privacy-policy-url="https://bank.example/privacy" terms-url="http://bank.example/terms"></codat-link>`,
    );
    await at(link, 'softwareSelection');
    expect(errors.map((e) => e.code)).to.deep.equal(['config_invalid']);
    expect(errors[0]!.message).to.contain('terms-url must be an https: URL');
    expect(takeWarnings().join('\n')).to.contain('terms-url must be an https: URL');
    const help = await openHelp(link);
    const links = [...help.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part="help-links"] a')];
    expect(links.map((a) => a.href)).to.deep.equal(['https://bank.example/privacy']);
    expect(links[0]!.rel).to.equal('noopener noreferrer');
    expect(links[0]!.textContent).to.contain('Privacy policy');

    link.privacyPolicyUrl = 'javascript:alert(1)';
    await waitUntil(() => help.shadowRoot!.querySelectorAll('[part="help-links"] a').length === 0, 'a javascript: link was kept');
    expect(takeWarnings().join('\n')).to.contain('privacy-policy-url must be an https: URL');
    expect(errors.map((e) => e.code)).to.deep.equal(['config_invalid', 'config_invalid']);
  });

  it('is on the checklist too, with its own answers first', async () => {
    const link = await fixture<CodatLink>(html`<codat-link .backend=${new MemoryBackend({ latencyMs: 0 })}></codat-link>`);
    await at(link, 'checklist');
    const help = await openHelp(link);
    expect(listed(help)['step']).to.deep.equal(['permissions', 'time', 'link', 'support']);
    await expect(link).to.be.accessible();
  });
});
