import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { ContextProvider } from '@lit/context';
import {
  type JourneyEmitted,
  type JourneySnapshot,
  type JourneyStep,
  type LinkBackend,
  type LinkConfigInput,
  type LinkError,
  type LinkErrorInfo,
} from '@codat-link/core';
import { Localizer, isLocaleLoaded, loadLocale, resolveLocale, textOverridesSchema, type TextOverrides } from '../i18n/localizer.js';
import { loadStep } from '../steps/load-step.js';
import { errorMessage } from '../i18n/errors.js';
import { applyTokens, parseTheme, type ResolvedTheme, type ThemeInput } from '../theme/theme.js';
import { tokenStyles } from '../styles/shared.styles.js';
import { codatLinkStyles } from './codat-link.styles.js';
import { JourneyController } from '../controllers/journey-controller.js';
import { sessionKey } from '../controllers/journey-storage.js';
import { renderStep } from './render-step.js';
import { closesWithoutConfirmation, isBusy, isConfirmingClose } from './journey-view.js';
import { intentToEvent } from './intent-to-event.js';
import { trapTab } from './focus-trap.js';
import { renderConfirmExit, renderHeader } from './shell-parts.js';
import { resolveBackend, takeEarlyRequests, type HttpBackendLoader, type ResolvedBackend } from './backend.js';
import { PublicEvents } from './public-events.js';
import { CodatLinkCloseEvent, CodatLinkErrorEvent, type CloseReason } from '../events.js';
import { StepIntentEvent } from '../steps/intents.js';
import type { StepElement } from '../steps/step-element.js';
import { isHttpUrl, isHttpsUrl, originOf } from '../util/url.js';
import { helpContext, localizerContext } from '../context.js';
import type { HelpOptions } from '../help/help-settings.js';
import * as z from 'zod/mini';

/** The steps a journey may open on (after loading); the one it opens on is guessed by `likelyFirstStep`. */
const FIRST_STEPS = ['checklist', 'provisionMethod', 'entityCount', 'softwareSelection'] as const;

/**
 * The step a new journey most likely opens on, from the page's request (the backend's request wins,
 * and a resumed journey may be anywhere): its chunk is worth fetching before the backend answers.
 */
function likelyFirstStep(request: string | undefined, options: CodatLinkOptions | undefined): JourneyStep {
  const requested = (request ?? '').split(/\s+/).filter(Boolean);
  const dataTypes = options?.dataTypes ?? (requested.length > 0 ? requested : ['spendAnalysis']);
  if (options?.checklist ?? dataTypes.includes('spendAnalysis')) return 'checklist';
  return dataTypes.length === 1 && dataTypes[0] === 'spendAnalysis' ? 'provisionMethod' : 'softwareSelection';
}

/**
 * The `options` property: the journey configuration of @codat-link/core (validated there), plus
 * the theme and the text overrides, which the `theme` and `text` properties take precedence over.
 */
export type CodatLinkOptions = Partial<LinkConfigInput> & { theme?: ThemeInput | string; text?: TextOverrides; help?: HelpOptions };

