// The hosted Link page: loads the drop-in bundle, then gives <codat-link> an HTTP backend
// when the bundle exports one and the element has none yet.
const data = JSON.parse(document.getElementById('page-data')?.textContent ?? '{}');
const element = document.querySelector('codat-link');
const bundle = await import(data.bundle);
await customElements.whenDefined('codat-link');
if (element && !element.backend && typeof bundle.HttpBackend === 'function') {
  element.backend = new bundle.HttpBackend({ baseUrl: data.baseUrl, sessionToken: element.getAttribute('session-token') });
}
