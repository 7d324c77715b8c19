// Tells the page that opened the sandbox pop-up how the authorization ended, then closes.
// The target origin is the partner's exact origin, checked by the server: never '*'.
const data = JSON.parse(document.getElementById('page-data')?.textContent ?? '{}');
if (window.opener && data.targetOrigin && data.message) {
  window.opener.postMessage(data.message, data.targetOrigin);
  setTimeout(() => window.close(), 300);
}
