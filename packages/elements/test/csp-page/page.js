// Hostile partner input: text overrides and a theme from a CMS. None of it may execute.
const link = document.querySelector('codat-link');
link.text = { 'provision.intro': '<img src=x onerror="window.__pwned=1">\u202Egnp.exe' };
link.theme = { partnerName: '<script>window.__pwned=2</script>', tokens: { 'color-primary': '#0a7d33' } };
window.__events = [];
for (const type of ['codat-link-ready', 'codat-link-step-change', 'codat-link-consent', 'codat-link-connection', 'codat-link-finish', 'codat-link-error']) {
  link.addEventListener(type, (event) => window.__events.push({ type, detail: event.detail }));
}
