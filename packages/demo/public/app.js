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

// The page's own words follow the language chosen for the journey. English is in index.html
// (data-t marks each text, data-t-label each aria-label); French is here.
const FRENCH = {
  title: 'Northwind Card · Programme de cartes entreprise',
  skip: 'Aller au partage de vos données',
  navLabel: 'Site',
  navShare: 'Partager vos données',
  navSamples: 'Fichiers d’exemple',
  portal: 'Portail des chargés de clientèle',
  navWebhooks: 'Webhooks',
  eyebrow: 'Programme de cartes entreprise',
  headline: 'Un plafond de carte qui suit les dépenses réelles de votre entreprise',
  lede: 'Partagez une fois vos données fournisseurs et de dépenses. Nous dimensionnons votre plafond, passons les bons fournisseurs sur carte et vous montrons les jours de trésorerie gagnés.',
  shareHeading: 'Votre demande de données',
  legend: 'Que souhaitez-vous partager ?',
  spend: 'Analyse des dépenses',
  spendHint: 'Fournisseurs et factures, une entité juridique après l’autre',
  financials: 'États financiers',
  financialsHint: 'Compte de résultat, bilan',
  both: 'Les deux',
  bothHint: 'États financiers et dépenses',
  business: 'Votre entreprise',
  language: 'Langue',
  start: 'Commencer le partage',
  startOver: 'Recommencer',
  samplesHeading: 'Essayer le téléversement',
  samplesIntro:
    'Pas de logiciel comptable sous la main ? Choisissez une plateforme de téléversement (SAP Business One, Epicor…) et utilisez ces exports d’une entreprise fictive.',
  sampleSuppliers: 'Rapport Fournisseurs',
  sampleSuppliersHint: '24 fournisseurs, CSV',
  sampleBills: 'Rapport Factures',
  sampleBillsHint: '120 factures, CSV',
  sampleSpend: 'Fichier de dépenses fournisseurs',
  sampleSpendHint: 'le modèle manuel, rempli',
  sandboxBefore: 'Pour une connexion directe, choisissez',
  sandboxAfter: ' : elle vous connecte à une plateforme fictive.',
  behind: 'En coulisses',
  hosted: 'Page Link hébergée de cette demande',
  openapi: 'L’API Link (OpenAPI)',
  eventsLabel: 'Derniers événements de l’élément',
  eventsEmpty: 'Les événements de l’élément s’affichent ici.',
  footerBefore: 'Northwind Card est une banque fictive. Cette page montre comment un partenaire intègre',
  footerAfter: ' : son propre serveur garde la clé de l’API partenaire et ne donne au navigateur qu’un jeton de session de courte durée.',
  // Written by this script, not in index.html.
  and: ' et ',
  requestFinancials: 'états financiers',
  requestSpend: 'analyse des dépenses',
  hostedHint: 'Commencez le partage pour obtenir l’URL Link de votre demande.',
  hostedHintReady: ' — la même demande, sous forme de page envoyable par e-mail à votre client',
  credentials: ' — les identifiants sont affichés là où vous avez lancé npm start',
  startFailed: 'Le partage n’a pas pu commencer : {reason} Réessayez dans un instant.',
  // The event log: the public event's name as a partner's code sees it, then what happened in words.
  colon: ' : ',
  step: 'étape {step}',
  records: '{kind}, {count} enregistrements',
  suppliers: 'fournisseurs',
  bills: 'factures',
  supplierSpend: 'dépenses fournisseurs',
  entity: '1 entité',
  entities: '{count} entités',
  correlation: ' (corrélation {id})',
};
const ENGLISH = {
  and: ' and ',
  requestFinancials: 'financial statements',
  requestSpend: 'spend analysis',
  hostedHint: 'Start sharing to get a Link URL for your request.',
  hostedHintReady: ' — the same request, as a page your customer could be e-mailed',
  credentials: ' — credentials are printed where you ran npm start',
  startFailed: 'We could not start sharing: {reason} Try again in a moment.',
  colon: ': ',
  step: '{step}',
  records: '{kind}, {count} records',
  suppliers: 'suppliers',
  bills: 'bills',
  supplierSpend: 'supplier spend',
  entity: '1 entity',
  entities: '{count} entities',
  correlation: ' ({id})',
};
let language = 'en';
const say = (key, values = {}) => (language === 'fr' ? FRENCH : ENGLISH)[key]?.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));

