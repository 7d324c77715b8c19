import { html, nothing } from 'lit';
import type { Integration } from '@codat-link/core';
import { StepElement } from '../step-element.js';
import { softwareSelectionStyles } from './software-selection.styles.js';
import { choiceStyles } from '../choice.styles.js';
import { fold, matches } from './search.js';
import { isHttpUrl } from '../../util/url.js';
import './software-messages.js';

type GroupName = 'direct' | 'fileUpload' | 'sandbox';

/**
 * One line of the list: a platform, or a platform the catalog offers both ways (a direct connection
 * and a file upload under the same name), shown once; the customer then picks the way.
 */
interface Option {
  group: GroupName;
  integration: Integration;
  fileUpload?: Integration;
}
const GROUP_LABEL = {
  direct: 'software.group.direct',
  fileUpload: 'software.group.fileUpload',
  sandbox: 'software.group.sandbox',
} as const;

/**
 * Step `softwareSelection`: a searchable list of the platforms this request may use, grouped
 * into direct connections and file-upload platforms (and sandbox ones when allowed). A platform
 * offered both ways is listed once; picking it asks how the customer wants to share.
 * Keyboard: the search field is a combobox; ↓/↑ move through the options, Home/End jump (with
 * Ctrl), Enter picks, Escape clears the search.
 *
 * @tag codat-link-software-selection
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
 * @csspart cant-find-button - its button: the manual template when offered; otherwise (a request
 *   with financial statements, which only a connection provides) it shows what to do instead.
 * @csspart cant-find-answer - that answer, shown by the button when there is no manual template.
 * @csspart actions - the row of navigation buttons.
 * @csspart back - the back button.
 * @csspart choices - the two ways of a platform offered both ways.
 * @csspart choice - each way.
 * @csspart choice-title - a way's title.
 * @csspart choice-body - a way's description.
 * @cssprop --codat-link-software-list-max-height - height of the scrolling list (22rem).
 * @cssprop --codat-link-software-option-active-background - background of the highlighted option.
 */
export class CodatLinkSoftwareSelection extends StepElement {
  static override styles = [StepElement.styles, choiceStyles, softwareSelectionStyles];

  static override properties = {
    ...StepElement.properties,
    integrations: { attribute: false },
    showSandbox: { type: Boolean, attribute: 'show-sandbox' },
    manualUploadEnabled: { type: Boolean, attribute: 'manual-upload-enabled' },
    selectedKey: { attribute: 'selected-key' },
    canGoBack: { type: Boolean, attribute: 'can-go-back' },
    query: { state: true },
    activeIndex: { state: true },
    choosing: { state: true },
    notListedOpen: { state: true },
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
  /** The platform offered both ways whose way the customer is choosing. */
  declare choosing: Option | undefined;
  /** Without the manual template: the answer under "Can't find your software?" is open. */
  declare notListedOpen: boolean;

  constructor() {
    super();
    this.integrations = [];
    this.showSandbox = false;
    this.manualUploadEnabled = false;
    this.selectedKey = undefined;
    this.canGoBack = false;
    this.query = '';
    this.activeIndex = -1;
    this.choosing = undefined;
    this.notListedOpen = false;
  }

  /** The visible options, in display order, with their group. */
  get visible(): Option[] {
    const byName = (a: Integration, b: Integration) => fold(a.name).localeCompare(fold(b.name), this.i18n.locale);
    const shown = this.integrations
      .filter((i) => (i.sandbox ? this.showSandbox : true))
      .filter((i) => matches(i.name, this.query))
      .sort(byName);
    const direct = new Map(shown.filter((i) => i.kind === 'direct' && !i.sandbox).map((i) => [fold(i.name), i]));
    const options: Option[] = [];
    for (const integration of shown) {
      const twin = integration.kind === 'fileUpload' && !integration.sandbox ? direct.get(fold(integration.name)) : undefined;
      if (twin) continue;
      const option: Option = { group: integration.sandbox ? 'sandbox' : integration.kind, integration };
      const upload =
        integration.kind === 'direct' && !integration.sandbox
          ? shown.find((i) => i.kind === 'fileUpload' && !i.sandbox && fold(i.name) === fold(integration.name))
          : undefined;
      if (upload) option.fileUpload = upload;
      options.push(option);
    }
    return (['direct', 'fileUpload', 'sandbox'] as const).flatMap((group) => options.filter((o) => o.group === group));
  }

  #select(integration: Integration) {
    this.selectedKey = integration.key;
    this.intent({ type: 'selectSoftware', integrationKey: integration.key });
  }