/**
 * `<codat-link>`: the whole journey in one tag. Renders the step the journey machine is in,
 * inline or in a modal dialog, themed, in English or French.
 *
 * @tag codat-link
 * @attr session-token - the short-lived session token; keys the saved journey (hashed) without `company-id`.
 * @attr base-url - the partner backend; with `session-token`, the HTTP adapter is loaded.
 * @attr company-id - keys the saved journey (hashed), so a renewed token resumes it; passed to the HTTP loader.
 * @attr locale - `en` or `fr` (regional tags resolve); switching re-renders live.
 * @attr request - space-separated data types: `financials`, `spendAnalysis`.
 * @attr mode - `inline` (default) or `modal`.
 * @attr open - modal mode: the dialog is shown.
 * @attr theme - `light`, `dark` or `auto` (a whole theme object goes in the `theme` property).
 * @attr privacy-policy-url - the partner's privacy policy (`https:` only), linked from the help.
 * @attr terms-url - the partner's terms (`https:` only), linked from the help.
 * @slot logo - the partner's logo (else `theme.logoUrl`).
 * @csspart dialog - the `<dialog>` (modal mode).
 * @csspart panel - the visible card.
 * @csspart header - the header row.
 * @csspart logo - the logo image.
 * @csspart title - the title in the header.
 * @csspart close - the close button.
 * @csspart help-button - the *Questions?* button in the header.
 * @csspart help - the help panel (a disclosure inline, a dialog in modal mode).
 * @csspart sandbox - the sandbox notice.
 * @csspart alert - an error shown above a step the customer can carry on with.
 * @csspart progress - the busy indicator.
 * @csspart body - the container of the current step.
 * @csspart confirm-exit - the exit confirmation.
 * @csspart live - the visually hidden live region.
 * @cssprop --codat-link-color-primary - brand colour of buttons and highlights (all global tokens: docs/theming.md).
 * @cssprop --codat-link-panel-background - the card's background.
 * @cssprop --codat-link-panel-radius - the card's corner radius.
 * @cssprop --codat-link-panel-padding - the card's padding.
 * @cssprop --codat-link-dialog-backdrop - the modal backdrop.
 * @cssprop --codat-link-logo-height - the logo's height.
 * @fires codat-link-ready - the first step is shown.
 * @fires codat-link-step-change - the journey moved to another step.
 * @fires codat-link-consent - the customer gave consent; the exact text shown.
 * @fires codat-link-connection - a connection was created or settled.
 * @fires codat-link-upload - a report was uploaded.
 * @fires codat-link-finish - the customer finished; status per entity.
 * @fires codat-link-close - cancelable; the customer is leaving.
 * @fires codat-link-error - something failed; stable code.
 */
export class CodatLink extends LitElement {
  static override styles = [tokenStyles, codatLinkStyles];
  /** How `base-url` + `session-token` become a backend; the adapter is a lazy chunk. Replaceable (tests, proxies). */
  static loadHttpBackend: HttpBackendLoader = async ({ baseUrl, sessionToken }) => {
    // The journey's first GETs go out now (or went out with the drop-in script), while the chunk loads.
    const early = takeEarlyRequests(baseUrl, sessionToken);
    const { HttpBackend } = await import('@codat-link/adapter-http');
    return new HttpBackend({ baseUrl, sessionToken, ...(early ? { early } : {}) });
  };

  static override properties = {
    sessionToken: { attribute: 'session-token' },
    baseUrl: { attribute: 'base-url' },
    companyId: { attribute: 'company-id' },
    locale: { reflect: true },
    request: {},
    mode: { reflect: true },
    open: { type: Boolean, reflect: true },
    theme: {},
    backend: { attribute: false },
    options: { attribute: false },
    text: { attribute: false },
    help: { attribute: false },
    privacyPolicyUrl: { attribute: 'privacy-policy-url' },
    termsUrl: { attribute: 'terms-url' },
    helpOpen: { state: true },
    resolvedBackend: { state: true },
  };

  declare sessionToken: string | undefined;
  /** The partner backend the HTTP adapter talks to; with `session-token`, used when no `backend` is set. */
  declare baseUrl: string | undefined;
  declare companyId: string | undefined;
  /** `en` or `fr` (regional tags resolve: `fr-CA` → `fr`). Switching re-renders live. */
  declare locale: string;
  /** Space-separated data types: `financials`, `spendAnalysis`, or both. */
  declare request: string | undefined;
  declare mode: 'modal' | 'inline';
  /** Modal mode: whether the dialog is shown. */
  declare open: boolean;
  /** A preset name (`light`, `dark`, `auto`) as an attribute, or a whole theme object as a property. */
  declare theme: string | ThemeInput | undefined;
  /** Any `LinkBackend`. Without one and without `base-url`, a `MemoryBackend` sandbox. */
  declare backend: LinkBackend | undefined;
  /** The journey configuration (validated; see docs/elements.md). `dataTypes` defaults to `request`. */
  declare options: CodatLinkOptions | undefined;
  /** Text overrides by message id: a string, or `{ en, fr }`. */
  declare text: TextOverrides | undefined;
  /** The *Questions?* help: answers to hide, the partner's own answers, or `false` for none (docs/elements.md). */
  declare help: HelpOptions | undefined;
  /** The partner's privacy policy, linked from the help; only an `https:` URL is used. */
  declare privacyPolicyUrl: string | undefined;
  /** The partner's terms, linked from the help; only an `https:` URL is used. */
  declare termsUrl: string | undefined;
  declare helpOpen: boolean;
  declare resolvedBackend: ResolvedBackend | undefined;

