import { html, css, nothing } from 'lit';
import './connecting-messages.js';
import { StepElement } from '../step-element.js';
import { originOf, readPopupMessage } from './popup-message.js';

export type ConnectMode = 'popup' | 'redirect' | 'auto';
type Phase = 'ready' | 'waiting' | 'blocked' | 'closed';

/**
 * Step `connecting` (direct integrations): authorize in the platform, in a pop-up on desktop or
 * by redirect on mobile (the journey resumes from the saved snapshot when the customer comes
 * back). While the pop-up is open the step waits, and offers cancel.
 * Pop-up messages are accepted only from the exact origin of the authorization URL (or
 * `expected-origin`), only from the pop-up this step opened, and only for this connection.
 *
 * @tag codat-link-connecting
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr software-name - the platform's name.
 * @attr auth-url - where the customer authorizes (http(s) only).
 * @attr expected-origin - the only origin whose message is accepted.
 * @attr connection-id - the connection being authorized.
 * @attr connect-mode - `popup`, `redirect` or `auto`.
 * @attr sandbox - simulated authorization.
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart intro - the explanation.
 * @csspart status - the waiting, blocked or closed message.
 * @csspart spinner - the waiting indicator.
 * @csspart actions - the row of buttons.
 * @csspart open - the button that opens the pop-up.
 * @csspart redirect - the button that continues in this tab.
 * @csspart cancel - the cancel button.
 */
export class CodatLinkConnecting extends StepElement {
  static override styles = [
    StepElement.styles,
    css`
      @layer codat-link.component {
        /* Three choices: the main one on a row of its own, the two others side by side below it, in
           the order the keyboard meets them. */
        .actions.stacked {
          display: flex;
          flex-wrap: wrap;
        }
        /* The two others share their row whatever the element's width (a grid of 12rem columns
           left a wide element's third column empty and wrapped "Continue in this tab instead"). */
        .actions.stacked > * {
          flex: 1 1 12rem;
        }
        .actions.stacked [part~='open'] {
          flex-basis: 100%;
        }
        .status {
          display: flex;
          align-items: center;
          gap: 0.75rem;
          margin: 0;
        }
        .spinner {
          inline-size: 1.25rem;
          block-size: 1.25rem;
          border: 3px solid var(--_raised);
          border-top-color: var(--_primary);
          border-radius: 50%;
          animation: spin 0.9s linear infinite;
          flex: none;
        }
        @media (prefers-reduced-motion: reduce) {
          .spinner {
            animation-duration: 3s;
          }
        }
        @keyframes spin {
          to {
            transform: rotate(1turn);
          }
        }
      }
    `,
  ];

  static override properties = {
    ...StepElement.properties,
    softwareName: { attribute: 'software-name' },
    authUrl: { attribute: 'auth-url' },
    expectedOrigin: { attribute: 'expected-origin' },
    connectionId: { attribute: 'connection-id' },
    connectMode: { attribute: 'connect-mode' },
    sandbox: { type: Boolean },
    phase: { state: true },
  };

  declare softwareName: string;
  /** Where the customer authorizes access. Only http(s) URLs are ever opened. */
  declare authUrl: string | undefined;
  /** The origin allowed to post the result; defaults to the authorization URL's origin. */
  declare expectedOrigin: string | undefined;
  /** The connection being authorized; messages about another connection are ignored. */
  declare connectionId: string | undefined;
  /** `auto` uses a redirect on touch devices, a pop-up elsewhere. */
  declare connectMode: ConnectMode;
  /** Sandbox backends have no real platform: one button stands for the customer's authorization. */
  declare sandbox: boolean;
  declare phase: Phase;

  /** Opens the pop-up; replaceable in tests. */
  openWindow: (url: string, name: string, features: string) => Window | null = (url, name, features) => window.open(url, name, features);

