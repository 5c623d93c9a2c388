// Click-to-server-confirmed-DOM-change latency and wire bytes per event, this framework against its twins, alternating.
//   node browser/latency.mjs --base http://127.0.0.1:5180 --blazor-base http://127.0.0.1:5190 --iterations 60 --warmup 5 --rows 10,1000 --out results/latency.json
// Every scenario opens one page per architecture; each iteration performs one event on each page in turn (rotating
// the order), and in the page measures from el.click() to the MutationObserver callback that sees the server's change.
// Bench handlers are not optimistic, so for this framework the change only appears when the reply is applied.
// The per-iteration samples are kept in order, so this framework can be compared with each peer pairwise (same iteration).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs, launch, summarize, byteLength, pairedRatio, isPing, baseFor, readyInPage } from './common.mjs';

const args = parseArgs(process.argv, { base: 'http://127.0.0.1:5180', iterations: '60', warmup: '5', rows: '10,1000', archs: 'live,htmx,morph,floor,blazor', 'blazor-base': '', out: '' });
const iterations = Number(args.iterations), warmup = Number(args.warmup);
const archs = args.archs.split(',');
const scenarios = [{ name: 'counter', path: 'counter' }, ...args.rows.split(',').map(Number).map((rows) => ({ name: `todo toggle, ${rows} rows`, path: `todos?rows=${rows}`, rows }))];

async function openPage(browser, arch, scenario) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const wire = { sent: 0, received: 0, frames: 0, requests: 0, counting: false, errors: [] };
  let joined = false;
  page.on('pageerror', (e) => wire.errors.push(String(e)));
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (isPing(payload)) return;
      if (wire.counting) { wire.sent += byteLength(payload); wire.frames++; }
    });
    ws.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString('utf8');
      if (/"type":3/.test(text)) joined = true; // the join completion (this framework)
      if (isPing(payload)) return;
      if (wire.counting) { wire.received += byteLength(payload); wire.frames++; }
    });
  });
  page.on('requestfinished', async (request) => {
    if (!wire.counting || request.resourceType() === 'document' || request.resourceType() === 'script') return;
    const s = await request.sizes();
    wire.sent += s.requestHeadersSize + s.requestBodySize;
    wire.received += s.responseHeadersSize + s.responseBodySize;
    wire.requests++;
  });
  await page.goto(`${baseFor(args, arch)}/${arch}/${scenario.path}`, { waitUntil: 'load' });
  const deadline = Date.now() + 15000;
  const ready = arch === 'live' ? () => joined : () => page.evaluate(readyInPage[arch]);
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${arch}/${scenario.path} did not become ready (errors: ${wire.errors.join('; ')})`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { arch, context, page, wire, state: { count: 0, done: false } };
}

// One event, measured inside the page: click, then wait for the server-confirmed DOM state.
async function act(p, scenario) {
  if (scenario.rows === undefined) {
    p.state.count++;
    return p.page.evaluate(async (expected) => {
      const root = document.querySelector('[data-lv-root],[data-twin-root]');
      const check = () => document.getElementById('count')?.textContent.trim() === String(expected);
      return measure(root, () => document.getElementById('increment').click(), check);
      function measure(root, click, check) {
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => { mo.disconnect(); reject(new Error('timeout waiting for the DOM change')); }, 5000);
          const mo = new MutationObserver(() => { if (check()) { const t = performance.now(); clearTimeout(timer); mo.disconnect(); resolve(t - t0); } });
          mo.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
          const t0 = performance.now();
          click();
        });
      }
    }, p.state.count);
  }
  p.state.done = !p.state.done;
  const id = Math.floor(scenario.rows / 2) + 1;
  return p.page.evaluate(async ({ id, expected, checkedIsProperty }) => {
    const root = document.querySelector('[data-lv-root],[data-twin-root]');
    // The server's rendering of the row: its class and the checkbox's checked attribute (the click itself only flips the
    // property). Blazor renders `checked` as the DOM property, never the attribute: there the class is the server's mark.
    const check = () => {
      const li = document.getElementById(`todo-${id}`);
      const box = li?.querySelector('input[type=checkbox]');
      return li && li.className === (expected ? 'done' : 'open') && (checkedIsProperty ? box.checked : box.hasAttribute('checked')) === expected;
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { mo.disconnect(); reject(new Error('timeout waiting for the DOM change')); }, 5000);
      const mo = new MutationObserver(() => { if (check()) { const t = performance.now(); clearTimeout(timer); mo.disconnect(); resolve(t - t0); } });
      mo.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      const t0 = performance.now();
      document.getElementById(`todo-${id}`).querySelector('input[type=checkbox]').click();
    });
  }, { id, expected: p.state.done, checkedIsProperty: p.arch === 'blazor' });
}

// The markup every architecture shows, without its binding attributes: elements with id, class and the plain attributes,
// and text with whitespace runs collapsed; whitespace-only text is left out (the framework's patched DOM drops the newlines
// between rows that the twins' HTML keeps), and so is `checked` (Blazor keeps it as the property; the checks read it).
const markupSignature = () => {
  const root = document.querySelector('[data-lv-root],[data-twin-root]');
  const kept = ['id', 'class', 'type', 'name', 'autocomplete', 'data-id'];
  const out = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) { if (child.textContent.trim()) out.push(JSON.stringify(child.textContent.replace(/\s+/g, ' '))); }
      else if (child.nodeType === Node.ELEMENT_NODE) {
        out.push(`<${child.localName}${kept.filter((a) => child.hasAttribute(a)).map((a) => ` ${a}=${child.getAttribute(a)}`).join('')}>`);
        walk(child);
        out.push(`</${child.localName}>`);
      }
    }
  };
  walk(root);
  return out;
};

/** Fails the run when a twin's page does not show the same markup as this framework's. */
async function checkSameMarkup(pages, scenario) {
  const live = pages.find((p) => p.arch === 'live');
  if (!live) return;
  const expected = await live.page.evaluate(markupSignature);
  for (const p of pages.filter((x) => x !== live)) {
    const actual = await p.page.evaluate(markupSignature);
    const at = expected.findIndex((token, i) => token !== actual[i]);
    if (at >= 0 || actual.length !== expected.length) {
      const i = at >= 0 ? at : Math.min(actual.length, expected.length);
      throw new Error(`${p.arch}/${scenario.path} markup differs from this framework's at token ${i}: ` +
        `${expected.slice(Math.max(0, i - 3), i + 3).join('')} vs ${actual.slice(Math.max(0, i - 3), i + 3).join('')}`);
    }
  }
}

