// The floor: a bare WebSocket. A click sends one small frame, the reply sets the text (or the row's state).
(() => {
  const root = document.querySelector('[data-twin-root]');
  const ws = new WebSocket(`ws://${location.host}/floor/ws?sid=${root.dataset.sid}`);
  ws.onopen = () => root.setAttribute('data-floor-open', '');
  ws.onmessage = (m) => {
    const [kind, a, b] = String(m.data).split(' ');
    if (kind === 'c') root.querySelector('#count').textContent = a;
    else if (kind === 't') {
      const li = document.getElementById(`todo-${a}`);
      li.className = b === '1' ? 'done' : 'open';
      const box = li.querySelector('input');
      box.checked = b === '1';
      box.toggleAttribute('checked', b === '1');
    }
  };
  root.addEventListener('click', (e) => {
    const el = e.target.closest('[data-f="inc"],[data-f="dec"]');
    if (el) ws.send(el.dataset.f);
  });
  root.addEventListener('change', (e) => {
    const el = e.target.closest('[data-f="toggle"]');
    if (el) ws.send(`toggle ${el.dataset.fId}`);
  });
})();
