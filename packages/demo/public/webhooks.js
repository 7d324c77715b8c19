// The Webhooks page: lists what the partner's server received and verified (GET /api/webhooks).
// DOM nodes and textContent only: the page runs under Trusted Types.
const body = document.querySelector('#webhooks tbody');
const status = document.getElementById('webhook-status');

// The page speaks the language of the partner page that links here (?lang=fr); English is in
// webhooks.html (data-t marks each text), French is here.
const FRENCH = {
  title: 'Northwind Card · Webhooks reçus',
  navLabel: 'Site',
  navShare: 'Partager vos données',
  heading: 'Webhooks reçus',
  intro:
    'Le serveur de Northwind reçoit les webhooks du serveur Link sur /webhooks et vérifie chaque signature avec le vérificateur Standard Webhooks avant de la garder. Seules les livraisons vérifiées sont listées, dans l’ordre où le serveur Link a enregistré les événements (leurs identifiants se trient ainsi) ; une livraison renvoyée (même identifiant) n’est listée qu’une fois.',
  received: 'Reçu',
  event: 'Événement',
  what: 'Quoi',
  id: 'Identifiant',
  loading: 'Chargement…',
  records: '{kind} : {count} enregistrements',
  skipped: ', {count} lignes ignorées',
  from: ' de {name}',
  entities: '{count} entités',
  verified: '{count} vérifiés',
  refused: ', {count} refusés (signature invalide)',
  unreachable: 'Le site n’a pas répondu ; nouvel essai.',
  suppliers: 'fournisseurs',
  bills: 'factures',
  supplierSpend: 'dépenses fournisseurs',
};
const ENGLISH = {
  loading: 'Loading…',
  records: '{kind}: {count} records',
  skipped: ', {count} rows skipped',
  from: ' from {name}',
  entities: '{count} entities',
  verified: '{count} verified',
  refused: ', {count} refused (bad signature)',
  unreachable: 'The site did not answer; retrying.',
};
const french = new URLSearchParams(location.search).get('lang') === 'fr';
const say = (key, values = {}) => ((french ? FRENCH : ENGLISH)[key] ?? '').replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
if (french) {
  document.documentElement.lang = 'fr';
  for (const element of document.querySelectorAll('[data-t]')) element.textContent = FRENCH[element.dataset.t];
  for (const element of document.querySelectorAll('[data-t-label]')) element.setAttribute('aria-label', FRENCH[element.dataset.tLabel]);
  status.textContent = say('loading');
}
const kindName = (kind) => (french ? FRENCH[kind] : undefined) ?? kind;

function describe(event) {
  const data = event.data ?? {};
  if (event.type === 'upload.completed') {
    const skipped = typeof data.rowsSkipped === 'number' ? say('skipped', { count: data.rowsSkipped }) : '';
    return `${say('records', { kind: kindName(data.kind), count: data.records })}${skipped}${data.fileName ? say('from', { name: data.fileName }) : ''}`;
  }
  if (event.type === 'request.finished') return say('entities', { count: (data.entities ?? []).length });
  if (event.type === 'alert.triggered') return data.summary ?? '';
  if (event.type === 'entity.created') return data.name ?? '';
  if (event.type.startsWith('connection.')) return `${data.integrationKey} (${data.kind})`;
  return data.requestId ?? '';
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

async function refresh() {
  try {
    const response = await fetch('/api/webhooks', { cache: 'no-store' });
    const { verified, refused } = await response.json();
    body.replaceChildren(
      ...verified.map((event) => {
        const row = document.createElement('tr');
        row.dataset.type = event.type;
        row.append(
          cell(new Date(event.receivedAt).toLocaleTimeString(french ? 'fr' : 'en')),
          cell(event.type, 'event-type'),
          cell(describe(event)),
          cell(event.deliveries > 1 ? `${event.id} (×${event.deliveries})` : event.id, 'event-id'),
        );
        return row;
      }),
    );
    status.textContent = `${say('verified', { count: verified.length })}${refused ? say('refused', { count: refused }) : ''}.`;
  } catch {
    status.textContent = say('unreachable');
  }
}

await refresh();
setInterval(refresh, 1000);
