import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Transport } from '../src/view';
import { mount } from './helpers';

const HTML = '<form lv-submit="Save"><input type="file" id="in" lv-upload="photos"><progress lv-upload-progress="R" max="100" value="0"></progress></form>';

/** A fake chunk endpoint: writes into `bytes`, acknowledges the gapless prefix; `fail(n)` makes the next n PUTs fail. */
function fakeServer(size: number) {
  const got = new Uint8Array(size);
  const have = new Uint8Array(size);
  let failures = 0;
  let inFlight = 0;
  const server = {
    puts: [] as string[],
    gets: 0,
    maxInFlight: 0,
    status: 200,
    got,
    fail: (n: number) => (failures = n),
    acked: () => { let i = 0; while (i < size && have[i]) i++; return i; },
  };
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    if (init.method !== 'PUT') {
      server.gets++;
      return new Response(JSON.stringify({ o: server.acked(), s: size }));
    }
    const range = (init.headers as Record<string, string>)['Content-Range'];
    server.puts.push(range);
    server.maxInFlight = Math.max(server.maxInFlight, ++inFlight);
    try {
      await new Promise(r => setTimeout(r, 5));
      if (failures > 0 && failures--) throw new TypeError('Failed to fetch');
      if (server.status !== 200) return new Response('{"error":"gone"}', { status: server.status });
      const [, from] = /bytes (\d+)-(\d+)/.exec(range)!.map(Number);
      const data = new Uint8Array(await (init.body as Blob).arrayBuffer());
      got.set(data, from);
      have.fill(1, from, from + data.length);
      return new Response(JSON.stringify({ o: server.acked() }));
    } finally {
      inFlight--;
    }
  });
  return server;
}

function fakeHub(answer: (entries: { r: string; t?: string }[]) => { r: string; t?: string; o: number }[]) {
  const calls: unknown[][] = [];
  const hub = {
    calls,
    invoke: async (method: string, ...args: unknown[]) => {
      calls.push([method, ...args]);
      return { e: answer(args[2] as { r: string }[]), u: '/_lv/upload', c: 100, p: 3, w: 5000 };
    },
  } as unknown as Transport & { calls: unknown[][] };
  return hub;
}

