import { html, nothing } from 'lit';
import type { Integration } from '@codat-link/core';
import { StepElement } from '../step-element.js';
import { softwareSelectionStyles } from './software-selection.styles.js';
import { fold, matches } from './search.js';
import { isHttpUrl } from '../../util/url.js';

type GroupName = 'direct' | 'fileUpload' | 'sandbox';
const GROUP_LABEL = {
  direct: 'software.group.direct',
  fileUpload: 'software.group.fileUpload',
  sandbox: 'software.group.sandbox',
} as const;

/**
 * Step `softwareSelection`: a searchable list of the platforms this request may use, grouped
 * into direct connections and file-upload platforms (and sandbox ones when allowed).
 * Keyboard: the search field is a combobox; ↓/↑ move through the options, Home/End jump (with
 * Ctrl), Enter picks, Escape clears the search.
 *
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr show-sandbox - offers sandbox platforms.
 * @attr manual-upload-enabled - shows "Can't find your software?".
 * @attr selected-key - the integration already chosen.
 * @attr can-go-back - shows a back button.
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart intro - the introduction under the heading.
 * @csspart search-label - the search field's label.
 * @csspart search - the search field.
 * @csspart list - the list of options.
 * @csspart group - each group of options.
 * @csspart group-label - the title of each group.
 * @csspart option - each platform.
 * @csspart option-logo - a platform's logo or initial.
 * @csspart option-name - a platform's name.
 * @csspart option-kind - "Direct connection" or "File upload".
 * @csspart empty - the message when nothing matches.
 * @csspart results - the live count of matches (visually hidden).
 * @csspart cant-find - the "can't find your software?" block.
 * @csspart cant-find-button - its button.
 * @csspart actions - the row of navigation buttons.
 * @csspart back - the back button.
 * @cssprop --codat-link-software-list-max-height - height of the scrolling list (22rem).
 * @cssprop --codat-link-software-option-active-background - background of the highlighted option.
 */
export class CodatLinkSoftwareSelection extends StepElement {
  static override styles = [StepElement.styles, softwareSelectionStyles];

  static override properties = {
    ...StepElement.properties,
    integrations: { attribute: false },
    showSandbox: { type: Boolean, attribute: 'show-sandbox' },
    manualUploadEnabled: { type: Boolean, attribute: 'manual-upload-enabled' },
    selectedKey: { attribute: 'selected-key' },
    canGoBack: { type: Boolean, attribute: 'can-go-back' },
    query: { state: true },
    activeIndex: { state: true },
  };

  /** The platforms to offer, already restricted by the partner and the request's data types. */
  declare integrations: Integration[];
  /** Offer sandbox platforms (testing only). */
  declare showSandbox: boolean;
  /** Show "Can't find your software?", which leads to the manual template upload. */
  declare manualUploadEnabled: boolean;
  declare selectedKey: string | undefined;
  declare canGoBack: boolean;
  declare query: string;
  declare activeIndex: number;

  constructor() {
    super();
    this.integrations = [];
    this.showSandbox = false;
    this.manualUploadEnabled = false;
    this.selectedKey = undefined;
    this.canGoBack = false;
    this.query = '';
    this.activeIndex = -1;
  }

  /** The visible options, in display order, with their group. */
  get visible(): { group: GroupName; integration: Integration }[] {
    const byName = (a: Integration, b: Integration) => fold(a.name).localeCompare(fold(b.name), this.i18n.locale);
    const shown = this.integrations
      .filter((i) => (i.sandbox ? this.showSandbox : true))
      .filter((i) => matches(i.name, this.query))
      .sort(byName);
    const groupOf = (i: Integration): GroupName => (i.sandbox ? 'sandbox' : i.kind);
    return (['direct', 'fileUpload', 'sandbox'] as const).flatMap((group) =>
      shown.filter((i) => groupOf(i) === group).map((integration) => ({ group, integration })),
    );
  }

