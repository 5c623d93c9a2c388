// Opening real pages of an architecture and waiting until they are live (joined / circuit up), for the browser-driven
// memory and throughput runs: the same driver for this framework and Blazor Server.
import { baseFor, readyInPage } from './common.mjs';

/** Fetches a host's /bench/stats (with a full GC first when gc is true). */
export async function stats(base, gc = false) {
  const response = await fetch(`${base}/bench/stats${gc ? '?gc=1' : ''}`);
  if (!response.ok) throw new Error(`${base}/bench/stats: HTTP ${response.status}`);
  return response.json();
}

/**
 * Opens count pages of `/${arch}/${path}` in one browser context, at most `parallel` loading at once, and resolves when every
 * page is live: this framework's join completed (a SignalR completion frame, "type":3), or a twin's readiness test holds.
 * Throws after timeoutMs, naming the page errors seen.
 */
export async function openLivePages(browser, args, arch, path, count, { parallel = 4, timeoutMs = 30000 } = {}) {
  const context = await browser.newContext();
  const pages = [];
  const errors = [];
  let next = 0;
  async function openOne() {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    let joined = false;
    if (arch === 'live') {
      page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => {
        if (!joined && String(payload).includes('"type":3')) joined = true;
      }));
    }
    await page.goto(`${baseFor(args, arch)}/${arch}/${path}`, { waitUntil: 'load' });
    const deadline = Date.now() + timeoutMs;
    while (!(arch === 'live' ? joined : await page.evaluate(readyInPage[arch]))) {
      if (Date.now() > deadline) throw new Error(`${arch}/${path} did not become ready (page errors: ${errors.slice(0, 3).join('; ') || 'none'})`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return page;
  }
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) { next++; pages.push(await openOne()); }
  }));
  return { context, pages, errors };
}

/**
 * Waits until the host holds no more live pages than `expected`: Blazor's twin reports its open circuits; the bench server
 * has no such figure, so there a closed page's view is given a fixed 500 ms to go (it is removed on disconnect).
 */
export async function settle(base, arch, expected = 0, timeoutMs = 20000) {
  if (arch !== 'blazor') { await new Promise((r) => setTimeout(r, 500)); return; }
  const deadline = Date.now() + timeoutMs;
  while ((await stats(base)).circuits > expected) {
    if (Date.now() > deadline) throw new Error(`Blazor still holds more than ${expected} circuits after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
