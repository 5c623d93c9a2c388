// Events per second at the same concurrency, this framework against Blazor Server, with the same driver: P real Chromium
// pages on the 10-row to-do page, each in a closed loop (toggle a row, wait for the server-confirmed DOM change, next; at
// most --max-rate events/s per page, under this framework's default 100 events/s per-connection limit).
//   node browser/throughput.mjs --base http://127.0.0.1:5180 --blazor-base http://127.0.0.1:5190 --pages 20 --seconds 10 --warmup 3 --reps 2 --out results/throughput.json
// One architecture runs at a time (they would otherwise share the cores); the order alternates between repetitions. The
// browser shares the machine's cores with the server, so events/s is the whole system's; server CPU per event (from the
// host's /bench/stats over the measured window) is the server's own cost.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs, launch, baseFor, quantile } from './common.mjs';
import { stats, openLivePages, settle } from './pages.mjs';

const args = parseArgs(process.argv, { base: 'http://127.0.0.1:5180', 'blazor-base': '', archs: 'live,blazor', pages: '20', rows: '10', seconds: '10', warmup: '3', reps: '2', 'max-rate': '50', out: '' });
const archs = args.archs.split(','), pageCount = Number(args.pages), rows = Number(args.rows);
const seconds = Number(args.seconds), warmup = Number(args.warmup), reps = Number(args.reps), maxRate = Number(args['max-rate']);

// In the page: toggle row `id` in a closed loop for `seconds`, each event confirmed by the server's rendering of the row
// (its class; and the checkbox's checked attribute, or property for Blazor, which renders it as the property).
const loop = ({ id, seconds, minIntervalMs, checkedIsProperty }) => new Promise((resolve, reject) => {
  const root = document.querySelector('[data-lv-root],[data-twin-root]');
  const latencies = [];
  const end = performance.now() + seconds * 1000;
  const once = () => {
    const li = document.getElementById(`todo-${id}`);
    const expected = li.className !== 'done';
    const check = () => {
      const row = document.getElementById(`todo-${id}`), box = row?.querySelector('input[type=checkbox]');
      return row && row.className === (expected ? 'done' : 'open') && (checkedIsProperty ? box.checked : box.hasAttribute('checked')) === expected;
    };
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error(`no server-confirmed change within 10 s (${latencies.length} done)`)); }, 10000);
    const mo = new MutationObserver(() => {
      if (!check()) return;
      const t = performance.now();
      clearTimeout(timer); mo.disconnect();
      latencies.push(t - t0);
      if (t >= end) { resolve(latencies); return; }
      setTimeout(once, Math.max(0, minIntervalMs - (t - t0)));
    });
    mo.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    const t0 = performance.now();
    li.querySelector('input[type=checkbox]').click();
  };
  once();
});

async function drive(arch, pages, runSeconds) {
  const base = baseFor(args, arch);
  const s0 = await stats(base);
  const t0 = performance.now();
  const perPage = await Promise.all(pages.map((page) => page.evaluate(loop, {
    id: Math.floor(rows / 2) + 1, seconds: runSeconds, minIntervalMs: 1000 / maxRate, checkedIsProperty: arch === 'blazor',
  })));
  const wall = (performance.now() - t0) / 1000;
  const s1 = await stats(base);
  return { latencies: perPage.flat(), wall, cpuMs: s1.cpuMs - s0.cpuMs, allocatedBytes: s1.allocatedBytes - s0.allocatedBytes };
}

const browser = await launch();
const runs = [];
let failed = false;
try {
  for (let rep = 0; rep < reps; rep++) {
    for (const arch of rep % 2 ? [...archs].reverse() : archs) {
      const base = baseFor(args, arch);
      const baseline = arch === 'blazor' ? (await stats(base)).circuits : 0;
      const open = await openLivePages(browser, args, arch, `todos?rows=${rows}`, pageCount);
      if (warmup > 0) await drive(arch, open.pages, warmup);
      const r = await drive(arch, open.pages, seconds);
      await open.context.close();
      await settle(base, arch, baseline);
      const run = { rep, arch, pages: pageCount, rows, events: r.latencies.length, wall: r.wall, cpuMs: r.cpuMs, allocatedBytes: r.allocatedBytes, latencies: r.latencies, pageErrors: open.errors.length };
      runs.push(run);
      console.log(`throughput rep ${rep} ${arch.padEnd(6)} ${pageCount} pages: ${(run.events / run.wall).toFixed(0)} events/s, server CPU ${(1000 * run.cpuMs / run.events).toFixed(0)} µs/event`);
      if (open.errors.length) { console.error(`  page errors: ${open.errors.slice(0, 3).join(' | ')}`); failed = true; }
    }
  }
} catch (e) {
  console.error(`browser throughput benchmark failed: ${e.stack ?? e}`);
  failed = true;
} finally {
  await browser.close();
}
const results = archs.map((arch) => {
  const mine = runs.filter((r) => r.arch === arch);
  const events = mine.reduce((s, r) => s + r.events, 0), wall = mine.reduce((s, r) => s + r.wall, 0);
  const cpuMs = mine.reduce((s, r) => s + r.cpuMs, 0), alloc = mine.reduce((s, r) => s + r.allocatedBytes, 0);
  const sorted = mine.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    arch, pages: pageCount, rows, reps: mine.length, events, seconds: wall, eventsPerSecond: events / wall,
    p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99),
    serverCpuUsPerEvent: events ? (1000 * cpuMs) / events : NaN, serverCpuPercent: (100 * cpuMs) / (wall * 1000),
    serverAllocBytesPerEvent: events ? alloc / events : NaN,
    perRep: mine.map((r) => r.events / r.wall),
  };
});
for (const r of results) console.log(`throughput ${r.arch.padEnd(6)} ${r.eventsPerSecond.toFixed(0)} events/s (p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms), server CPU ${r.serverCpuUsPerEvent.toFixed(0)} µs/event (${r.serverCpuPercent.toFixed(0)}% of a core)`);
if (args.out) { mkdirSync(dirname(args.out), { recursive: true }); writeFileSync(args.out, JSON.stringify({ maxRatePerPage: maxRate, results }, null, 2)); }
process.exit(failed || results.some((r) => r.events === 0) ? 1 : 0);
