import { ErrorFlags } from './error-flags';
import { eventArgs } from './form';
import { PendingLog, type Entry } from './optimistic';
import { applyOps, replaceHtml, type Op } from './patch';
import { predict } from './predict';
import { RateLimiter, type RateMeta } from './rate-limit';

/** What a view needs from the connection (a SignalR `HubConnection` fits; tests pass a fake). */
export interface Transport {
  /** Fire-and-forget hub call; may return a promise that rejects when the message could not be sent. */
  send(method: string, ...args: unknown[]): unknown;
  /** Hub call with a result; rejects with the server's error (e.g. a `HubException` message). */
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
}

/** Per-handler metadata from `join`: `o` = optimistic, plus debounce `d`/`w` and throttle `t` in ms. */
export interface HandlerMeta extends RateMeta {
  o?: number;
}

/** Result of `join(token)`: view id, version, the root's inner HTML when it differs from the page (else null), handler metadata. */
export interface JoinResult {
  id: string;
  v: number;
  h: string | null;
  m: Record<string, HandlerMeta>;
}

/** A `p` message: answer to event `r` (0 = server push); `a` = highest processed ref; `v` = version; `o` = ops; `e` = error; `h` = full HTML. */
export interface Reply {
  r: number;
  a: number;
  v: number;
  o: Op[];
  e?: string;
  h?: string;
}

interface Outgoing {
  handler: string;
  args: Record<string, unknown>;
  entry?: Entry;
}

/** DOM event type → binding attribute suffix (`lv-click`, …). */
const BINDINGS: Record<string, string> = {
  click: 'click', change: 'change', input: 'input', submit: 'submit',
  keydown: 'keydown', keyup: 'keyup', focusin: 'focus', focusout: 'blur',
};

/**
 * One live view bound to a `[data-lv-root]` element: delegated event listeners, optimistic predictions,
 * debounce/throttle, refs, and replies. Dispatches `lv:reply` (detail: the reply) after each reply is applied and
 * `lv:error` (detail: `{handler, message, ref}`) on an error reply, both on the root.
 */
export class View {
  /** Server-side view id from the last join ('' before). */
  id = '';
  /** Version of the server-confirmed DOM. */
  v = 0;
  meta: Record<string, HandlerMeta> = {};
  /** Last event ref used; refs increase per view and are never reused. */
  ref = 0;
  connected = false;
  readonly log: PendingLog;
  readonly flags: ErrorFlags;
  private readonly limiter: RateLimiter<Outgoing>;
  private readonly initialHtml: string;
  private readonly inflight = new Map<number, string>();
  private resyncing = false;
  private joined = false;

  /**
   * @param root the `[data-lv-root]` element (its `data-lv-token` is the join token).
   * @param transport the hub connection.
   * @param timeoutMs how long (ms) an optimistic entry may wait for its reply before it is reverted and flagged.
   */
  constructor(readonly root: HTMLElement, private readonly transport: Transport, private readonly timeoutMs = 10000) {
    this.initialHtml = root.innerHTML;
    this.log = new PendingLog(root);
    this.flags = new ErrorFlags(root);
    this.limiter = new RateLimiter<Outgoing>(
      p => this.sendEvent(p),
      (held, next) => {
        if (held.entry && next.entry) this.log.absorb(held.entry, next.entry);
        return { ...next, entry: held.entry ?? next.entry };
      },
      p => p.entry && this.log.rebase(() => {}, e => e === p.entry),
    );
    for (const type in BINDINGS) root.addEventListener(type, this);
  }

  /**
   * Joins (or, after a reconnect, re-joins) the view. The server mounts it afresh, so when it reports the page's
   * HTML as unchanged (`h` null) after earlier patches, the served HTML is restored. Rejects with the server's error.
   */
  async join(): Promise<void> {
    const r = await this.transport.invoke<JoinResult>('join', this.root.getAttribute('data-lv-token'));
    const html = r.h ?? (this.joined && this.root.innerHTML !== this.initialHtml ? this.initialHtml : null);
    if (html != null) replaceHtml(this.root, html);
    Object.assign(this, { id: r.id, v: r.v, meta: r.m ?? {}, resyncing: false, joined: true, connected: true });
    this.inflight.clear();
  }

