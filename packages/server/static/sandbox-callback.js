// Ends the sandbox authorization. In a pop-up: tells the opener how it ended, at the partner's
// exact origin (never '*'), then closes. Opened as a full page (mobile redirect mode): goes back.
const data = JSON.parse(document.getElementById('page-data')?.textContent ?? '{}');
if (window.opener && data.targetOrigin && data.message) {
  window.opener.postMessage(data.message, data.targetOrigin);
  setTimeout(() => window.close(), 300);
} else if (typeof data.redirectUrl === 'string' && /^https?:\/\//.test(data.redirectUrl)) {
  window.location.replace(data.redirectUrl);
}