  readonly journey = new JourneyController(this, {
    onEmitted: (event) => this.#onEmitted(event),
    onStep: (step, previous) => this.#onStep(step, previous),
    onSetupError: (error) => this.#reportError(error),
  });
  readonly #events = new PublicEvents(this);
  readonly #localizerProvider = new ContextProvider(this, { context: localizerContext, initialValue: new Localizer('en') });
  readonly #helpProvider = new ContextProvider(this, { context: helpContext, initialValue: {} });
  #resolvedTheme: ResolvedTheme = parseTheme(undefined).theme;
  #appliedTheme: ResolvedTheme | undefined;
  #servedTheme: ThemeInput | undefined;
  #announcement = '';
  #focusOnUpdate = false;
  #backendRequest = 0;
  #privacyPolicyUrl: string | undefined;
  #termsUrl: string | undefined;

  constructor() {
    super();
    this.sessionToken = undefined;
    this.baseUrl = undefined;
    this.companyId = undefined;
    this.locale = 'en';
    this.request = undefined;
    this.mode = 'inline';
    this.open = false;
    this.theme = undefined;
    this.backend = undefined;
    this.options = undefined;
    this.text = undefined;
    this.help = undefined;
    this.privacyPolicyUrl = undefined;
    this.termsUrl = undefined;
    this.helpOpen = false;
    this.resolvedBackend = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Fetch the likely first screen while the backend answers (the drop-in script preloads it already);
    // the other possible ones once the first step is shown (#onStep), so they do not delay it.
    void loadStep(likelyFirstStep(this.request, this.options));
  }