  /** The connection is down: held events are discarded, every pending entry is reverted and flagged. */
  disconnected(): void {
    this.connected = false;
    this.fail(() => true);
    this.limiter.cancel();
  }

  /** Applies a `p` reply: one synchronous rebase (undo pending, apply the server's change, drop processed, replay). */
  receive(reply: Reply): void {
    const { r, a, e, h } = reply;
    const accept = h != null || (!this.resyncing && reply.v === this.v + 1);
    if (!accept) this.resync();
    else {
      this.v = reply.v;
      this.resyncing = false;
    }
    const failed = this.log.rebase(
      () => {
        if (!accept) return;
        try {
          if (h != null) replaceHtml(this.root, h);
          applyOps(this.root, reply.o ?? []);
        } catch (x) {
          console.warn('lv: patch failed, resyncing', x);
          this.resync(true);
        }
      },
      x => x.ref > 0 && (x.ref <= a || x.ref === r),
      x => e != null && x.ref === r,
    );
    this.flags.flag(failed.flatMap(x => x.ops));
    if (e != null) {
      const handler = this.inflight.get(r);
      console.warn(`lv: ${handler} failed: ${e}`);
      this.dispatch('lv:error', { handler, message: e, ref: r });
    }
    for (const ref of this.inflight.keys()) if (ref <= a || ref === r) this.inflight.delete(ref);
    this.dispatch('lv:reply', reply);
  }

  /** Delegated listener for every bound DOM event of the root. */
  handleEvent(ev: Event): void {
    const target = ev.target as Element;
    if (ev.type === 'focusout') this.limiter.flush(target);
    const attr = 'lv-' + BINDINGS[ev.type];
    const el = target.closest?.(`[${attr}]`);
    if (!el || el.closest('[data-lv-root]') !== this.root) return;
    if (ev.type === 'submit') {
      ev.preventDefault();
      this.limiter.cancel(x => el.contains(x));
    }
    const key = el.getAttribute('lv-key');
    if (!this.connected || (key && 'key' in ev && key.toLowerCase() !== (ev as KeyboardEvent).key?.toLowerCase())) return;
    const handler = el.getAttribute(attr)!;
    const meta = this.meta[handler] ?? {};
    const out: Outgoing = { handler, args: eventArgs(el, ev) };
    if (meta.o) out.entry = this.log.add(handler, predict(this.root, el, ev));
    this.limiter.submit(el, handler, meta, out);
  }

  private sendEvent({ handler, args, entry }: Outgoing): void {
    const ref = ++this.ref;
    this.inflight.set(ref, handler);
    if (entry && this.log.entries.includes(entry)) {
      entry.ref = ref;
      entry.timer = setTimeout(() => this.fail(x => x === entry), this.timeoutMs);
    }
    const lost = () => this.fail(x => x.ref === ref);
    this.post(lost, 'e', this.id, ref, handler, args);
  }

  /** `transport.send`, reporting a failure (sync throw or rejection) to `lost`. */
  private post(lost: () => void, ...call: [string, ...unknown[]]): void {
    try {
      Promise.resolve(this.transport.send(...call)).catch(lost);
    } catch {
      lost();
    }
  }

  /** Reverts and flags the entries `which` selects (error, timeout, disconnect, send failure). */
  private fail(which: (e: Entry) => boolean): void {
    this.flags.flag(this.log.rebase(() => {}, which, () => true).flatMap(x => x.ops));
  }

  private resync(force?: boolean): void {
    if (this.resyncing && !force) return;
    this.resyncing = true;
    this.post(() => {}, 'resync', this.id); // if it cannot be sent, the connection is down: the rejoin re-renders
  }

  private dispatch(type: string, detail: unknown): void {
    this.root.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
