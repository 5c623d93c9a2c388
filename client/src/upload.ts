/**
 * The upload client (docs/protocol.md, "Uploads"), a lazily loaded module (loader.ts) fetched the first time a view
 * has an `lv-upload` input, so pages without uploads do not pay for it; until it runs, the view's events wait for it. For each chosen, dropped or pasted file it asks the
 * view for a token (the `u` preflight: the server checks type, size and count before a byte is sent), then sends the
 * file over HTTP in chunks with several in flight, shows progress in `progress[lv-upload-progress=REF]` elements as
 * the server acknowledges bytes (no round trip through the view), and resumes from the last acknowledged byte after a
 * network error, a reconnect or a server restart. A submit of a form with uploads still running is sent once they end.
 */
import { UPLOAD, UPLOAD_TOKEN } from './protocol';
import type { Transport, View } from './view';

/** The preflight's result for one file: its token (none = not to be sent) and the bytes the server already has. */
interface Answer { r: string; t?: string; o: number }
/** The preflight's result: answers, the chunk URL, chunk bytes, chunks in flight, chunk timeout in ms. */
interface Preflight { e: Answer[]; u: string; c: number; p: number; w: number }

/** One file on its way. */
interface Entry {
  ref: string;
  upload: string;
  file: File;
  token?: string;
  /** Bytes the server acknowledged from 0 without a gap: where a resume starts. */
  acked: number;
  /** Highest percentage shown: progress never goes backwards. */
  shown: number;
  /** Chunk settings from the preflight. */
  cfg?: Preflight;
  running?: boolean;
  /** Refused, cancelled, failed for good, or done. */
  over?: boolean;
  finished: Promise<void>;
  finish: () => void;
}

/** A 4xx answer (except timeouts and rate limits): retrying cannot help. */
class Refused extends Error {}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
let seq = 0;

/** What the view tells the upload client of its lifecycle. */
export interface Uploads {
  /** The view (re)joined, or a live navigation's join result attached it: it is live from now on. */
  joined(): void;
  /** The connection is down (or the view was navigated away from): preflights wait for the next join. */
  down(): void;
}