  #popup: Window | null = null;
  #watch: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.softwareName = '';
    this.authUrl = undefined;
    this.expectedOrigin = undefined;
    this.connectionId = undefined;
    this.connectMode = 'auto';
    this.sandbox = false;
    this.phase = 'ready';
  }

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('message', this.#onMessage);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('message', this.#onMessage);
    clearInterval(this.#watch);
  }

  get #origin(): string | null {
    return this.expectedOrigin ?? (this.authUrl ? originOf(this.authUrl) : null);
  }

  get #prefersRedirect(): boolean {
    if (this.connectMode !== 'auto') return this.connectMode === 'redirect';
    return window.matchMedia?.('(pointer: coarse)').matches ?? false;
  }

  #onMessage = (event: MessageEvent) => {
    const origin = this.#origin;
    if (!origin) return;
    const message = readPopupMessage(event, origin, this.#popup);
    if (!message) return;
    if (this.connectionId && message.connectionId !== this.connectionId) return;
    clearInterval(this.#watch);
    this.#popup?.close();
    this.#popup = null;
    this.intent({ type: 'connectionMessage', connectionId: message.connectionId, status: message.status });
  };

  #open() {
    if (!this.authUrl || !originOf(this.authUrl)) return;
    const popup = this.openWindow(this.authUrl, 'codat-link-authorize', 'popup,width=600,height=720');
    if (!popup) {
      this.phase = 'blocked';
      this.intent({ type: 'popupBlocked' });
      return;
    }
    this.#popup = popup;
    this.phase = 'waiting';
    clearInterval(this.#watch);
    // A closed pop-up sends no message: poll so the customer is not left waiting forever.
    this.#watch = setInterval(() => {
      if (this.#popup?.closed) {
        clearInterval(this.#watch);
        this.#popup = null;
        this.phase = 'closed';
      }
    }, 500);
  }

  #redirect() {
    if (!this.authUrl || !originOf(this.authUrl)) return;
    this.intent({ type: 'redirect', url: this.authUrl });
  }

  #cancel() {
    clearInterval(this.#watch);
    this.#popup?.close();
    this.#popup = null;
    this.phase = 'ready';
    this.intent({ type: 'cancelConnection' });
  }

  override render() {
    const { t } = this;
    const software = { software: this.softwareName };
    const ready = Boolean(this.authUrl && originOf(this.authUrl));
    const redirectFirst = this.#prefersRedirect;
    const status =
      this.phase === 'waiting'
        ? html`<span class="spinner" part="spinner" aria-hidden="true"></span><span class="user-text">${t('connecting.waiting', software)}</span>`
        : this.phase === 'blocked'
          ? html`<span>${t('connecting.popupBlocked')}</span>`
          : this.phase === 'closed'
            ? html`<span>${t('connecting.popupClosed')}</span>`
            : !ready
              ? html`<span class="spinner" part="spinner" aria-hidden="true"></span><span>${t('shell.loading')}</span>`
              : nothing;
    const openLabel = this.phase === 'closed' || this.phase === 'blocked' ? t('connecting.reopen') : t('connecting.open', software);
    if (this.sandbox) {
      return html`
        <section class="step" part="step" aria-labelledby="heading">
          <h2 id="heading" class="heading user-text" part="heading" tabindex="-1">${t('connecting.heading', software)}</h2>
          <p class="intro" part="intro">${t('connecting.sandboxNote')}</p>
          <div class="actions" part="actions">
            <button class="button secondary" part="cancel" @click=${() => this.#cancel()}>${t('connecting.cancel')}</button>
            <button
              class="button"
              part="open"
              @click=${() => this.intent({ type: 'connectionMessage', connectionId: this.connectionId ?? '', status: 'linked' })}
            >${t('connecting.sandboxAuthorize')}</button>
          </div>
        </section>
      `;
    }
    return html`
      <section class="step" part="step" aria-labelledby="heading" aria-busy=${this.phase === 'waiting' ? 'true' : 'false'}>
        <h2 id="heading" class="heading user-text" part="heading" tabindex="-1">${t('connecting.heading', software)}</h2>
        <p class="intro user-text" part="intro">${t('connecting.intro', software)}</p>
        <p class="status" part="status" role="status">${status}</p>
        ${
          redirectFirst
            ? html`<div class="actions" part="actions">
              <button class="button secondary" part="cancel" @click=${() => this.#cancel()}>${t('connecting.cancel')}</button>
              <button class="button" part="redirect" ?disabled=${!ready} @click=${() => this.#redirect()}>${t('connecting.open', software)}</button>
            </div>`
            : html`<div class="actions stacked" part="actions">
              <button class="button" part="open" ?disabled=${!ready || this.phase === 'waiting'} @click=${() => this.#open()}>
                <span class="user-text">${openLabel}</span><span class="visually-hidden"> ${t('connecting.opensNewWindow')}</span>
              </button>
              <button class="button secondary" part="redirect" ?disabled=${!ready} @click=${() => this.#redirect()}>${t('connecting.redirect')}</button>
              <button class="button secondary" part="cancel" @click=${() => this.#cancel()}>${t('connecting.cancel')}</button>
            </div>`
        }
      </section>
    `;
  }
}
