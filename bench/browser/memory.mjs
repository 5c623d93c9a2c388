// Server memory per idle page, measured the same way for this framework and Blazor Server: N real Chromium pages open
// and idle (each its own connection and view / circuit), the host's managed heap after a full compacting GC before and
// after, divided by N; working set likewise.
//   node browser/memory.mjs --base http://127.0.0.1:5180 --blazor-base http://127.0.0.1:5190 --views counter:50,todos?rows=1000:20 --out results/memory-browser.json
// Before each measurement two pages are opened and closed (JIT, pools, the first render of that page) and the host is let
// settle (Blazor: its open-circuit count is back to where it was; its disconnected circuits are not retained).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs, launch, baseFor } from './common.mjs';
import { stats, openLivePages, settle } from './pages.mjs';

const args = parseArgs(process.argv, { base: 'http://127.0.0.1:5180', 'blazor-base': '', archs: 'live,blazor', views: 'counter:50,todos?rows=1000:20', out: '' });
const archs = args.archs.split(',');
const views = args.views.split(',').map((v) => { const i = v.lastIndexOf(':'); return { path: v.slice(0, i), pages: Number(v.slice(i + 1)) }; });

const browser = await launch();
const results = [];
let failed = false;
try {
  for (const [k, view] of views.entries()) {
    // Alternate which architecture goes first from one view to the next.
    for (const arch of k % 2 ? [...archs].reverse() : archs) {
      const base = baseFor(args, arch);
      const baseline = arch === 'blazor' ? (await stats(base)).circuits : 0;
      const warm = await openLivePages(browser, args, arch, view.path, 2);
      await warm.context.close();
      await settle(base, arch, baseline);
      const before = await stats(base, true);
      const open = await openLivePages(browser, args, arch, view.path, view.pages);
      await new Promise((r) => setTimeout(r, 1000)); // idle: every first render delivered, nothing in flight
      const after = await stats(base, true);
      const live = arch === 'blazor' ? after.circuits - baseline : view.pages;
      await open.context.close();
      await settle(base, arch, baseline);
      const row = {
        arch, view: view.path, pages: view.pages, liveOnHost: live,
        managedBytesPerPage: (after.managedBytes - before.managedBytes) / view.pages,
        workingSetBytesPerPage: (after.workingSetBytes - before.workingSetBytes) / view.pages,
        pageErrors: open.errors.length,
      };
      results.push(row);
      console.log(`memory ${view.path.padEnd(16)} ${arch.padEnd(6)} ${view.pages} pages: managed ${(row.managedBytesPerPage / 1024).toFixed(1)} KB/page, ` +
        `working set ${(row.workingSetBytesPerPage / 1024).toFixed(1)} KB/page${arch === 'blazor' ? ` (${live} circuits open)` : ''}`);
      if (open.errors.length) { console.error(`  page errors: ${open.errors.slice(0, 3).join(' | ')}`); failed = true; }
      if (live !== view.pages) { console.error(`  expected ${view.pages} live pages on the host, found ${live}`); failed = true; }
    }
  }
} catch (e) {
  console.error(`browser memory benchmark failed: ${e.stack ?? e}`);
  failed = true;
} finally {
  await browser.close();
}
if (args.out) { mkdirSync(dirname(args.out), { recursive: true }); writeFileSync(args.out, JSON.stringify({ results }, null, 2)); }
process.exit(failed ? 1 : 0);