function localizePage(locale) {
  language = locale === 'fr' ? 'fr' : 'en';
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll('[data-t]')) {
    element.dataset.en ??= element.textContent;
    element.textContent = language === 'fr' ? FRENCH[element.dataset.t] : element.dataset.en;
  }
  for (const element of document.querySelectorAll('[data-t-label]')) {
    element.dataset.enLabel ??= element.getAttribute('aria-label');
    element.setAttribute('aria-label', language === 'fr' ? FRENCH[element.dataset.tLabel] : element.dataset.enLabel);
  }
  // The empty event log's placeholder (the stylesheet shows data-empty).
  for (const element of document.querySelectorAll('[data-t-empty]')) {
    element.dataset.enEmpty ??= element.dataset.empty;
    element.dataset.empty = language === 'fr' ? FRENCH[element.dataset.tEmpty] : element.dataset.enEmpty;
  }
  // The Webhooks page speaks the same language.
  for (const link of document.querySelectorAll('a[href^="/webhooks.html"]'))
    link.setAttribute('href', language === 'fr' ? '/webhooks.html?lang=fr' : '/webhooks.html');
  if ($('hosted-link').hidden) $('hosted-hint').textContent = say('hostedHint');
  else $('hosted-hint').textContent = say('hostedHintReady');
  if ($('portal-credential').textContent) $('portal-credential').textContent = say('credentials');
}

const requestName = (dataType) => say(dataType === 'financials' ? 'requestFinancials' : 'requestSpend');

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
  // What a partner's analytics would see: one line per public event, its name as the code sees it
  // and what happened in the page's language (identifiers such as step names stay as sent).
  const describe = {
    'codat-link-step-change': (d) => say('step', { step: d.step }),
    'codat-link-connection': (d) => `${d.integrationKey} ${d.kind}, ${d.status}`,
    'codat-link-upload': (d) => say('records', { kind: say(d.kind) ?? d.kind, count: d.recordCount }),
    'codat-link-finish': (d) => {
      const n = d.status?.entities?.length ?? 0;
      return n === 1 ? say('entity') : say('entities', { count: n });
    },
    'codat-link-error': (d) => `${d.code}${d.correlationId ? say('correlation', { id: d.correlationId }) : ''}`,
    'codat-link-close': (d) => d.reason,
  };
  for (const [name, summary] of Object.entries(describe)) {
    link.addEventListener(name, (event) => logEvent(`${name.replace('codat-link-', '')}${say('colon')}${summary(event.detail ?? {})}`));
  }
  host.append(link);

  form.hidden = true;
  area.hidden = false;
  localizePage(session.locale);
  $('session-info').textContent = `${session.companyName} · ${session.dataTypes.map(requestName).join(say('and'))}`;
  const hosted = $('hosted-link');
  hosted.href = session.linkUrl;
  hosted.hidden = false;
  $('hosted-hint').textContent = say('hostedHintReady');
}

function unmount() {
  sessionStorage.removeItem(STORAGE_KEY);
  host.replaceChildren();
  area.hidden = true;
  form.hidden = false;
  $('hosted-link').hidden = true;
  $('hosted-hint').textContent = say('hostedHint');
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
    error.textContent = say('startFailed', { reason: cause instanceof Error ? cause.message : String(cause) });
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
});

$('start-over').addEventListener('click', unmount);
form.elements.namedItem('locale').addEventListener('change', (event) => localizePage(event.target.value));

async function showLinks() {
  const config = await fetch('/api/config').then((r) => r.json());
  for (const id of ['portal-link', 'portal-link-side']) $(id).href = config.portalUrl;
  $('openapi-link').href = `${config.serverUrl}/openapi.json`;
  $('portal-credential').textContent = say('credentials');
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
else localizePage(form.elements.namedItem('locale').value);
void showLinks();