  #pick(integration: Integration) {
    this.selectedKey = integration.key;
    this.intent({ type: 'selectSoftware', integrationKey: integration.key });
  }

  #onKeydown(event: KeyboardEvent, count: number) {
    const move = (index: number) => {
      event.preventDefault();
      this.activeIndex = count === 0 ? -1 : (index + count) % count;
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector('[data-active]')?.scrollIntoView({ block: 'nearest' }),
      );
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(this.activeIndex + 1);
      case 'ArrowUp':
        return move(this.activeIndex < 0 ? count - 1 : this.activeIndex - 1);
      case 'Home':
        if (event.ctrlKey) move(0);
        return;
      case 'End':
        if (event.ctrlKey) move(count - 1);
        return;
      case 'Enter': {
        const active = this.visible[this.activeIndex];
        if (active) {
          event.preventDefault();
          this.#pick(active.integration);
        }
        return;
      }
      case 'Escape':
        // First Escape clears the search; with nothing to clear it reaches the dialog (exit).
        if (this.query !== '') {
          event.preventDefault();
          event.stopPropagation();
          this.query = '';
          this.activeIndex = -1;
        }
        return;
    }
  }

  override render() {
    const { t } = this;
    const visible = this.visible;
    const active = visible[this.activeIndex];
    const groups = (['direct', 'fileUpload', 'sandbox'] as const).map((group) => {
      const options = visible
        .map((entry, index) => ({ ...entry, index }))
        .filter((entry) => entry.group === group);
      if (options.length === 0) return nothing;
      return html`<div role="group" aria-labelledby=${`group-${group}`} part="group">
        <div class="group-label" part="group-label" role="presentation" id=${`group-${group}`}>${t(GROUP_LABEL[group])}</div>
        ${options.map(({ integration, index }) => this.#renderOption(integration, index, index === this.activeIndex))}
      </div>`;
    });
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading" part="heading" tabindex="-1">${t('software.heading')}</h2>
        <p class="intro" part="intro">${t('software.intro')}</p>
        <div class="field">
          <label for="search" part="search-label">${t('software.search.label')}</label>
          <input
            id="search"
            class="input"
            part="search"
            type="search"
            role="combobox"
            autocomplete="off"
            spellcheck="false"
            aria-autocomplete="list"
            aria-expanded="true"
            aria-controls="list"
            aria-activedescendant=${active ? `option-${this.activeIndex}` : nothing}
            placeholder=${t('software.search.placeholder')}
            .value=${this.query}
            @input=${(e: InputEvent) => {
              this.query = (e.target as HTMLInputElement).value;
              this.activeIndex = this.query === '' ? -1 : 0;
            }}
            @keydown=${(e: KeyboardEvent) => this.#onKeydown(e, visible.length)}
          />
        </div>
        <div class="visually-hidden" role="status" part="results">
          ${this.query ? this.i18n.plural('software.results', visible.length) : ''}
        </div>
        <div id="list" class="list" part="list" role="listbox" aria-label=${t('software.list.label')} ?hidden=${visible.length === 0}>
          ${groups}
        </div>
        ${visible.length === 0
          ? html`<p class="empty user-text" part="empty">${t('software.noResults', { query: this.query })}</p>`
          : nothing}
        ${this.manualUploadEnabled
          ? html`<div class="cant-find" part="cant-find">
              <button class="button link" part="cant-find-button" @click=${() => this.intent({ type: 'cantFindSoftware' })}>
                ${t('software.cantFind')}
              </button>
              <p class="hint">${t('software.cantFind.body')}</p>
            </div>`
          : nothing}
        ${this.canGoBack
          ? html`<div class="actions" part="actions">
              <button class="button secondary" part="back" @click=${() => this.intent({ type: 'back' })}>${t('shell.back')}</button>
            </div>`
          : nothing}
      </section>
    `;
  }

  #renderOption(integration: Integration, index: number, isActive: boolean) {
    const { t } = this;
    const logo =
      integration.logoUrl && isHttpUrl(integration.logoUrl)
        ? html`<img class="logo" part="option-logo" src=${integration.logoUrl} alt="" loading="lazy" />`
        : html`<span class="logo initial" part="option-logo" aria-hidden="true">${[...integration.name][0] ?? ''}</span>`;
    return html`
      <div
        id=${`option-${index}`}
        class="option"
        part="option"
        role="option"
        aria-selected=${integration.key === this.selectedKey ? 'true' : 'false'}
        ?data-active=${isActive}
        data-key=${integration.key}
        @click=${() => this.#pick(integration)}
        @pointermove=${() => {
          if (!isActive) this.activeIndex = index;
        }}
      >
        ${logo}
        <span class="name user-text" part="option-name">${integration.name}</span>
        <span class="kind" part="option-kind">${t(integration.kind === 'direct' ? 'software.kind.direct' : 'software.kind.fileUpload')}</span>
      </div>
    `;
  }
}
