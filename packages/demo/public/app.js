// The partner page's own script. It asks the partner's server for a session (the API key stays
// there), then mounts <codat-link>. The session is kept in sessionStorage so that a reload, or
// the return from an authorization redirect, finds the same journey.
const STORAGE_KEY = 'northwind.linkSession';
const $ = (id) => document.getElementById(id);

const form = $('start-form');
const area = $('link-area');
const host = $('link-host');
const events = $('events');

function saved() {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (session && Date.parse(session.expiresAt) > Date.now() + 60_000) return session;
  } catch {
    // A damaged entry is the same as none.
  }
  sessionStorage.removeItem(STORAGE_KEY);
  return null;
}

function logEvent(text) {
  const item = document.createElement('li');
  item.textContent = text;
  events.prepend(item);
  while (events.children.length > 8) events.lastElementChild.remove();
}

const REQUEST_NAMES = { financials: 'financial statements', spendAnalysis: 'spend analysis' };

function mount(session) {
  host.replaceChildren();
  const link = document.createElement('codat-link');
  link.setAttribute('mode', 'inline');
  link.setAttribute('base-url', session.baseUrl);
  link.setAttribute('session-token', session.sessionToken);
  link.setAttribute('company-id', session.companyId);
  link.setAttribute('request', session.dataTypes.join(' '));
  link.setAttribute('locale', session.locale);
  // A demo: the sandbox platform stands in for real accounting software.
  link.options = { integrations: { sandbox: true } };
  // No theme of its own: the element takes Northwind's brand (name, logo, colour) as set on the
  // portal's Branding page, which the reference server sends with the request.
  // What a partner's analytics would see: one line per public event.
  const describe = {
    'codat-link-step-change': (d) => d.step,
    'codat-link-connection': (d) => `${d.integrationKey} ${d.kind}, ${d.status}`,
    'codat-link-upload': (d) => `${d.kind}, ${d.recordCount} records`,
    'codat-link-finish': (d) => { const n = d.status?.entities?.length ?? 0; return `${n} ${n === 1 ? 'entity' : 'entities'}`; },
    'codat-link-error': (d) => `${d.code}${d.correlationId ? ` (${d.correlationId})` : ''}`,
    'codat-link-close': (d) => d.reason,
  };
  for (const [name, summary] of Object.entries(describe)) {
    link.addEventListener(name, (event) => logEvent(`${name.replace('codat-link-', '')}: ${summary(event.detail ?? {})}`));
  }
  host.append(link);

  form.hidden = true;
  area.hidden = false;
  $('session-info').textContent = `${session.companyName} · ${session.dataTypes.map((d) => REQUEST_NAMES[d] ?? d).join(' and ')}`;
  const hosted = $('hosted-link');
  hosted.href = session.linkUrl;
  hosted.hidden = false;
  $('hosted-hint').textContent = ' — the same request, as a page your customer could be e-mailed';
}

function unmount() {
  sessionStorage.removeItem(STORAGE_KEY);
  host.replaceChildren();
  area.hidden = true;
  form.hidden = false;
  $('hosted-link').hidden = true;
  $('hosted-hint').textContent = 'Start sharing to get a Link URL for your request.';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const error = $('start-error');
  error.hidden = true;
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const response = await fetch('/api/link-session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dataTypes: String(data.get('request')).split(' '), companyName: data.get('company') }),
    });
    if (!response.ok) throw new Error(`The server answered ${response.status}.`);
    const session = { ...(await response.json()), locale: String(data.get('locale')), companyName: String(data.get('company')) };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    mount(session);
  } catch (cause) {
    error.textContent = `We could not start sharing: ${cause instanceof Error ? cause.message : String(cause)} Try again in a moment.`;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
});

$('start-over').addEventListener('click', unmount);

async function showLinks() {
  const config = await fetch('/api/config').then((r) => r.json());
  for (const id of ['portal-link', 'portal-link-side']) $(id).href = config.portalUrl;
  $('openapi-link').href = `${config.serverUrl}/openapi.json`;
  $('portal-credential').textContent = ' — credentials are printed where you ran npm start';
}

// Back from an authorization redirect: the journey is in sessionStorage, the query is noise.
const url = new URL(location.href);
if (url.searchParams.has('codatLinkConnectionId')) {
  url.searchParams.delete('codatLinkConnectionId');
  url.searchParams.delete('codatLinkStatus');
  history.replaceState(null, '', url);
}
const session = saved();
if (session) mount(session);
void showLinks();
