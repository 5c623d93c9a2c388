// When the lazily loaded client modules arrive, relative to the join, on a throttled link (docs/protocol.md, "Client
// modules"). Usage: node bench/client-modules/timeline.mjs BASE_URL [PATH ...] (a running demo, e.g. scripts/demo.sh).
// Chromium (Debian's, /usr/bin/chromium) with CDP network throttling as DevTools' "Slow 3G" (2,000 ms latency,
// 50 KB/s both ways), cache disabled; prints, in ms from the navigation start, when each script arrived, when the join
// was sent and answered, and the page's first-load bytes. Medians of RUNS runs (default 5) per path.
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:5000', ...paths] = process.argv.slice(2);
const runs = +(process.env.RUNS ?? 5);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const path of paths.length ? paths : ['/todos']) {
  const rows = [];
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 });
    const t = {};
    let start;
    const at = () => Date.now() - start;
    cdp.on('Network.loadingFinished', e => { const url = urls.get(e.requestId); if (url) t[url] = at(), (t['bytes ' + url] = e.encodedDataLength); });
    const urls = new Map();
    cdp.on('Network.requestWillBeSent', e => { const m = /\/_lv\/([\w-]+\.js)/.exec(e.request.url); if (m) urls.set(e.requestId, m[1]); });
    page.on('websocket', ws => {
      ws.on('framesent', f => { if (String(f.payload).includes('"target":"join"')) t['join sent'] = at(); });
      ws.on('framereceived', f => { if (String(f.payload).includes('"invocationId":"0"')) t['join answered'] = at(); });
    });
    start = Date.now();
    await page.goto(base + path, { waitUntil: 'load' });
    await page.waitForFunction(() => [...document.querySelectorAll('[data-lv-root]')].every(r => r.classList.contains('lv-connected')), undefined, { timeout: 60_000, polling: 20 });
    t['lv-connected seen'] = at();
    await page.waitForTimeout(3000); // modules fetched after the join
    rows.push(t);
    await page.close();
  }
  console.log(`${base}${path}: medians of ${runs} runs (ms from the navigation start; bytes on the wire)`);
  const keys = [...new Set(rows.flatMap(Object.keys))];
  const of = key => median(rows.map(r => r[key] ?? NaN));
  for (const key of keys.filter(k => !k.startsWith('bytes ')).sort((a, b) => of(a) - of(b))) console.log(`  ${key.padEnd(28)} ${String(of(key)).padStart(7)} ms`);
  for (const key of keys.filter(k => k.startsWith('bytes '))) console.log(`  ${key.slice(6).padEnd(28)} ${String(of(key)).padStart(7)} B`);
}
await browser.close();
