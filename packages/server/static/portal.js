// "Copy" buttons next to Link URLs: copies the URL and says so in the button for a moment.
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
  if (!button) return;
  const input = document.getElementById(button.getAttribute('data-copy') ?? '');
  if (!(input instanceof HTMLInputElement)) return;
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(input.value);
    button.textContent = document.documentElement.lang === 'fr' ? 'Copié' : 'Copied';
  } catch {
    input.select();
  }
  setTimeout(() => { button.textContent = label; }, 1500);
});