const browser = await launch();
const results = [];
let failed = false;
try {
  for (const scenario of scenarios) {
    const pages = [];
    for (const arch of archs) pages.push(await openPage(browser, arch, scenario));
    await checkSameMarkup(pages, scenario);
    const samples = Object.fromEntries(archs.map((a) => [a, []]));
    for (let i = 0; i < warmup + iterations; i++) {
      if (i === warmup) for (const p of pages) { p.wire.counting = true; }
      for (let k = 0; k < pages.length; k++) {
        const p = pages[(i + k) % pages.length];
        const ms = await act(p, scenario);
        if (i >= warmup) samples[p.arch].push(ms);
      }
    }
    await new Promise((r) => setTimeout(r, 300)); // let requestfinished handlers settle
    for (const p of pages) {
      const s = summarize(samples[p.arch]);
      const row = {
        scenario: scenario.name, arch: p.arch, ...s, samples: samples[p.arch].map((x) => Math.round(x * 1000) / 1000),
        bytesSentPerEvent: p.wire.sent / iterations, bytesReceivedPerEvent: p.wire.received / iterations,
        framesPerEvent: p.wire.frames / iterations, requestsPerEvent: p.wire.requests / iterations, pageErrors: p.wire.errors.length,
      };
      if (p.arch !== 'live' && samples.live?.length) row.pairedVsLive = pairedRatio(samples.live, samples[p.arch]);
      results.push(row);
      console.log(`${scenario.name.padEnd(26)} ${p.arch.padEnd(6)} median ${s.median.toFixed(2)} ms  p95 ${s.p95.toFixed(2)} ms  ` +
        `sent ${row.bytesSentPerEvent.toFixed(0)} B  received ${row.bytesReceivedPerEvent.toFixed(0)} B per event` +
        (row.pairedVsLive ? `  live/${p.arch} ${row.pairedVsLive.median.toFixed(2)}` : ''));
      if (p.wire.errors.length) { console.error(`  page errors: ${p.wire.errors.slice(0, 3).join(' | ')}`); failed = true; }
      await p.context.close();
    }
  }
} catch (e) {
  console.error(`latency benchmark failed: ${e.stack ?? e}`);
  failed = true;
} finally {
  await browser.close();
}
if (args.out) { mkdirSync(dirname(args.out), { recursive: true }); writeFileSync(args.out, JSON.stringify({ iterations, warmup, results }, null, 2)); }
process.exit(failed ? 1 : 0);
