// Builds the served client (npm run build:client): the core every page loads first, the inline capture and the lazily
// loaded modules (client/src/loader.ts), minified into client/dist. Prints each file's size, minified and gzip -9, and
// fails when the core's own code (liveview.own.min.js: without SignalR) exceeds its budget of 10,240 bytes.
import { build } from 'esbuild';
import { Window } from 'happy-dom';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 10240;
const src = 'client/src/', dist = 'client/dist/';
/** The lazily loaded modules: each entry client/src/modules/NAME.ts is served as /_lv/liveview-NAME.js. */
const MODULES = ['navigation', 'components', 'forms', 'upload', 'rate-limit', 'optimistic', 'streams'];

/**
 * Member names of our own internal interfaces that the minifier shortens (esbuild mangleProps), with one cache for
 * every bundle, so the core and the separately loaded modules agree. Never a name that crosses the wire (JSON keys),
 * the DOM, the hooks API, window.LiveView (hooks, connection, views, navigate, m) or what tests and benchmarks read of a
 * view (id, v, ref, connected, root, url, log, hold): checked below against the DOM and the built-ins, so a collision fails the build.
 */
const MANGLED = [
  'createNavigator', 'createHooks', 'createPendingLog', 'createErrorFlags', 'createRateLimiter', 'attachUploads',
  'componentOf', 'componentMeta', 'patchComponents', 'recoverForms', 'touchField', 'formMeta', 'formFields', 'settleForm', 'predict', 'disableWith',
  'coalesce', 'rebase', 'entry', 'timer', 'ops', 'seq', 'done', 'handler', 'args', 'cid', 'meta',
  'scan', 'touch', 'emit', 'each', 'flush', 'cancel', 'busy', 'popped', 'replay', 'effects', 'joined', 'byId',
  'attach', 'dispose', 'receive', 'handle', 'disconnected', 'down',
];
const win = new Window();
const builtIns = [win, win.document, win.document.documentElement.classList, win.location, win.history, win.console, win.CSS, win.JSON, win.Math, Object, Array, Promise,
  ...['HTMLInputElement', 'HTMLFormElement', 'HTMLSelectElement', 'HTMLTextAreaElement', 'HTMLAnchorElement', 'HTMLTemplateElement',
    'HTMLProgressElement', 'HTMLScriptElement', 'SVGElement', 'Text', 'Comment', 'NodeList', 'KeyboardEvent',
    'SubmitEvent', 'CustomEvent', 'DragEvent', 'ClipboardEvent', 'FormData', 'File', 'Response', 'Headers', 'AbortController']
    .map(name => (win[name] ?? globalThis[name]).prototype),
  Map.prototype, Set.prototype, Promise.prototype, Array.prototype, String.prototype, Number.prototype, Function.prototype];
const clash = MANGLED.filter(name => builtIns.some(o => name in o));
// `handler` is also a key of the lv:error detail, written there quoted (esbuild never renames quoted keys)
if (clash.length) throw Error(`build.mjs: mangled names shadow DOM or built-in members: ${clash}`);
await win.happyDOM.close();

const common = { bundle: true, minify: true, target: 'es2021', logLevel: 'error', mangleProps: new RegExp(`^(${MANGLED.join('|')})$`) };
const files = [
  // what pages load: the core with SignalR
  { entryPoints: [src + 'index.ts'], format: 'iife', outfile: dist + 'liveview.min.js' },
  // the same core without SignalR: what the budget counts (our own code)
  { entryPoints: [src + 'index.ts'], format: 'esm', external: ['@microsoft/signalr'], outfile: dist + 'liveview.own.min.js' },
  { entryPoints: [src + 'capture.ts'], format: 'iife', outfile: dist + 'capture.min.js' },
  ...MODULES.map(name => ({ entryPoints: [`${src}modules/${name}.ts`], format: 'iife', outfile: `${dist}liveview-${name}.min.js` })),
];
// a module no longer built must not be embedded (src/LiveViews.csproj embeds every dist/liveview-*.min.js)
mkdirSync(dist, { recursive: true }); // a fresh clone has no client/dist yet
for (const file of readdirSync(dist)) if (/^liveview-.*\.min\.js$/.test(file)) rmSync(dist + file);
// one after another: each build extends the shared mangle cache
let mangleCache = {};
for (const f of files) ({ mangleCache } = await build({ ...common, ...f, mangleCache }));

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
