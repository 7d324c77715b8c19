// The hosted Link page: once the customer closes the journey (after its summary, or leaving it),
// the element renders nothing; the page shows a completion screen instead of a blank page.
const link = document.querySelector('codat-link');
let finished = false;
if (link) {
  link.addEventListener('codat-link-finish', () => {
    finished = true;
  });
  link.addEventListener('codat-link-close', (event) => {
    // Checked once the event has run: a listener could cancel the close.
    setTimeout(() => {
      const screen = document.getElementById(finished ? 'link-done' : 'link-left');
      if (event.defaultPrevented || !screen) return;
      link.hidden = true;
      screen.hidden = false;
      screen.focus();
    });
  });
}
