// The Webhooks page: lists what the partner's server received and verified (GET /api/webhooks).
// DOM nodes and textContent only: the page runs under Trusted Types.
const body = document.querySelector('#webhooks tbody');
const status = document.getElementById('webhook-status');

function describe(event) {
  const data = event.data ?? {};
  if (event.type === 'upload.completed') {
    const skipped = typeof data.rowsSkipped === 'number' ? `, ${data.rowsSkipped} rows skipped` : '';
    return `${data.kind}: ${data.records} records${skipped}${data.fileName ? ` from ${data.fileName}` : ''}`;
  }
  if (event.type === 'request.finished') return `${(data.entities ?? []).length} entities`;
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
    body.replaceChildren(...verified.map((event) => {
      const row = document.createElement('tr');
      row.dataset.type = event.type;
      row.append(
        cell(new Date(event.receivedAt).toLocaleTimeString()),
        cell(event.type, 'event-type'),
        cell(describe(event)),
        cell(event.deliveries > 1 ? `${event.id} (×${event.deliveries})` : event.id, 'event-id'),
      );
      return row;
    }));
    status.textContent = `${verified.length} verified${refused ? `, ${refused} refused (bad signature)` : ''}.`;
  } catch {
    status.textContent = 'The site did not answer; retrying.';
  }
}

await refresh();
setInterval(refresh, 1000);
