// Client-side figures: bundle sizes (minified, gzip -9) and the time to apply a 1,000-row update in Chromium.
//   node browser/client.mjs --base http://127.0.0.1:5180 --blazor-base http://127.0.0.1:5190 --rows 1000 --iterations 10 --out results/client.json
// The 1,000-row update is a real event (ToggleAll on the 1,000-row todo view: every row's class and checkbox change),
// for this framework and the twins. "apply" is the client-side part: from the arrival of the reply (WebSocket message,
// hooked before SignalR's own handler; Blazor: the first binary message after the click, its render batch) or of the response body (morph: around Idiomorph.morph; htmx: response
// text to swapped) to the DOM being updated; "total" is click to DOM updated.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, launch, summarize, baseFor, readyInPage } from './common.mjs';

const args = parseArgs(process.argv, { base: 'http://127.0.0.1:5180', rows: '1000', iterations: '10', warmup: '2', archs: 'live,htmx,morph,blazor', 'blazor-base': '', out: '' });
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const rows = Number(args.rows), iterations = Number(args.iterations), warmup = Number(args.warmup);

const bundles = [
  ['this framework, client only (liveview.own.min.js)', join(repo, 'client/dist/liveview.own.min.js')],
  ['this framework, with SignalR (liveview.min.js)', join(repo, 'client/dist/liveview.min.js')],
  ['SignalR browser client alone (signalr.min.js)', join(repo, 'node_modules/@microsoft/signalr/dist/browser/signalr.min.js')],
  ['htmx (htmx.min.js)', join(repo, 'bench/node_modules/htmx.org/dist/htmx.min.js')],
  ['idiomorph (idiomorph.min.js)', join(repo, 'bench/node_modules/idiomorph/dist/idiomorph.min.js')],
];
const sizes = bundles.filter(([, f]) => existsSync(f)).map(([name, file]) => {
  const body = readFileSync(file);
  return { name, file: file.slice(repo.length + 1), minBytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
});
// Blazor's script as its twin serves it (it comes with the SDK's framework assets, not from npm).
if (args.archs.split(',').includes('blazor')) {
  const body = Buffer.from(await (await fetch(`${baseFor(args, 'blazor')}/_framework/blazor.web.js`)).arrayBuffer());
  sizes.push({ name: 'Blazor Web script (blazor.web.js, as served)', file: '_framework/blazor.web.js', minBytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length });
}
for (const s of sizes) console.log(`${s.name.padEnd(52)} ${String(s.minBytes).padStart(8)} B min  ${String(s.gzipBytes).padStart(7)} B gzip`);
let failed = sizes.some((s) => s.minBytes < 200 && s.file.startsWith('client/')); // the placeholder bundle
if (failed) console.error('client bundle is still the placeholder (npm run build:client)');

// In-page hooks: the arrival time of the last WebSocket message and of the last fetch response body; morph timing.
const initScript = () => {
  window.__bench = { wsAt: 0, bodyAt: 0 };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (m) => {
        if (typeof m.data === 'string' ? m.data.includes('"target":"p"') : !window.__bench.wsAt && m.data.byteLength > 64) window.__bench.wsAt = performance.now();
      });
    }
  };
  const nativeText = Response.prototype.text;
  Response.prototype.text = async function () { const t = await nativeText.call(this); window.__bench.bodyAt = performance.now(); return t; };
  const nativeXhrOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (...a) {
    this.addEventListener('readystatechange', () => { if (this.readyState === 4) window.__bench.bodyAt = performance.now(); });
    return nativeXhrOpen.apply(this, a);
  };
};

async function measureToggleAll(page, expectDone, rows, checkedIsProperty) {
  return page.evaluate(async ({ expectDone, rows, checkedIsProperty }) => {
    const root = document.querySelector('[data-lv-root],[data-twin-root]');
    const want = expectDone ? 'done' : 'open';
    const check = () => {
      const list = document.getElementById('todo-list');
      if (!list) return false;
      const items = list.querySelectorAll('li');
      return items.length === rows && items[0].className === want && items[items.length - 1].className === want &&
        (checkedIsProperty ? [...list.querySelectorAll(`li.${want} > input`)].filter((i) => i.checked).length : list.querySelectorAll(`li.${want} > input[checked]`).length) === (expectDone ? rows : 0) &&
        list.querySelectorAll(`li.${want}`).length === rows;
    };
    window.__bench.wsAt = 0; window.__bench.bodyAt = 0;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { mo.disconnect(); reject(new Error('timeout waiting for 1,000 rows to change')); }, 15000);
      const mo = new MutationObserver(() => {
        if (!check()) return;
        const end = performance.now();
        clearTimeout(timer); mo.disconnect();
        const arrived = window.__bench.wsAt || window.__bench.bodyAt;
        resolve({ total: end - t0, apply: arrived ? end - arrived : NaN });
      });
      mo.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      const t0 = performance.now();
      document.getElementById('toggle-all').click();
    });
  }, { expectDone, rows, checkedIsProperty });
}

const browser = await launch();
const results = [];
try {
  for (const arch of args.archs.split(',')) {
    const context = await browser.newContext();
    await context.addInitScript(initScript);
    const page = await context.newPage();
    let joined = false;
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => { if (String(payload).includes('"type":3')) joined = true; }));
    await page.goto(`${baseFor(args, arch)}/${arch}/todos?rows=${rows}`, { waitUntil: 'load' });
    const deadline = Date.now() + 15000;
    while (arch === 'live' ? !joined : !(await page.evaluate(readyInPage[arch]))) {
      if (Date.now() > deadline) throw new Error(`${arch} page did not become ready`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const total = [], apply = [];
    let done = false;
    for (let i = 0; i < warmup + iterations; i++) {
      done = !done;
      const r = await measureToggleAll(page, done, rows, arch === 'blazor');
      if (i >= warmup) { total.push(r.total); apply.push(r.apply); }
    }
    const row = { arch, rows, total: summarize(total), apply: summarize(apply.filter((x) => !Number.isNaN(x))) };
    results.push(row);
    console.log(`${rows}-row update  ${arch.padEnd(6)} click-to-DOM median ${row.total.median.toFixed(1)} ms (p95 ${row.total.p95.toFixed(1)})  client apply median ${row.apply.median?.toFixed(1)} ms`);
    await context.close();
  }
} catch (e) {
  console.error(`client benchmark failed: ${e.stack ?? e}`);
  failed = true;
} finally {
  await browser.close();
}
if (args.out) { mkdirSync(dirname(args.out), { recursive: true }); writeFileSync(args.out, JSON.stringify({ sizes, apply: results }, null, 2)); }
process.exit(failed ? 1 : 0);
