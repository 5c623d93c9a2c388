// Where a click → DOM change goes, for one architecture's page: click → WebSocket send (the client's event path),
// send → first message back (server and network), that message → the server's change in the DOM (the client's patch).
//   node browser/phases.mjs --base http://127.0.0.1:5180 --path live/todos?rows=1000 --iterations 100 [--warmup 5] [--event all|counter]
// The page's WebSocket is wrapped before any script runs; each iteration toggles the middle row's checkbox (`--event
// all`: clicks #toggle-all) and waits for the server-confirmed class (and, where the server renders it as an attribute,
// `checked`) of that row (of the last row); `--event counter` (with --path live/counter) clicks #increment and waits
// for #count to show the next number. Medians of each phase, ms.
import { parseArgs, launch, summarize } from './common.mjs';

const args = parseArgs(process.argv, { base: 'http://127.0.0.1:5180', path: 'live/todos?rows=1000', iterations: '100', warmup: '5', event: 'row' });
const iterations = Number(args.iterations), warmup = Number(args.warmup);
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript(() => {
    const marks = (window.__phases = { sent: 0, received: 0 });
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) { marks.sent ||= performance.now(); return send.call(this, data); };
    const Native = window.WebSocket;
    window.WebSocket = Object.assign(function (...a) {
      const ws = new Native(...a);
      ws.addEventListener('message', () => { marks.received ||= performance.now(); }); // before the client's own listener
      return ws;
    }, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3, prototype: Native.prototype });
  });
  await page.goto(`${args.base}/${args.path}`, { waitUntil: 'load' });
  await page.waitForTimeout(1500); // joined (or the circuit started), modules loaded
  const phases = { total: [], clickToSend: [], sendToReceive: [], receiveToDom: [] };
  for (let i = 0, done = false; i < warmup + iterations; i++) {
    done = !done;
    const r = await page.evaluate(({ done, all, counter }) => {
      const root = document.querySelector('[data-lv-root],[data-twin-root]');
      let check, target;
      if (counter) {
        const next = String(Number(document.getElementById('count').textContent.trim()) + 1);
        check = () => document.getElementById('count').textContent.trim() === next;
        target = document.getElementById('increment');
      } else {
        const rows = document.querySelectorAll('li[id^=todo-]');
        const li = rows[all ? rows.length - 1 : Math.floor(rows.length / 2)], id = li.id;
        const byAttribute = !!document.querySelector('[data-lv-root]'); // Blazor sets `checked` as the property only
        check = () => {
          const row = document.getElementById(id), box = row.querySelector('input[type=checkbox]');
          return row.className === (done ? 'done' : 'open') && (byAttribute ? box.hasAttribute('checked') : box.checked) === done;
        };
        target = all ? document.getElementById('toggle-all') : li.querySelector('input[type=checkbox]');
      }
      const marks = Object.assign(window.__phases, { sent: 0, received: 0 });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timeout waiting for the DOM change')), 5000);
        const mo = new MutationObserver(() => {
          if (!check()) return;
          const t = performance.now();
          mo.disconnect(); clearTimeout(timer);
          resolve({ total: t - t0, clickToSend: marks.sent - t0, sendToReceive: marks.received - marks.sent, receiveToDom: t - marks.received });
        });
        mo.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        const t0 = performance.now();
        target.click();
      });
    }, { done, all: args.event === 'all', counter: args.event === 'counter' });
    if (i >= warmup) for (const k of Object.keys(phases)) phases[k].push(r[k]);
  }
  console.log(`${args.path}: ` + Object.entries(phases).map(([k, v]) => `${k} ${summarize(v).median.toFixed(2)}`).join(', ') + ` ms (medians of ${iterations})`);
} finally {
  await browser.close();
}