  protected override createRenderRoot() {
    const root = super.createRenderRoot();
    // Step intents are not composed: they stop at this shadow root, never reaching the partner's page.
    root.addEventListener(StepIntentEvent.eventName, (event) => this.#onIntent(event as StepIntentEvent));
    return root;
  }

  get i18n(): Localizer {
    return this.#localizerProvider.value;
  }

  get #theme(): ResolvedTheme {
    return this.#resolvedTheme;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') || changed.has('text') || changed.has('options')) {
      const overrides = z.safeParse(textOverridesSchema, { ...this.options?.text, ...this.text });
      if (!overrides.success) this.#reportError({ code: 'config_invalid', message: 'text overrides are not valid', userRecoverable: false });
      const locale = resolveLocale(this.locale);
      const make = () => new Localizer(locale, overrides.success ? overrides.data : {});
      this.#localizerProvider.setValue(make());
      // Until a locale's catalog arrives its text falls back to English; then every consumer re-renders.
      if (!isLocaleLoaded(locale)) {
        void loadLocale(locale).then(() => {
          this.#localizerProvider.setValue(make());
          this.requestUpdate();
        });
      }
      if (this.journey.actor) this.journey.send({ type: 'SET_LOCALE', locale: this.i18n.locale });
    }
    // The partner's own theme wins; without one, the branding the backend sends with the request.
    const served = this.theme === undefined && this.options?.theme === undefined ? this.journey.snapshot?.context.request?.theme : undefined;
    if (changed.has('theme') || changed.has('options') || served !== this.#servedTheme) {
      this.#servedTheme = served;
      const theme = this.theme ?? this.options?.theme ?? served;
      const input = typeof theme === 'string' ? { preset: theme } : theme;
      const result = parseTheme(input);
      if (!result.ok) {
        const detail = result.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
        this.#reportError({ code: 'theme_invalid', message: detail, userRecoverable: false }, detail);
      }
      applyTokens(this, this.#appliedTheme, result.theme);
      this.#appliedTheme = result.theme;
      this.#resolvedTheme = result.theme;
      this.dataset['preset'] = result.theme.preset;
    }
    if (changed.has('help') || changed.has('options') || changed.has('privacyPolicyUrl') || changed.has('termsUrl') || changed.has('theme')) {
      // Each link is checked when it changes, so a bad one is reported once.
      if (changed.has('privacyPolicyUrl')) this.#privacyPolicyUrl = this.#policyUrl('privacy-policy-url', this.privacyPolicyUrl);
      if (changed.has('termsUrl')) this.#termsUrl = this.#policyUrl('terms-url', this.termsUrl);
      this.#helpProvider.setValue({
        options: this.help ?? this.options?.help,
        privacyPolicyUrl: this.#privacyPolicyUrl,
        termsUrl: this.#termsUrl,
        partnerName: this.#theme.partnerName,
      });
    }
    if (changed.has('backend') || changed.has('baseUrl') || changed.has('sessionToken') || changed.has('companyId')) {
      void this.#resolveBackend();
    }
    if (changed.has('resolvedBackend') || changed.has('options') || changed.has('request')) this.#configureJourney();
    // Reopening after the customer left resumes where they were (or starts afresh once finished).
    else if (changed.has('open') && this.open && this.journey.step === 'closed') this.#configureJourney();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.mode === 'modal') this.#syncDialog(changed.has('open') || changed.has('mode'));
    if (this.#focusOnUpdate) {
      this.#focusOnUpdate = false;
      void this.#focusStep();
    }
  }

  async #resolveBackend(): Promise<void> {
    const request = ++this.#backendRequest;
    try {
      const resolved = await resolveBackend(this, CodatLink.loadHttpBackend);
      if (request !== this.#backendRequest) return;
      this.resolvedBackend = resolved;
    } catch (error) {
      this.#reportError({ code: 'network_error', message: String(error), userRecoverable: false });
    }
  }

  #configureJourney(): void {
    if (!this.resolvedBackend) return;
    const requested = (this.request ?? '').split(/\s+/).filter(Boolean);
    const { theme: _theme, text: _text, help: _help, ...journeyOptions } = this.options ?? {};
    const config = { dataTypes: requested.length > 0 ? requested : ['spendAnalysis'], ...journeyOptions } as LinkConfigInput;
    const here = globalThis.location;
    this.journey.configure({
      backend: this.resolvedBackend.backend,
      // The automatic sandbox forgets everything on reload, so a saved journey would point at nothing.
      // Keyed by company when known (short-lived tokens are often minted anew on each page load) and
      // by what is requested: the same company's financials request is another journey than its spend one.
      storageKey:
        this.resolvedBackend.sandbox && !this.backend
          ? undefined
          : sessionKey(this.companyId ? `${this.companyId} ${[...config.dataTypes].sort().join(' ')}` : this.sessionToken),
      config,
      locale: this.i18n.locale,
      ...(here ? { redirectUri: here.href, openerOrigin: here.origin } : {}),
    });
  }

  /** A policy link the help may show: `https:` only, anything else is dropped with a warning. */
  #policyUrl(attribute: string, url: string | undefined): string | undefined {
    if (!url || isHttpsUrl(url)) return url || undefined;
    const detail = `${attribute} must be an https: URL`;
    console.warn(`<codat-link>: ${detail}`);
    this.#reportError({ code: 'config_invalid', message: '', userRecoverable: false }, detail);
    return undefined;
  }

  /** Opens or closes *Questions?*; the panel and its answers are a chunk loaded on first use. */
  async #toggleHelp(open = !this.helpOpen): Promise<void> {
    if (open) await import('../help/define.js');
    this.helpOpen = open;
    await this.updateComplete;
    if (open && this.mode === 'modal') await this.renderRoot.querySelector('codat-link-help')?.focusHeading();
    else if (!open) this.renderRoot.querySelector<HTMLElement>('.help-button')?.focus();
  }

  #onIntent(event: StepIntentEvent): void {
    event.stopPropagation();
    const snapshot = this.journey.snapshot;
    if (!snapshot) return;
    const { intent } = event;
    if (intent.type === 'close') return this.#requestClose('closeButton');
    if (intent.type === 'redirect') {
      if (!isHttpUrl(intent.url)) return;
      this.journey.markRedirect();
      CodatLink.navigate(intent.url);
      return;
    }
    if (intent.type === 'giveConsent') this.#events.consentShown(intent);
    for (const machineEvent of intentToEvent(intent)) this.journey.send(machineEvent);
  }

  /** Leaves the page for the platform (redirect mode); replaceable in tests. */
  static navigate = (url: string): void => {
    window.location.assign(url);
  };

  #requestClose(reason: CloseReason): void {
    const snapshot = this.journey.snapshot;
    if (!snapshot || closesWithoutConfirmation(snapshot) || this.journey.setupError) {
      if (this.#emitClose(reason)) this.journey.send({ type: 'CLOSE' });
      if (!snapshot || this.journey.setupError) this.#closed();
      return;
    }
    if (isConfirmingClose(snapshot)) return;
    this.helpOpen = false;
    this.journey.send({ type: 'CLOSE' });
    this.#focusOnUpdate = true;
  }

  #confirmExit(leave: boolean): void {
    if (leave && this.#emitClose('closeButton')) this.journey.send({ type: 'CONFIRM_CLOSE' });
    else this.journey.send({ type: 'CANCEL_CLOSE' });
    this.#focusOnUpdate = true;
  }

  /** Fires the cancelable close event; true when the partner let it happen. */
  #emitClose(reason: CloseReason): boolean {
    return this.dispatchEvent(new CodatLinkCloseEvent({ reason, step: this.journey.step }));
  }

  #closed(): void {
    if (this.mode === 'modal') this.open = false;
  }

  #onEmitted(event: JourneyEmitted): void {
    this.#events.fromMachine(event);
    if (event.type === 'closed') {
      if (event.completed) this.journey.forget();
      this.#closed();
    }
  }

  #onStep(step: JourneyStep, previous: JourneyStep | null): void {
    void loadStep(step);
    if (previous === null || previous === 'loading') void this.#loadOtherFirstSteps(step);
    if (step !== 'loading' && step !== 'closed') this.#announcement = this.i18n.t(`step.${step}`);
    this.#events.stepChanged(step, previous);
    // Moving focus on the first render would pull an inline journey's page off the partner's content.
    if ((previous !== null && previous !== 'loading') || this.mode === 'modal') this.#focusOnUpdate = true;
  }

  /** Once the first step is on screen, the chunks of the others it might have been (Back from the next one). */
  async #loadOtherFirstSteps(step: JourneyStep): Promise<void> {
    await loadStep(step);
    await this.updateComplete;
    await (this.renderRoot.querySelector('.body')?.firstElementChild as Partial<StepElement> | null | undefined)?.updateComplete;
    // After the frame that shows it, once the page is idle: the partner's page comes first too.
    const later = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
    requestAnimationFrame(() =>
      later(() => {
        for (const other of FIRST_STEPS) void loadStep(other);
      }),
    );
  }

  /** `detail` (which theme token, which override) helps the partner's developer; it follows the localized text. */
  #reportError(error: LinkError | LinkErrorInfo, detail?: string): void {
    const { code, userRecoverable, correlationId } = error;
    const message = errorMessage(this.i18n, code) + (detail ? ` (${detail})` : '');
    this.dispatchEvent(new CodatLinkErrorEvent({ code, message, userRecoverable, ...(correlationId ? { correlationId } : {}) }));
  }

  async #focusStep(): Promise<void> {
    await this.updateComplete;
    const confirm = this.renderRoot.querySelector<HTMLElement>('#confirm-heading');
    if (confirm) return confirm.focus();
    const step = this.renderRoot.querySelector('.body')?.firstElementChild as StepElement | null | undefined;
    if (!step) return;
    await customElements.whenDefined(step.localName);
    await step.focusHeading?.();
  }

  #syncDialog(openChanged: boolean): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open && !dialog.open) {
      dialog.showModal();
      if (openChanged) void this.#focusStep();
    } else if (!this.open && dialog.open) dialog.close();
  }

  #onDialogKeydown(event: KeyboardEvent): void {
    // With the help open, the dialog's focus stays in it (Escape closes it, see the panel's keydown).
    const help = this.helpOpen ? this.renderRoot.querySelector('codat-link-help')?.renderRoot : undefined;
    if (event.key === 'Tab') return trapTab(event, help ?? (event.currentTarget as HTMLDialogElement));
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    // Handled here rather than on `cancel`: Chrome closes a dialog on a second Escape whatever `cancel` says.
    event.preventDefault();
    const snapshot = this.journey.snapshot;
    if (snapshot && isConfirmingClose(snapshot)) this.#confirmExit(false);
    else this.#requestClose('escape');
  }

  override render() {
    const snapshot = this.journey.snapshot;
    if (this.mode !== 'modal' && this.journey.step === 'closed') return nothing;
    const panel = this.#renderPanel(snapshot);
    const live = html`<div class="visually-hidden" part="live" role="status" aria-live="polite">${this.#announcement}</div>`;
    if (this.mode === 'modal') {
      return html`<dialog
        part="dialog"
        aria-label=${this.i18n.t('shell.title')}
        @keydown=${(e: KeyboardEvent) => this.#onDialogKeydown(e)}
        @cancel=${(e: Event) => e.preventDefault()}
        @close=${() => this.open && (this.open = false)}
      >${panel}${live}</dialog>`;
    }
    return html`<div role="region" aria-label=${this.i18n.t('shell.title')}>${panel}${live}</div>`;
  }

  #renderPanel(snapshot: JourneySnapshot | undefined) {
    const i18n = this.i18n;
    const theme = this.#theme;
    const partnerName = theme.partnerName ?? i18n.t('shell.defaultPartner');
    const setupError = this.journey.setupError;
    const step = setupError ? 'error' : (this.journey.step ?? 'loading');
    const busy = !setupError && (!snapshot || isBusy(snapshot) || step === 'loading');
    const confirming = snapshot ? isConfirmingClose(snapshot) : false;
    const alert = snapshot && step !== 'error' ? snapshot.context.error : undefined;
    // The in-memory sandbox, or a backend that says this request is in the partner's sandbox.
    const sandboxNote = this.resolvedBackend?.sandbox
      ? 'shell.sandbox'
      : snapshot?.context.request?.environment === 'sandbox'
        ? 'shell.sandboxEnvironment'
        : undefined;
    const body = setupError
      ? html`<codat-link-error .error=${setupError}></codat-link-error>`
      : snapshot
        ? renderStep({
            step,
            snapshot,
            partnerName,
            sandbox: this.resolvedBackend?.sandbox ?? false,
            suppliers: this.journey.suppliers,
            callbackOrigin: this.baseUrl ? (originOf(this.baseUrl) ?? undefined) : undefined,
          })
        : nothing;
    const modal = this.mode === 'modal';
    const helpOpen = this.helpOpen && !confirming;
    const helpButton =
      step === 'loading' || (this.help ?? this.options?.help) === false
        ? nothing
        : html`<button class="help-button" part="help-button" aria-expanded=${helpOpen ? 'true' : 'false'}
            aria-controls=${helpOpen ? 'help' : nothing} aria-haspopup=${modal ? 'dialog' : 'false'} @click=${() => this.#toggleHelp()}>${i18n.t('shell.help')}</button>`;
    return html`
      <div class="panel" part="panel" lang=${i18n.locale}>
        ${renderHeader(i18n, theme, partnerName, modal || step === 'summary' ? () => this.#requestClose('closeButton') : undefined, helpButton)}
        ${sandboxNote ? html`<p class="banner" part="sandbox">${i18n.t(sandboxNote)}</p>` : nothing}
        ${alert ? html`<p class="banner error" part="alert" role="alert">${errorMessage(i18n, alert.code)}</p>` : nothing}
        ${busy ? html`<div class="progress" part="progress" role="progressbar" aria-label=${i18n.t('shell.loading')}><span></span></div>` : nothing}
        ${
          helpOpen
            ? html`<codat-link-help id="help" class="help" part="help" role=${modal ? 'dialog' : 'region'} aria-label=${i18n.t('shell.help')}
              .step=${step} @codat-link-help-close=${() => this.#toggleHelp(false)}
              @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.preventDefault(), e.stopPropagation(), this.#toggleHelp(false))}></codat-link-help>`
            : nothing
        }
        ${
          confirming
            ? renderConfirmExit(i18n, (leave) => this.#confirmExit(leave))
            : html`<div class="body" part="body" .inert=${busy} ?hidden=${helpOpen && modal} aria-busy=${busy ? 'true' : 'false'} data-current-step=${step}>${body}</div>`
        }
      </div>
    `;
  }
}
