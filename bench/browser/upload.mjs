// Upload throughput on loopback, side by side in one Chromium against one server (bench/LiveViews.UploadBench):
//   this:  the framework's upload: preflight over the hub, then chunks over HTTP (several in flight) to a temporary file,
//          timed from choosing the file until the server has rendered the entry complete (every byte on disk and acknowledged);
//   plain: one multipart/form-data POST of the same file, streamed to a file by MultipartReader, timed until its response.
// Runs alternate (this, plain, this, plain, ...) so both see the same machine state. Prints and writes medians and the ratio.
//   node bench/browser/upload.mjs --base http://127.0.0.1:PORT --mb 50 --iterations 5 --out results/upload.json
import { writeFileSync } from 'node:fs';
import { launch, parseArgs, summarize } from './common.mjs';

const args = parseArgs(process.argv, { base: 'http://127.0.0.1:5080', mb: '50', iterations: '5', warmup: '1', out: '' });
const bytes = Math.round(Number(args.mb) * 1_000_000);
const browser = await launch();
const page = await browser.newPage();
page.on('pageerror', e => console.error('page error:', e.message));
await page.goto(`${args.base}/upload`);
await page.waitForFunction(() => window.LiveView?.views?.[0]?.connected && window.LiveView.m?.upload); // the upload module arrived
await page.waitForFunction(() => window.LiveView.views[0].hold); // the upload module is attached

// The file is made in the page (random bytes with a PNG signature), so no 50 MB travel through the test driver.
await page.evaluate(size => {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(data.subarray(i, Math.min(size, i + 65536)));
  data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  window.__file = new File([data], 'bench.png', { type: 'image/png' });
}, bytes);

const ours = () => page.evaluate(async () => {
  const input = document.getElementById('file');
  const dt = new DataTransfer();
  dt.items.add(window.__file);
  const start = performance.now();
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await new Promise((resolve, reject) => {
    const check = () => {
      if (document.querySelector('#queue li.done')) return resolve();
      if (document.getElementById('errors').textContent.trim()) return reject(new Error(document.getElementById('errors').textContent));
      requestAnimationFrame(check);
    };
    check();
  });
  const ms = performance.now() - start;
  document.getElementById('discard').click(); // consume (delete) it before the next run
  await new Promise(resolve => { const wait = () => (document.querySelector('#queue li') ? setTimeout(wait, 5) : resolve()); wait(); });
  return ms;
});

const plain = () => page.evaluate(async () => {
  const body = new FormData();
  body.append('file', window.__file);
  const start = performance.now();
  const res = await fetch('/plain', { method: 'POST', body });
  const { bytes } = await res.json();
  if (bytes !== window.__file.size) throw new Error(`plain POST stored ${bytes} bytes`);
  return performance.now() - start;
});

const runs = { this: [], plain: [] };
const total = Number(args.warmup) + Number(args.iterations);
for (let i = 0; i < total; i++) {
  const a = await ours();
  const b = await plain();
  if (i >= Number(args.warmup)) { runs.this.push(a); runs.plain.push(b); }
}
await browser.close();

const mbps = ms => bytes / 1e6 / (ms / 1000);
const result = {
  bytes,
  this: { ...summarize(runs.this), mbPerS: mbps(summarize(runs.this).median) },
  plain: { ...summarize(runs.plain), mbPerS: mbps(summarize(runs.plain).median) },
};
result.ratio = result.this.median / result.plain.median;
console.log(`upload of ${(bytes / 1e6).toFixed(1)} MB on loopback, median of ${runs.this.length}:`);
console.log(`  this (chunked, resumable): ${result.this.median.toFixed(0)} ms = ${result.this.mbPerS.toFixed(0)} MB/s`);
console.log(`  plain multipart POST:      ${result.plain.median.toFixed(0)} ms = ${result.plain.mbPerS.toFixed(0)} MB/s`);
console.log(`  time this/plain: ${result.ratio.toFixed(2)}`);
if (args.out) writeFileSync(args.out, JSON.stringify(result, null, 2));
