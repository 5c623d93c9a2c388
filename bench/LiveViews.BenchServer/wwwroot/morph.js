// HTTP + morph client (the Livewire / Hydro architecture): every event is a POST whose response is the component's
// whole HTML, morphed into the page with idiomorph.
(() => {
  const root = document.querySelector('[data-twin-root]');
  const endpoint = root.dataset.endpoint;
  const argsOf = (el) => {
    const args = {};
    for (const [k, v] of Object.entries(el.dataset)) if (k.startsWith('mValue')) args[k.slice(6).toLowerCase()] = v;
    return args;
  };
  async function send(handler, args) {
    const response = await fetch(`${endpoint}/${handler}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args),
    });
    const html = await response.text();
    Idiomorph.morph(root, html, { morphStyle: 'innerHTML' });
    root.dispatchEvent(new CustomEvent('twin:reply'));
  }
  root.addEventListener('click', (e) => {
    const el = e.target.closest('[data-m-click]');
    if (el) { e.preventDefault(); send(el.dataset.mClick, argsOf(el)); }
  });
  root.addEventListener('change', (e) => {
    const el = e.target.closest('[data-m-change]');
    if (el) send(el.dataset.mChange, { ...argsOf(el), checked: el.checked });
  });
  root.addEventListener('submit', (e) => {
    const form = e.target.closest('[data-m-submit]');
    if (form) { e.preventDefault(); send(form.dataset.mSubmit, Object.fromEntries(new FormData(form))); }
  });
  window.MorphTwin = { send };
})();