  #pick(option: Option) {
    if (!option.fileUpload) return this.#select(option.integration);
    this.choosing = option;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#method-heading')?.focus());
  }

  #stopChoosing() {
    this.choosing = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#search')?.focus());
  }

  #onKeydown(event: KeyboardEvent, count: number) {
    const move = (index: number) => {
      event.preventDefault();
      this.activeIndex = count === 0 ? -1 : (index + count) % count;
      void this.updateComplete.then(() => this.renderRoot.querySelector('[data-active]')?.scrollIntoView({ block: 'nearest' }));
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
          this.#pick(active);
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
    if (this.choosing) return this.#renderWays(this.choosing);
    const { t } = this;
    const visible = this.visible;
    const active = visible[this.activeIndex];
    const groups = (['direct', 'fileUpload', 'sandbox'] as const).map((group) => {
      const options = visible.map((entry, index) => ({ ...entry, index })).filter((entry) => entry.group === group);
      if (options.length === 0) return nothing;
      return html`<div role="group" aria-labelledby=${`group-${group}`} part="group">
        <div class="group-label" part="group-label" role="presentation" id=${`group-${group}`}>${t(GROUP_LABEL[group])}</div>
        ${options.map((option) => this.#renderOption(option, option.index, option.index === this.activeIndex))}
      </div>`;
    });
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading" part="heading" tabindex="-1">${t('software.heading')}</h2>
        <p class="intro" part="intro">${t(this.integrations.some((i) => i.kind === 'fileUpload') ? 'software.intro' : 'software.intro.financials')}</p>
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
        ${visible.length === 0 ? html`<p class="empty user-text" part="empty">${t('software.noResults', { query: this.query })}</p>` : nothing}
        ${
          this.manualUploadEnabled
            ? html`<div class="cant-find" part="cant-find">
              <button class="button link" part="cant-find-button" @click=${() => this.intent({ type: 'cantFindSoftware' })}>
                ${t('software.cantFind')}
              </button>
              <p class="hint">${t('software.cantFind.body')}</p>
            </div>`
            : html`<div class="cant-find" part="cant-find">
              <button
                class="button link"
                part="cant-find-button"
                aria-expanded=${this.notListedOpen ? 'true' : 'false'}
                aria-controls="not-listed"
                @click=${() => (this.notListedOpen = !this.notListedOpen)}
              >
                ${t('software.cantFind')}
              </button>
              <p id="not-listed" class="hint" part="cant-find-answer" ?hidden=${!this.notListedOpen}>${t('software.cantFind.connectOnly')}</p>
            </div>`
        }
        ${
          this.canGoBack
            ? html`<div class="actions" part="actions">
              <button class="button secondary" part="back" @click=${() => this.intent({ type: 'back' })}>${t('shell.back')}</button>
            </div>`
            : nothing
        }
      </section>
    `;
  }

  #renderWays({ integration, fileUpload }: Option) {
    const { t } = this;
    const names = { software: integration.name };
    const way = (chosen: Integration, kind: 'direct' | 'fileUpload') =>
      html`<li>
        <button class="choice" part="choice" data-key=${chosen.key} @click=${() => this.#select(chosen)}>
          <span class="choice-title user-text" part="choice-title">${t(`software.method.${kind}.title`, names)}</span>
          <span class="choice-body user-text" part="choice-body">${t(`software.method.${kind}.body`, names)}</span>
        </button>
      </li>`;
    return html`
      <section class="step" part="step" aria-labelledby="method-heading">
        <h2 id="method-heading" class="heading user-text" part="heading" tabindex="-1">${t('software.method.heading', names)}</h2>
        <p class="intro user-text" part="intro">${t('software.method.intro', names)}</p>
        <ul class="choices" part="choices">${way(integration, 'direct')}${way(fileUpload!, 'fileUpload')}</ul>
        <div class="actions" part="actions">
          <button class="button secondary" part="back" @click=${() => this.#stopChoosing()}>${t('shell.back')}</button>
        </div>
      </section>
    `;
  }

  #renderOption(option: Option, index: number, isActive: boolean) {
    const { t } = this;
    const { integration, fileUpload } = option;
    const kind = fileUpload ? 'software.kind.both' : integration.kind === 'direct' ? 'software.kind.direct' : 'software.kind.fileUpload';
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
        aria-selected=${integration.key === this.selectedKey || fileUpload?.key === this.selectedKey ? 'true' : 'false'}
        ?data-active=${isActive}
        data-key=${integration.key}
        @click=${() => this.#pick(option)}
        @pointermove=${() => {
          if (!isActive) this.activeIndex = index;
        }}
      >
        ${logo}
        <span class="name user-text" part="option-name">${integration.name}</span>
        <span class="kind" part="option-kind">${t(kind)}</span>
      </div>
    `;
  }
}
