import { createErrorFlags } from './error-flags';
import { eventArgs } from './form';
import { createPendingLog, type Entry, type PendingLog } from './optimistic';
import { recoverForms } from './form-recovery';
import { applyOps, replaceHtml, type Content, type Op } from './patch';
import { predict } from './predict';
import { createRateLimiter, type RateMeta } from './rate-limit';

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

/** Result of `join(token)`: view id, version, the root's content when it differs from the page (else null), handler metadata. */
export interface JoinResult {
  id: string;
  v: number;
  h: Content | null;
  m: Record<string, HandlerMeta>;
}

/** A `p` message: answer to event `r` (0 = server push); `a` = highest processed ref; `v` = version; `o` = ops; `e` = error; `h` = full render. */
export interface Reply {
  r: number;
  a: number;
  v: number;
  o: Op[];
  e?: string;
  h?: Content;
}

interface Outgoing {
  handler: string;
  args: Record<string, unknown>;
  entry?: Entry;
  /** The submitted form: once the server accepts the submit, its fields show the server's render. */
  form?: HTMLFormElement;
}

/** Selector of a view root. */
export const ROOT = '[data-lv-root]';

/** The DOM events bound by `lv-EVENT` attributes (focusin → `lv-focus`, focusout → `lv-blur`). */
const EVENTS = 'click change input submit keydown keyup focusin focusout'.split(' ');
const bindingOf = (type: string) => 'lv-' + ({ focusin: 'focus', focusout: 'blur' }[type] ?? type);

/** One live view bound to a `[data-lv-root]` element (see `createView`). */
export interface View {
  readonly root: HTMLElement;
  /** Server-side view id from the last join ('' before). */
  id: string;
  /** Version of the server-confirmed DOM. */
  v: number;
  /** Last event ref used; refs increase per view, are assigned at send time and never reused. */
  ref: number;
  meta: Record<string, HandlerMeta>;
  /** False until joined and while the connection is down (events are then ignored). */
  connected: boolean;
  readonly log: PendingLog;
  /**
   * Joins (or, after a reconnect, re-joins) the view with its `data-lv-token`. The server mounts it afresh, so when
   * it reports the page's HTML as unchanged (`h` null) after earlier patches, the served HTML is restored.
   * Rejects with the server's error.
   */
  join(): Promise<void>;
  /** Applies a `p` reply: one synchronous rebase (undo pending, apply the server's change, drop processed, replay). */
  receive(reply: Reply): void;
  /** The connection is down: held events are discarded, every pending entry is reverted and flagged. */
  disconnected(): void;
}

/**
 * Binds a live view to `root`: delegated event listeners, optimistic predictions, debounce/throttle, refs and
 * replies over `transport`. An optimistic entry not answered within `timeoutMs` ms is reverted and flagged.
 * Dispatches on the root `lv:reply` (detail: the reply) after each reply is applied and `lv:error`
 * (detail: `{handler, message, ref}`) for an error reply.
 */