/** Attaches the upload client to `view`, which talks over `hub`. */
export function attachUploads(view: View, hub: Transport): Uploads {
  const { root } = view;
  const entries = new Map<string, Entry>();
  let release!: () => void;
  let ready!: Promise<void>;
  const reset = () => (ready = new Promise<void>(r => (release = r)));
  reset();
  if (view.connected) release();

  const paint = (e: Entry) => {
    e.shown = Math.max(e.shown, Math.floor((e.acked * 100) / (e.file.size || 1)));
    for (const p of root.querySelectorAll<HTMLProgressElement>(`progress[lv-upload-progress="${CSS.escape(e.ref)}"]`))
      if (p.value < e.shown) p.value = e.shown;
  };
  const end = (e: Entry) => {
    e.over = true;
    e.finish();
  };

  /**
   * Sends the preflight (waiting for the view to be joined) and applies its answers; at most 20 files a call, so an
   * announcement with tokens stays far below the hub's message size limit.
   */
  const preflight = async (upload: string, list: Entry[]): Promise<void> => {
    if (list.length > 20) {
      await Promise.all([preflight(upload, list.slice(0, 20)), preflight(upload, list.slice(20))]);
      return;
    }
    for (;;) {
      await ready;
      try {
        const res = await hub.invoke<Preflight>(UPLOAD, view.id, upload, list.map(e => ({ r: e.ref, n: e.file.name, s: e.file.size, y: e.file.type, t: e.token })));
        for (const a of res.e) {
          const e = entries.get(a.r);
          if (!e) continue;
          if (!a.t) { end(e); continue; }
          e.token = a.t;
          e.cfg = res;
          e.acked = a.o;
          paint(e);
          void run(e);
        }
        return;
      } catch (x) {
        if (view.connected) { // refused by the server (not a lost connection): these files will not be sent
          console.warn('lv: upload refused', x);
          return list.forEach(end);
        }
      }
    }
  };

  const add = (upload: string | null, files: File[]) => {
    if (!upload || !files.length) return;
    const list = files.map(file => {
      let finish!: () => void;
      const finished = new Promise<void>(r => (finish = r));
      const e: Entry = { ref: `${Date.now().toString(36)}-${++seq}`, upload, file, acked: 0, shown: 0, finished, finish };
      entries.set(e.ref, e);
      return e;
    });
    void preflight(upload, list);
  };

  /** A request to the chunk endpoint; throws `Refused` for a 4xx answer, an Error for anything retryable. */
  const request = async (e: Entry, init: RequestInit & { headers: Record<string, string> }, signal: AbortSignal) => {
    init.headers[UPLOAD_TOKEN] = e.token!;
    const res = await fetch(e.cfg!.u, { ...init, signal });
    if (res.ok) return (await res.json()) as { o: number };
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new Refused(`${res.status}`);
    throw Error(`upload chunk answered ${res.status}`);
  };

  /** Sends `e` from its acknowledged offset until done; resumes with backoff after failures. */
  const run = async (e: Entry) => {
    if (e.running || e.over) return;
    e.running = true;
    const { size } = e.file;
    for (let attempt = 0; !e.over && e.acked < size; ) {
      const { c, p, w } = e.cfg!;
      const round = new AbortController();
      let next = e.acked;
      const worker = async () => {
        while (!round.signal.aborted && next < size) {
          const start = next;
          const stop = (next = Math.min(size, start + c));
          const timer = setTimeout(() => round.abort(), w);
          try {
            const { o } = await request(e, { method: 'PUT', headers: { 'Content-Range': `bytes ${start}-${stop - 1}/${size}` }, body: e.file.slice(start, stop) }, round.signal);
            e.acked = Math.max(e.acked, o);
            paint(e);
          } finally {
            clearTimeout(timer);
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.max(1, p) }, worker));
        if (round.signal.aborted) throw Error('timeout');
        if (e.acked < size) e.acked = (await request(e, { headers: {} }, round.signal)).o;
        attempt = 0;
      } catch (x) {
        round.abort();
        if (x instanceof Refused) { // cancelled, refused content, expired token: the view renders why
          console.warn(`lv: upload of ${e.file.name} stopped (${x.message})`);
          break;
        }
        await sleep(Math.min(5000, 250 * 2 ** attempt++));
        try {
          e.acked = (await request(e, { headers: {} }, new AbortController().signal)).o;
        } catch (y) {
          if (y instanceof Refused) break;
        }
      }
    }
    e.running = false;
    end(e);
  };

  root.addEventListener('change', ev => {
    const input = ev.target as HTMLInputElement;
    if (input.type !== 'file' || !input.hasAttribute('lv-upload')) return;
    add(input.getAttribute('lv-upload'), [...(input.files ?? [])]);
    input.value = ''; // the queue shows the files; choosing the same one again fires change again
  });
  const zone = (ev: Event) => (ev.target as Element).closest?.('[lv-upload-drop]');
  root.addEventListener('dragover', ev => zone(ev) && ev.preventDefault());
  root.addEventListener('drop', ev => {
    const z = zone(ev);
    if (!z || !ev.dataTransfer?.files.length) return;
    ev.preventDefault();
    add(z.getAttribute('lv-upload-drop'), [...ev.dataTransfer.files]);
  });
  root.addEventListener('paste', ev => {
    const files = [...(ev.clipboardData?.files ?? [])];
    const target = zone(ev)?.getAttribute('lv-upload-drop') ?? root.querySelector('[lv-upload]')?.getAttribute('lv-upload');
    if (!files.length || !target) return;
    ev.preventDefault();
    add(target, files);
  });
  // Server patches may render an older progress value: the client's (acknowledged bytes) wins, in the same task.
  root.addEventListener('lv:reply', () => entries.forEach(paint));

  // A submit waits for the uploads of its form's inputs (it is already predicted, e.g. lv-disable-with).
  view.hold = form => {
    const names = [...form.querySelectorAll('[lv-upload]')].map(i => i.getAttribute('lv-upload'));
    const pending = [...entries.values()].filter(e => !e.over && names.includes(e.upload));
    return pending.length ? Promise.all(pending.map(e => e.finished)) : undefined;
  };
  // Files chosen before this module loaded.
  for (const input of root.querySelectorAll<HTMLInputElement>('input[type=file][lv-upload]'))
    if (input.files?.length) input.dispatchEvent(new Event('change', { bubbles: true }));
  return {
    // After a reconnect or a server restart the view is mounted afresh: announce the files again with their tokens,
    // so it knows them (and their progress) again; files it no longer has (consumed, cancelled, expired) stop.
    joined() {
      release();
      const held = [...entries.values()].filter(e => e.token && !(e.over && e.acked < e.file.size));
      for (const upload of new Set(held.map(e => e.upload))) void preflight(upload, held.filter(e => e.upload === upload));
    },
    down: reset,
  };
}