async function choose(input: HTMLInputElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const until = async (check: () => boolean, ms = 3000) => {
  for (const end = Date.now() + ms; !check(); await new Promise(r => setTimeout(r, 5))) if (Date.now() > end) throw new Error('timed out');
};

afterEach(() => vi.unstubAllGlobals());

describe('uploads', () => {
  test('a chosen file is preflighted, sent in chunks with several in flight, and its progress shown as acknowledged', async () => {
    const bytes = Uint8Array.from({ length: 1050 }, (_, i) => i % 251);
    const server = fakeServer(bytes.length);
    const hub = fakeHub(es => es.map(e => ({ r: e.r, t: 'tok-' + e.r, o: 0 })));
    const { $, root } = await mount(HTML, {}, undefined, hub.invoke);
    await choose($<HTMLInputElement>('#in'), new File([bytes], 'a.png', { type: 'image/png' }));
    await until(() => server.acked() === bytes.length);
    const [method, viewId, upload, entries] = hub.calls[0] as [string, string, string, { r: string; n: string; s: number; y: string }[]];
    expect([method, viewId, upload]).toEqual(['u', 'v1', 'photos']);
    expect(entries).toEqual([{ r: entries[0].r, n: 'a.png', s: 1050, y: 'image/png', t: undefined }]);
    expect(server.puts.length).toBe(11);
    expect(server.maxInFlight).toBe(3);
    expect([...server.got]).toEqual([...bytes]);
    // The server renders the entry's progress element; the client fills it in, and a stale server value cannot lower it.
    const ref = entries[0].r;
    root.querySelector('progress')!.setAttribute('lv-upload-progress', ref);
    root.dispatchEvent(new CustomEvent('lv:reply'));
    await until(() => root.querySelector('progress')!.value === 100);
    root.querySelector('progress')!.value = 40; // a patch with an older value
    root.dispatchEvent(new CustomEvent('lv:reply'));
    expect(root.querySelector('progress')!.value).toBe(100);
  });

  test('after failed chunks it asks the server where it stands and resumes from the acknowledged byte', async () => {
    const { $ } = await mount(HTML, {}, undefined, fakeHub(es => es.map(e => ({ r: e.r, t: 't', o: 0 }))).invoke);
    const bytes = Uint8Array.from({ length: 600 }, (_, i) => (i * 7) % 256);
    const server = fakeServer(bytes.length);
    await choose($<HTMLInputElement>('#in'), new File([bytes], 'b.png'));
    await until(() => server.acked() >= 200);
    server.fail(3);
    await until(() => server.acked() === 600, 5000);
    expect(server.gets).toBeGreaterThan(0);
    expect([...server.got]).toEqual([...bytes]);
    const first = server.puts.indexOf('bytes 0-99/600');
    expect(server.puts.lastIndexOf('bytes 0-99/600')).toBe(first); // acknowledged bytes are not sent again
  });

  test('a refused chunk (cancelled, refused content) stops the file for good', async () => {
    const { $ } = await mount(HTML, {}, undefined, fakeHub(es => es.map(e => ({ r: e.r, t: 't', o: 0 }))).invoke);
    const server = fakeServer(500);
    server.status = 410;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await choose($<HTMLInputElement>('#in'), new File([new Uint8Array(500)], 'c.png'));
    await until(() => warn.mock.calls.length > 0);
    const sent = server.puts.length;
    await new Promise(r => setTimeout(r, 300));
    expect(server.puts.length).toBe(sent);
    expect(sent).toBeLessThanOrEqual(3);
    warn.mockRestore();
  });

  test('files without a token (refused by the preflight) are never sent', async () => {
    const { $ } = await mount(HTML, {}, undefined, fakeHub(es => es.map(e => ({ r: e.r, o: 0 }))).invoke);
    const server = fakeServer(500);
    await choose($<HTMLInputElement>('#in'), new File([new Uint8Array(500)], 'd.gif'));
    await new Promise(r => setTimeout(r, 50));
    expect(server.puts).toEqual([]);
  });

  test('a submit waits for the uploads of its form, and a rejoin announces the files with their tokens', async () => {
    const server = fakeServer(800);
    const hub = fakeHub(es => es.map(e => ({ r: e.r, t: e.t ?? 'tok', o: e.t ? server.acked() : 0 })));
    const { view, $, t } = await mount(HTML, {}, undefined, hub.invoke);
    await choose($<HTMLInputElement>('#in'), new File([new Uint8Array(800)], 'e.png'));
    $('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(t.events()).toEqual([]); // held while the file is on its way
    await until(() => t.events().length === 1);
    expect(server.acked()).toBe(800);
    expect(t.events()[0].handler).toBe('Save');

    await view.join(); // as after a reconnect: the fresh mount learns the file again
    await until(() => hub.calls.length === 2);
    const [, , , announced] = hub.calls[1] as [string, string, string, { t?: string }[]];
    expect(announced.map(e => e.t)).toEqual(['tok']);
  });

  test('a file chosen and a submit made before the upload module arrived: the module takes the file as it attaches, the submit waits for it', async () => {
    const registry = window.LiveView!.m!;
    const module = registry.upload!;
    delete registry.upload; // as in the served build: fetched once the view shows an lv-upload input
    const scripts: HTMLScriptElement[] = [];
    const append = document.head.appendChild.bind(document.head);
    vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T =>
      node.nodeName === 'SCRIPT' ? (scripts.push(node as unknown as HTMLScriptElement), node) : append(node));
    const server = fakeServer(300);
    const hub = fakeHub(es => es.map(e => ({ r: e.r, t: 'tok', o: 0 })));
    const { $, t } = await mount(HTML, {}, undefined, hub.invoke);
    await choose($<HTMLInputElement>('#in'), new File([new Uint8Array(300)], 'f.png'));
    const submit = new Event('submit', { bubbles: true, cancelable: true });
    $('form').dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(true);
    expect(scripts).toHaveLength(1);

    registry.upload = module; // the script ran
    scripts[0].onload!(new Event('load'));
    await until(() => t.events().length === 1);
    expect(server.acked()).toBe(300); // sent after the file, not before it
    expect(hub.calls).toHaveLength(1);
    vi.restoreAllMocks();
  });
});