export function createView(root: HTMLElement, transport: Transport, timeoutMs = 10000): View {
  const initialHtml = root.innerHTML;
  const log = createPendingLog(root);
  const flag = createErrorFlags(root);
  /** Sent events by ref, until their reply. */
  const inflight = new Map<number, Outgoing>();
  let resyncing = false;
  let joined = false;

  const dispatch = (type: string, detail: unknown) => root.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));

  /** Reverts and flags the entries `which` selects (error, timeout, disconnect, send failure). */
  const fail = (which: (e: Entry) => boolean) => flag(log.rebase(which, () => true));

  /** `transport.send`, reporting a failure (sync throw or rejection) to `lost`. */
  const post = (lost: () => void, ...call: [string, ...unknown[]]) => {
    try {
      Promise.resolve(transport.send(...call)).catch(lost);
    } catch {
      lost();
    }
  };

  /** Asks for a full render; after a failed patch (`force`) as a node list, since HTML can parse into the same wrong DOM. */
  const resync = (force?: boolean) => {
    if (resyncing && !force) return;
    resyncing = true;
    post(() => {}, 'resync', view.id, !!force); // if it cannot be sent, the connection is down: the rejoin re-renders
  };

  const sendEvent = (out: Outgoing) => {
    const { entry } = out;
    const ref = ++view.ref;
    inflight.set(ref, out);
    if (entry && log.entries.includes(entry)) {
      entry.ref = ref;
      entry.timer = setTimeout(() => fail(x => x === entry), timeoutMs);
    }
    post(() => fail(x => x.ref === ref), 'e', view.id, ref, out.handler, out.args);
  };

  const limiter = createRateLimiter<Outgoing>(
    sendEvent,
    (held, next) => ({ ...next, entry: log.coalesce(held.entry, next.entry) }),
    p => p.entry && log.rebase(e => e === p.entry),
  );

  const view: View = {
    root, id: '', v: 0, ref: 0, meta: {}, connected: false, log,

    async join() {
      const r = await transport.invoke<JoinResult>('join', root.getAttribute('data-lv-token'));
      const html = r.h ?? (joined && root.innerHTML !== initialHtml ? initialHtml : null);
      view.id = r.id;
      view.v = r.v;
      view.meta = r.m ?? {};
      view.connected = joined = true;
      resyncing = false;
      inflight.clear();
      // Connected first: recovered lv-change forms send their values to the new mount.
      if (html != null) recoverForms(root, () => replaceHtml(root, html));
    },

    disconnected() {
      view.connected = false;
      fail(() => true);
      limiter.cancel();
    },

    receive(reply) {
      const { r, a, e, h, v } = reply;
      const accept = h != null || (!resyncing && v === view.v + 1);
      if (!accept) resync();
      else {
        view.v = v;
        resyncing = false;
      }
      /** Refs this reply answers: all up to `a`, and `r`. */
      const answered = (ref: number) => ref <= a || ref === r;
      flag(log.rebase(
        x => x.ref > 0 && answered(x.ref),
        x => e != null && x.ref === r,
        () => {
          if (!accept) return;
          try {
            if (h != null) replaceHtml(root, h);
            applyOps(root, reply.o ?? []);
          } catch (x) {
            console.warn('lv: patch failed, resyncing', x);
            resync(true);
          }
        },
      ));
      const sent = inflight.get(r);
      if (e != null) {
        const handler = sent?.handler;
        console.warn(`lv: ${handler} failed: ${e}`);
        dispatch('lv:error', { handler, message: e, ref: r });
      } else {
        // An accepted submit: the form's fields take the server's render (e.g. a cleared input), even if focused.
        sent?.form?.reset();
      }
      for (const ref of inflight.keys()) if (answered(ref)) inflight.delete(ref);
      dispatch('lv:reply', reply);
    },
  };

  const onEvent = (ev: Event) => {
    const { type } = ev;
    const target = ev.target as Element;
    if (type === 'focusout') limiter.flush(target);
    const attr = bindingOf(type);
    const el = target.closest?.(`[${attr}]`);
    if (!el || el.closest(ROOT) !== root) return;
    const submit = type === 'submit';
    if (submit) {
      ev.preventDefault();
      limiter.cancel(x => el.contains(x));
    }
    const key = el.getAttribute('lv-key');
    if (!view.connected || (key && 'key' in ev && key !== (ev as KeyboardEvent).key)) return;
    const handler = el.getAttribute(attr)!;
    const meta = view.meta[handler] ?? {};
    limiter.submit(el, handler, meta, {
      handler,
      args: eventArgs(el, ev), // read before the prediction changes the DOM (e.g. disables the submitter)
      form: submit ? (el as HTMLFormElement) : undefined,
      entry: meta.o ? log.add(handler, predict(root, el, ev)) : undefined,
    });
  };
  for (const type of EVENTS) root.addEventListener(type, onEvent);
  return view;
}
