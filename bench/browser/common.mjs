// Shared helpers of the browser benchmarks: Debian's Chromium through playwright-core (never a downloaded browser).
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export function parseArgs(argv, defaults) {
  const args = { ...defaults };
  for (let i = 2; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    args[m[1]] = m[2] ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
  }
  return args;
}

export async function launch() {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (apt-get install chromium)`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-renderer-backgrounding', '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows'],
  });
}

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

export const byteLength = (payload) => (typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length);

/**
 * Paired ratios a[i]/b[i] of two sample series measured in the same iterations (alternating, so slow moments of the machine
 * hit both): their median and a distribution-free 95% confidence interval for that median (order statistics of the
 * binomial(n, 1/2) sign test, normal approximation: ranks n/2 − 0.98·√n and n/2 + 1 + 0.98·√n). Returns NaNs for fewer than 6 pairs.
 */
export function pairedRatio(a, b) {
  const n = Math.min(a.length, b.length);
  const ratios = Array.from({ length: n }, (_, i) => a[i] / b[i]).sort((x, y) => x - y);
  if (n < 6) return { n, median: quantile(ratios, 0.5), low: NaN, high: NaN };
  const half = 0.98 * Math.sqrt(n); // 1.96/2 · √n; the ranks are 1-based, the indexes 0-based
  const lo = Math.max(0, Math.floor(n / 2 - half) - 1), hi = Math.min(n - 1, Math.ceil(n / 2 + 1 + half) - 1);
  return { n, median: quantile(ratios, 0.5), low: ratios[lo], high: ratios[hi] };
}

// SignalR keep-alive pings, excluded from the bytes per event: the JSON hub protocol's {"type":6}<RS> (this framework) and
// the MessagePack one's [6] with its varint length prefix, 0x02 0x91 0x06 (Blazor's blazorpack).
export function isPing(payload) {
  if (typeof payload === 'string') return payload === '{"type":6}\u001e';
  return (payload.length === 11 && payload.toString() === '{"type":6}\u001e') ||
    (payload.length === 3 && payload[0] === 0x02 && payload[1] === 0x91 && payload[2] === 0x06);
}

/** The page's base URL for an architecture: Blazor runs as its own process (--blazor-base); the others share --base. */
export function baseFor(args, arch) {
  if (arch !== 'blazor') return args.base;
  if (!args['blazor-base']) throw new Error('--blazor-base is required for the blazor architecture');
  return args['blazor-base'];
}

/** In-page readiness test per architecture (string of JS evaluated in the page), for those not detected from frames. */
export const readyInPage = {
  htmx: () => typeof window.htmx === 'object',
  morph: () => typeof window.Idiomorph === 'object' && typeof window.MorphTwin === 'object',
  floor: () => document.querySelector('[data-floor-open]') !== null,
  // The page component renders data-circuit="open" only inside its circuit: the prerendered copy is inert.
  blazor: () => document.querySelector('[data-circuit="open"]') !== null,
};
