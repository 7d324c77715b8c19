import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../define.js';
import { part, recordIntents, shadowText, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkConnecting } from './connecting.js';
import { POPUP_MESSAGE_TYPE } from './popup-message.js';

const AUTH_URL = 'https://auth.example.com/authorize?connection=c1';

/** A same-page window that stands in for the pop-up, so `event.source` can be the real thing. */
async function fakePopup(): Promise<{ frame: HTMLIFrameElement; window: Window }> {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  return { frame, window: frame.contentWindow! };
}

function post(origin: string, source: Window, data: unknown) {
  window.dispatchEvent(new MessageEvent('message', { origin, source, data }));
}

describe('<codat-link-connecting>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('opens the pop-up, waits with cancel, and accepts only the exact origin from that pop-up', async () => {
    const popup = await fakePopup();
    const opened: string[] = [];
    const el = await fixture<CodatLinkConnecting>(
      html`<codat-link-connecting connect-mode="popup" software-name="Xero" auth-url=${AUTH_URL} connection-id="c1"></codat-link-connecting>`,
    );
    el.openWindow = (url) => (opened.push(url), popup.window);
    const intents = recordIntents(el);
    part(el, '[part="open"]').click();
    await el.updateComplete;
    expect(opened).to.deep.equal([AUTH_URL]);
    expect(part(el, '[part="status"]').textContent).to.contain('Waiting for you to authorize access in Xero…');
    expect(part(el, '[part="cancel"]').textContent).to.equal('Cancel');
    await expect(el).to.be.accessible();

    const linked = { type: POPUP_MESSAGE_TYPE, connectionId: 'c1', status: 'linked' };
    post('https://auth.example.com.evil.test', popup.window, linked);
    post('http://auth.example.com', popup.window, linked);
    post('https://evil.auth.example.com', popup.window, linked);
    post('https://auth.example.com', window, linked);
    post('https://auth.example.com', popup.window, { ...linked, connectionId: 'other' });
    post('https://auth.example.com', popup.window, { ...linked, status: 'pwned' });
    expect(intents).to.deep.equal([]);

    post('https://auth.example.com', popup.window, linked);
    expect(intents).to.deep.equal([{ type: 'connectionMessage', connectionId: 'c1', status: 'linked' }]);
    popup.frame.remove();
  });

  it('uses expected-origin when the callback page lives elsewhere', async () => {
    const popup = await fakePopup();
    const el = await fixture<CodatLinkConnecting>(
      html`<codat-link-connecting connect-mode="popup" auth-url=${AUTH_URL} expected-origin="https://partner.example"></codat-link-connecting>`,
    );
    el.openWindow = () => popup.window;
    const intents = recordIntents(el);
    part(el, '[part="open"]').click();
    post('https://auth.example.com', popup.window, { type: POPUP_MESSAGE_TYPE, connectionId: 'c1', status: 'linked' });
    post('https://partner.example', popup.window, { type: POPUP_MESSAGE_TYPE, connectionId: 'c1', status: 'failed' });
    expect(intents).to.deep.equal([{ type: 'connectionMessage', connectionId: 'c1', status: 'failed' }]);
    popup.frame.remove();
  });

  it('falls back to a redirect when the pop-up is blocked', async () => {
    const el = await fixture<CodatLinkConnecting>(
      html`<codat-link-connecting connect-mode="popup" software-name="Xero" auth-url=${AUTH_URL}></codat-link-connecting>`,
    );
    el.openWindow = () => null;
    const intents = recordIntents(el);
    part(el, '[part="open"]').click();
    await el.updateComplete;
    expect(shadowText(el)).to.contain('Your browser blocked the window.');
    part(el, '[part="redirect"]').click();
    expect(intents).to.deep.equal([{ type: 'popupBlocked' }, { type: 'redirect', url: AUTH_URL }]);
    await expect(el).to.be.accessible();
  });

  it('redirects first in redirect mode (mobile) and cancels on request', async () => {
    const el = await fixture<CodatLinkConnecting>(
      html`<codat-link-connecting connect-mode="redirect" software-name="Xero" auth-url=${AUTH_URL}></codat-link-connecting>`,
    );
    const intents = recordIntents(el);
    expect(el.shadowRoot!.querySelector('[part="open"]')).to.equal(null);
    part(el, '[part="redirect"]').click();
    part(el, '[part="cancel"]').click();
    expect(intents).to.deep.equal([{ type: 'redirect', url: AUTH_URL }, { type: 'cancelConnection' }]);
  });

  it('notices a pop-up closed before the end and offers to reopen it', async () => {
    const popup = { closed: false, close() {} } as unknown as Window;
    const el = await fixture<CodatLinkConnecting>(
      html`<codat-link-connecting connect-mode="popup" software-name="Xero" auth-url=${AUTH_URL}></codat-link-connecting>`,
    );
    el.openWindow = () => popup;
    part(el, '[part="open"]').click();
    (popup as { closed: boolean }).closed = true;
    await waitUntil(() => shadowText(el).includes('The window was closed before the connection finished.'), 'closed pop-up not noticed', { timeout: 2000 });
    expect(part(el, '[part="open"]').textContent!.trim()).to.contain('Open the window again');
    await expect(el).to.be.accessible();
  });

  it('never opens a javascript: URL', async () => {
    const opened: string[] = [];
    const el = await fixture<CodatLinkConnecting>(
      html`<codat-link-connecting connect-mode="popup" auth-url="javascript:window.__pwned=1"></codat-link-connecting>`,
    );
    el.openWindow = (url) => (opened.push(url), null);
    const intents = recordIntents(el);
    const open = part<HTMLButtonElement>(el, '[part="open"]');
    expect(open.disabled).to.equal(true);
    open.click();
    part(el, '[part="redirect"]').click();
    expect(opened).to.deep.equal([]);
    expect(intents).to.deep.equal([]);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('lays out its three buttons: the main one on its own row, the two others sharing one, each on one line', async () => {
    const boxes = async (width: number) => {
      // The element itself is the fixture (a plain wrapper would make it wait for an animation
      // frame, which a background tab never gets); the wrapper only sets the width.
      const wrapper = document.createElement('div');
      wrapper.style.width = `${width}px`;
      document.body.append(wrapper);
      const el = await fixture<CodatLinkConnecting>(
        html`<codat-link-connecting connect-mode="popup" software-name="Sandbox Accounting" auth-url=${AUTH_URL} connection-id="c1"></codat-link-connecting>`,
        { parentNode: wrapper },
      );
      const [open, redirect, cancel] = ['open', 'redirect', 'cancel'].map((name) => part(el, `[part="${name}"]`).getBoundingClientRect());
      return { open: open!, redirect: redirect!, cancel: cancel! };
    };
    // Wide (the element given 700 px): "Continue in this tab instead" was wrapped beside an empty third column.
    const wide = await boxes(700);
    expect(wide.redirect.top).to.equal(wide.cancel.top);
    expect(wide.redirect.top).to.be.above(wide.open.bottom - 1);
    expect(wide.redirect.height).to.be.closeTo(wide.open.height, 1);
    expect(wide.cancel.right).to.be.closeTo(wide.open.right, 1);
    // Narrow: one under the other, full width.
    const narrow = await boxes(300);
    expect(narrow.cancel.top).to.be.above(narrow.redirect.bottom - 1);
    expect(narrow.redirect.width).to.be.closeTo(narrow.open.width, 1);
  });
});
