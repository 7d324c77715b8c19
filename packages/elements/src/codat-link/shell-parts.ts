import { html, nothing } from 'lit';
import type { Localizer } from '../i18n/localizer.js';
import type { ResolvedTheme } from '../theme/theme.js';
import { isHttpUrl } from '../util/url.js';

/** The header row: logo (slot or theme URL), title, the *Questions?* button, and the close button when closing is offered. */
export function renderHeader(i18n: Localizer, theme: ResolvedTheme, partnerName: string, onClose: (() => void) | undefined, help: unknown) {
  const logo =
    theme.logoUrl && isHttpUrl(theme.logoUrl)
      ? html`<img class="logo" part="logo" src=${theme.logoUrl} alt=${i18n.t('shell.logoAlt', { partner: partnerName })} />`
      : nothing;
  return html`<div class="header" part="header">
    <slot name="logo">${logo}</slot>
    <span class="title" part="title">${i18n.t('shell.title')}</span>
    ${help}
    ${
      onClose
        ? html`<button class="close" part="close" aria-label=${i18n.t('shell.close')} @click=${onClose}><span aria-hidden="true">×</span></button>`
        : nothing
    }
  </div>`;
}

/** "Leave without finishing?": focus goes to its heading; Escape means stay. */
export function renderConfirmExit(i18n: Localizer, answer: (leave: boolean) => void) {
  return html`<div class="confirm" part="confirm-exit" role="alertdialog" aria-labelledby="confirm-heading" aria-describedby="confirm-body">
    <h2 id="confirm-heading" tabindex="-1">${i18n.t('shell.confirmExit.title')}</h2>
    <p id="confirm-body">${i18n.t('shell.confirmExit.body')}</p>
    <div class="actions">
      <button class="button secondary" part="confirm-leave" @click=${() => answer(true)}>${i18n.t('shell.confirmExit.leave')}</button>
      <button class="button" part="confirm-stay" @click=${() => answer(false)}>${i18n.t('shell.confirmExit.stay')}</button>
    </div>
  </div>`;
}
