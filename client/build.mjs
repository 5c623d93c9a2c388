// Builds the served client (npm run build:client): the core every page loads first, the inline capture and the lazily
// loaded modules (client/src/loader.ts), minified into client/dist. Prints each file's size, minified and gzip -9, and
// fails when the core's own code (liveview.own.min.js: without SignalR) exceeds its budget of 10,240 bytes.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 10240;
const src = 'client/src/', dist = 'client/dist/';
/** The lazily loaded modules: each entry client/src/modules/NAME.ts is served as /_lv/liveview-NAME.js. */
const MODULES = ['navigation', 'hooks', 'forms', 'upload', 'rate-limit', 'optimistic'];

const common = { bundle: true, minify: true, target: 'es2021', logLevel: 'error' };
const files = [
  // what pages load: the core with SignalR
  { entryPoints: [src + 'index.ts'], format: 'iife', outfile: dist + 'liveview.min.js' },
  // the same core without SignalR: what the budget counts (our own code)
  { entryPoints: [src + 'index.ts'], format: 'esm', external: ['@microsoft/signalr'], outfile: dist + 'liveview.own.min.js' },
  { entryPoints: [src + 'capture.ts'], format: 'iife', outfile: dist + 'capture.min.js' },
  ...MODULES.map(name => ({ entryPoints: [`${src}modules/${name}.ts`], format: 'iife', outfile: `${dist}liveview-${name}.min.js` })),
];
await Promise.all(files.map(f => build({ ...common, ...f })));

const size = file => {
  const body = readFileSync(file);
  return [body.length, gzipSync(body, { level: 9 }).length];
};
console.log('client bundle                      bytes   gzip -9');
for (const { outfile } of files) {
  const [min, gz] = size(outfile);
  console.log(`  ${outfile.slice(dist.length).padEnd(30)} ${String(min).padStart(7)} ${String(gz).padStart(9)}`);
}
const [own] = size(dist + 'liveview.own.min.js');
if (own > BUDGET) {
  console.error(`error: liveview.own.min.js is ${own} bytes, over its budget of ${BUDGET}: move code into a lazily loaded module (client/src/loader.ts) or make it smaller`);
  process.exit(1);
}
console.log(`  first load (own code): ${own} of ${BUDGET} bytes`);
