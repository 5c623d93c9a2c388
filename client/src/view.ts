import type { FlagErrors } from './error-flags';
import { eventArgs } from './form';
import type { Hook, Hooks } from './hooks';
import { doc, have, loc, LV_ERROR, need, type ModuleName, type Modules } from './loader';
import type { Entry, PendingLog } from './optimistic';
import { applyOps, replaceHtml, type Op } from './patch';
import {
  COMPONENT_EVENT, CONNECTED, CONNECTING, DISCONNECTED, EVENT, JOIN, MAIN, META, NODE, PATCH, PENDING_EVENTS, RESYNC, ROOT, TOKEN,
  type Captured, type ClientOptions, type Effects, type HandlerMeta, type JoinResult, type Reply,
} from './protocol';
import type { RateLimiter } from './rate-limit';
import type { Uploads } from './upload';

/** What a view needs from the connection (a SignalR `HubConnection` fits; tests pass a fake). */
export interface Transport {
  /** Fire-and-forget hub call; may return a promise that rejects when the message could not be sent. */
  send(method: string, ...args: unknown[]): unknown;
  /** Hub call with a result; rejects with the server's error (e.g. a `HubException` message). */
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
}

interface Outgoing {
  handler: string;
  args: Record<string, unknown>;
  /** The live component whose handler it is (else the view's). */
  cid?: string | null;
  /** A hook's `pushEvent`: settled with the reply, or with the error or loss. */
  done?: (reply: Reply | null, error?: string) => void;
  entry?: Entry;
  /** The submitted form: once the server accepts it without errors, its fields show the server's render. */
  form?: HTMLFormElement;
  /** What had focus when the form was submitted (focus returns there if the in-flight state took it away). */
  focus?: Element | null;
  /** When it entered the outbox (ms since epoch). */
  at?: number;
  /** A patch: the URL the view shows now (sent as `patch`, not as an event). */
  u?: string;
}

/** The DOM events bound by `lv-EVENT` attributes (focusin → `lv-focus`, focusout → `lv-blur`). */
const EVENTS = 'click change input submit keydown keyup focusin focusout'.split(' ');
const bindingOf = (type: string) => 'lv-' + ({ focusin: 'focus', focusout: 'blur' }[type] ?? type);

/** The pending log until the optimistic module arrives: no prediction was made, so there is nothing to undo or replay. */
const NO_LOG = { entries: [], coalesce: () => undefined, rebase: (_drop, _failed, server) => (server?.(), []) } as Omit<PendingLog, 'add'> as PendingLog;

/** The streams module when `ops` hold a stream op (7), which patch.ts applies through it. */
const streamed = (ops?: Op[]) => ops?.some(op => op[0] == 7) && 'streams';

/**
 * What a view's content shows it needs (loader.ts): a module, when the page's HTML, a join result or a reply, as
 * JSON, matches its pattern: an element it works on, or a handler's metadata (the view's, or a live component's
 * `data-lv-m`, whose quotes HTML writes `&quot;` and JSON `\"`). Content is tested, not the DOM: a reply's text is
 * what can add an element, and a query of the whole root per reply costs about 0.1 ms per module at 1,000 rows. A
 * module is fetched as soon as content shows it, and until it arrives the view's work waits in order.
 */
export const NEEDS: [ModuleName, RegExp][] = [
  ['components', /lv-hook|data-lv-c/],
  ['forms', /<form|"form"/],
  ['upload', /lv-upload/],
  ['optimistic', /lv-disable-with|o(&quot;|\\?"):\d/],
  ['rate-limit', /[dt](&quot;|\\?"):\d/],
  ['streams', /lv-stream/],
  // a live link or a flash: fetched ahead of the first click or flash (index.ts creates the navigator when needed)
  ['navigation', /lv-(patch|navigate|flash)/],
];

/**
 * What of a reply can add markup, for `NEEDS`: its full render, its components' patches, and its ops that carry content
 * (replace 0, insert 4, stream 7) or name an `lv-` attribute. A toggle-all's 2,000 class and `checked` ops are none.
 */
const added = ({ h, c, o }: Reply) => [h, c, o?.filter(op => op[0] % 4 == 0 || op[0] == 7 || /lv-/.test(op[2] as string))];

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
  /** True while joined; before the first join and while the connection is down, events wait in the outbox. */
  connected: boolean;
  /** The URL (path and query) a routed view (`data-lv-main`) shows; undefined for an embedded view. */
  url?: string;
  /** The pending optimistic entries (a stand-in without entries until the optimistic module arrives). */
  log: PendingLog;
  /**
   * Joins (or, after a reconnect, re-joins) the view with its `data-lv-token` (and a routed view with its `url`, so the
   * server runs `HandleParamsAsync` with what the user sees; a rejoin with the resume key of the last join, so a server
   * that still retains the instance re-attaches it and sends its full render), then sends the outbox in order. A fresh
   * mount that reports the page's HTML as unchanged (`h` null) after earlier patches gets the served HTML back.
   * Rejects with the server's error.
   */
  join(): Promise<void>;
  /** Takes a join result (of `join`, or of a live navigation that mounted this view): the view is live from now on. */
  attach(r: JoinResult): void;
  /** The routed view shows `url` now: the server runs `HandleParamsAsync` (queued like an event before the join). */
  patch(url: string): void;
  /** Sends now every event a debounce or throttle holds (before a navigation leaves the view). */
  flush(): void;
  /** The view was navigated away from: timers stop, events still unanswered are reverted and reported, its root leaves the page. */
  dispose(): void;
  /** Applies a `p` reply: one synchronous rebase (undo pending, apply the server's change, drop processed, replay). */
  receive(reply: Reply): void;
  /**
   * The connection is down: events sent but not answered are reverted, flagged and reported (never re-sent: the
   * server may have run them); queued and held events stay and go out after the next join.
   */
  disconnected(): void;
  /** Handles a DOM event as the root's listener does; `snap` = the values the inline capture read (a replayed event). */
  handle(ev: Event, snap?: Captured): void;
  /**
   * Set by the upload module when it attaches: a promise for a submitted form whose uploads are still running; the
   * submit (already predicted) is sent once it settles.
   */
  hold?: (form: Element) => Promise<unknown> | undefined;
}

/**
 * Binds a live view to `root`: delegated event listeners, optimistic predictions, debounce/throttle, an outbox,
 * refs and replies over `transport` (see {@link ClientOptions} for `options`). The root carries `lv-connecting`,
 * `lv-connected` or `lv-disconnected`, and `lv-pending` while any event is held, queued or in flight.
 * Dispatches on the root `lv:reply` (detail: the reply) after each reply is applied and `lv:error`
 * (detail: `{handler, message, ref}`) for an error reply and for every event that was lost (ref 0 if never sent).
 * Events inside a live component's root (`data-lv-c`) go to that component's handlers (`lv-target="SELECTOR"` names
 * the element whose component, or view, should get them instead). `hooks` are the client hooks by name (`lv-hook`).
 * `effects` receives the {@link Effects} of every join and reply (URL, navigation, flash), after its patch is applied.
 */
export function createView(
  root: HTMLElement, transport: Transport, { t: timeoutMs = 1e4, q: capacity = 100, a: maxAge = 6e4 }: ClientOptions = {},
  hookDefs: Record<string, Hook> = {}, effects: (x: Effects, view: View) => void = () => {},
): View {
  const initialHtml = root.innerHTML;
  // stand-ins until their modules arrive (install)
  let log = NO_LOG;
  let flag: FlagErrors = () => {};
  let hooks: Hooks | undefined;
  let limiter: RateLimiter<Outgoing> | undefined;
  let uploads: Uploads | undefined;
  const classes = root.classList;
  /** Sent events by ref, until their reply. */
  const inflight = new Map<number, Outgoing>();
  /** Events waiting for a join, in order. */
  const outbox: Outgoing[] = [];
  let expiry: ReturnType<typeof setTimeout>;
  let resyncing = false;
  let joined = false;
  /** The resume key of the instance the last join attached (docs/protocol.md, JoinResult `r`). */
  let key: string | undefined;
  /** Joins, replies, events and disconnects waiting, in order, for modules (with the modules each one needs itself). */
  const later: [work: () => void, modules: (ModuleName | false | undefined)[]][] = [];
  let waiting = false;
  /** The modules the view's content showed it needs (at its creation, each join and each reply). */
  const wanted = new Set<ModuleName>();

  const dispatch = (type: string, detail: unknown) => root.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  const lost = (out: Outgoing, message: string, ref = 0) => {
    out.done?.(null, message);
    dispatch(LV_ERROR, { 'handler': out.handler, message, ref }); // quoted: a public key, never mangled (client/build.mjs)
  };
  const push: Parameters<Modules['components']['createHooks']>[2] = (handler, args, cid, done) => inOrder(() => queue({ handler, args, cid, done }));
  const state = (name: string) => {
    classes.remove(CONNECTING, CONNECTED, DISCONNECTED);
    classes.add(name);
  };
  const busy = () => classes.toggle(PENDING_EVENTS, !!(outbox.length || inflight.size || limiter?.busy() || later.length));

  /** Reverts and flags the entries `which` selects (error, timeout, disconnect, send failure, outbox bound). */
  const fail = (which: (e: Entry) => boolean) => flag(log.rebase(which, () => true));

  /** `transport.send`, reporting a failure (sync throw or rejection) to `onLost`. */
  const post = (onLost: () => void, ...call: [string, ...unknown[]]) => {
    try {
      Promise.resolve(transport.send(...call)).catch(onLost);
    } catch {
      onLost();
    }
  };

  /** Asks for a full render; after a failed patch (`force`) as a node list, since HTML can parse into the same wrong DOM. */
  const resync = (force?: boolean) => {
    if (resyncing && !force) return;
    resyncing = true;
    post(() => {}, RESYNC, view.id, !!force); // if it cannot be sent, the connection is down: the rejoin re-renders
  };

  const sendEvent = (out: Outgoing) => {
    const { entry } = out;
    const ref = ++view.ref;
    inflight.set(ref, out);
    if (entry && log.entries.includes(entry)) {
      entry.ref = ref;
      entry.timer = setTimeout(() => fail(x => x === entry), timeoutMs);
    }
    const onLost = () => fail(x => x.ref === ref);
    if (out.u != null) post(onLost, PATCH, view.id, ref, out.u);
    else if (out.cid) post(onLost, COMPONENT_EVENT, view.id, ref, out.cid, out.handler, out.args);
    else post(onLost, EVENT, view.id, ref, out.handler, out.args);
  };

  /** Drops what exceeds the outbox's bounds (oldest first): reverted, flagged, reported; re-arms the age check. */
  const trim = () => {
    clearTimeout(expiry);
    for (let out; (out = outbox[0]) && (outbox.length > capacity || Date.now() - out.at! >= maxAge);) {
      outbox.shift();
      if (out.entry) fail(x => x === out.entry);
      lost(out, 'Not sent: the server could not be reached in time.');
    }
    if (outbox[0]) expiry = setTimeout(trim, outbox[0].at! + maxAge - Date.now());
    busy();
  };

  const queue = (out: Outgoing) => {
    if (view.connected) sendEvent(out);
    else outbox.push({ ...out, at: Date.now() });
    trim();
  };

  /** Creates what the modules that have arrived provide (once each); new hooks mount at once. */
  const install = () => {
    const o = have('optimistic'), r = have('rate-limit'), h = have('components'), u = have('upload');
    if (o && log == NO_LOG) (view.log = log = o.createPendingLog(root)), (flag = o.createErrorFlags(root));
    limiter ??= r?.createRateLimiter<Outgoing>(
      queue,
      (held, next) => ({ ...next, entry: log.coalesce(held.entry, next.entry) }),
      p => p.entry && log.rebase(e => e === p.entry),
    );
    if (h && !hooks) (hooks = h.createHooks(root, hookDefs, push)).scan();
    uploads ??= u?.attachUploads(view, transport); // it sets view.hold
  };

  /** Adds the modules `content` (made JSON) shows a need of to `wanted`. */
  const scan = (content: unknown) => {
    const text = JSON.stringify(content);
    for (const [name, pattern] of NEEDS) if (!have(name) && pattern.test(text)) wanted.add(name);
  };

  /** Runs the waiting work in order; stops at the first that needs a module not there yet, loading it (and what the DOM wants). */
  const pump = () => {
    while (!waiting) {
      const item = later[0];
      const missing = [...wanted, ...(item?.[1] ?? [])].filter(n => n && !have(n)) as ModuleName[];
      if (missing.length) {
        waiting = true;
        void Promise.all(missing.map(need)).then(() => {
          install(); // still waiting: what a module does as it attaches (the upload module's change events) queues behind
          waiting = false;
          pump();
        });
        break;
      }
      if (!item) break;
      later.shift();
      item[0]();
    }
    busy();
  };

  /** Runs `work` now, or after the work before it, once the modules the view waits for (and `modules`) have arrived. */
  const inOrder = (work: () => void, ...modules: (ModuleName | false | undefined)[]) => {
    later.push([work, modules]);
    pump();
  };

  const view: View = {
    root, id: '', v: 0, ref: 0, connected: false, log,
    // known from the page, so events before the join are predicted, debounced and throttled as after it
    meta: JSON.parse(root.getAttribute(META) || '{}'),
    url: root.hasAttribute(MAIN) ? loc.pathname + loc.search : undefined,

    async join() {
      const t = root.getAttribute(TOKEN), { url } = view;
      view.attach(await transport.invoke<JoinResult>(JOIN, url == null && !key ? t : { t, u: url, r: key }));
    },

    attach(r) {
      view.id = r.id; // at once: the connection routes the view's replies by it (they wait behind this)
      inOrder(() => {
        const html = r.h ?? (joined && root.innerHTML !== initialHtml ? initialHtml : null);
        const rejoin = joined;
        view.v = r.v;
        key = r.r;
        view.meta = r.m ?? {};
        view.connected = joined = true;
        resyncing = false;
        if (r.n) root.setAttribute(NODE, r.n);
        state(CONNECTED);
        // Queued predictions are undone around the new render and replayed on it; recovered lv-change forms send
        // their values to the new mount, ahead of the outbox.
        const forms = have('forms');
        const render = () => replaceHtml(root, html!);
        if (html != null) log.rebase(() => false, undefined, () => (forms ? forms.recoverForms(root, render) : render()));
        if (r.o) applyOps(root, r.o);
        hooks?.scan();
        if (rejoin) hooks?.each('reconnected');
        // queued patches are done: the join ran HandleParamsAsync with the URL the view shows now
        for (const out of outbox.splice(0)) if (out.u == null) sendEvent(out);
        trim();
        uploads?.joined();
        scan(r);
        if (r.s) effects(r.s, view);
      }, !!r.s && 'navigation', streamed(r.o));
    },

    patch(url) {
      view.url = url;
      inOrder(() => queue({ handler: 'patch', args: {}, u: url }));
    },

    flush: () => limiter?.flush(),

    dispose() {
      later.length = 0; // what still waits for a module belongs to the view left
      limiter?.cancel();
      clearTimeout(expiry);
      disconnected(); // while on the page, so the document hears what is reported
      root.remove();
      root.replaceChildren();
      hooks?.scan(); // its hooks' elements are gone: destroyed
    },

    disconnected: () => inOrder(disconnected),

    receive: reply => inOrder(() => receive(reply), !!reply.s && 'navigation', !!reply.c && 'components', streamed(reply.o)),

    handle(ev, snap) {
      const target = ev.target as Element;
      // an event in a form waits for the forms module (its touched fields, its lv-change)
      const module = !!target.closest?.('form') && 'forms';
      if (waiting || (module && !have(module))) {
        // kept with the values of this moment, as the inline capture keeps the events before the client loaded
        const el = target.closest?.(`[${bindingOf(ev.type)}]`) as HTMLInputElement | null;
        const submit = ev.type == 'submit' && el?.closest(ROOT) == root && el.nodeName == 'FORM';
        if (submit) ev.preventDefault();
        snap ??= [ev, el?.value, el?.checked, submit && [...new FormData(el as unknown as HTMLFormElement, (ev as SubmitEvent).submitter)]];
      }
      inOrder(() => handle(ev, snap), module);
    },
  };

  function disconnected() {
    view.connected = false;
    if (joined) state(DISCONNECTED); // before the first join the root stays lv-connecting
    // an unanswered patch is not lost: the rejoin runs HandleParamsAsync with the view's URL
    for (const [ref, out] of inflight) out.u ?? lost(out, 'The connection was lost before the server answered.', ref);
    inflight.clear();
    fail(x => x.ref > 0);
    hooks?.each('disconnected');
    uploads?.down();
    busy();
  }

  function receive(reply: Reply) {
    const { r, a = r, e, h, v } = reply;
    const full = h != null;
    const accept = full || (!resyncing && v === view.v + 1);
    if (!accept) resync();
    else {
      view.v = v;
      resyncing = false;
    }
    const failed = (x: Entry) => e != null && x.ref === r;
    /** Refs this reply answers: all up to `a`, and `r`. */
    const answered = (x: Entry) => x.ref > 0 && (x.ref <= a || x.ref === r);
    // While a resync is pending the server's effects are not shown yet: confirmed predictions stay until it lands.
    if (!accept) for (const x of log.entries) if (answered(x)) x.done = true;
    flag(log.rebase(
      x => failed(x) || (accept && (answered(x) || !!x.done)),
      failed,
      accept ? () => {
        try {
          if (full) replaceHtml(root, h);
          applyOps(root, reply.o ?? [], root, hooks?.touch);
          if (reply.c) have('components')!.patchComponents(root, reply.c, (ops, base) => applyOps(root, ops, base, hooks?.touch)); // it waited for the module
        } catch (x) {
          console.warn('lv: patch failed, resyncing', x);
          resync(true);
        }
        hooks?.done();
      } : undefined,
    ));
    for (const [name, payload] of reply.x ?? []) hooks?.emit(name, payload);
    const sent = inflight.get(r);
    if (e != null) {
      console.warn(`lv: ${sent?.handler} failed: ${e}`);
      if (sent) lost(sent, e, r);
    } else sent?.done?.(reply);
    if (sent?.form) have('forms')!.settleForm(sent.form, e, sent.focus); // a submit: it waited for the forms module
    for (const ref of inflight.keys()) if (ref <= a || ref === r) inflight.delete(ref);
    busy();
    scan(added(reply)); // the patch may have brought what needs a module (an lv-hook, a form, a component's optimistic handler)
    if (reply.s) effects(reply.s, view); // even before a resync: a navigation or flash does not wait for the DOM
    dispatch('lv:reply', reply);
  }

  function handle(ev: Event, snap?: Captured) {
    const { type } = ev;
    const target = ev.target as Element;
    if (type === 'focusout') limiter?.flush(target);
    let attr = bindingOf(type);
    let el = target.closest?.(`[${attr}]`);
    const forms = have('forms');
    const form = root.contains(target) && forms?.touchField(type, target);
    // a form's lv-change also answers typing in it and the first blur of a field (so that field's errors show)
    if (!el && form) (el = form), (attr = 'lv-change');
    if (!el || el.closest(ROOT) !== root) return;
    const submit = type === 'submit';
    if (submit) {
      ev.preventDefault(); // connected or not: a lv-submit form never submits natively
      limiter?.cancel(x => el.contains(x));
    }
    const key = el.getAttribute('lv-key');
    if (key && 'key' in ev && key !== (ev as KeyboardEvent).key) return;
    const handler = el.getAttribute(attr)!;
    const aim = el.getAttribute('lv-target');
    // without the components module the view shows no component (it would have waited for it)
    const c = have('components');
    const cid = c?.componentOf(root, aim ? root.querySelector(aim) : el);
    const meta = (cid ? c!.componentMeta(root, cid) : view.meta)[handler] ?? {};
    let args;
    try {
      // read before the prediction changes the DOM (e.g. disables the submitter); a form's event waited for the forms module
      args = eventArgs(el, ev, snap, forms?.formFields);
      if (el.nodeName === 'FORM') args[''] = forms!.formMeta(el);
    } catch (x) {
      console.error(x);
      return lost({ handler, args: {} }, (x as Error).message);
    }
    const o = have('optimistic');
    const ops = !o ? [] : meta.o ? o.predict(root, el, ev) : o.disableWith(root, el, ev);
    const out: Outgoing = {
      handler, cid, args, focus: doc.activeElement,
      form: submit ? (el as HTMLFormElement) : undefined,
      entry: ops.length ? log.add(ops) : undefined,
    };
    const go = () => (limiter ? limiter.submit(el, handler, meta, out) : queue(out));
    const wait = submit && view.hold?.(el);
    wait ? wait.then(go) : go();
    busy();
  }

  for (const type of EVENTS) root.addEventListener(type, ev => view.handle(ev));
  if (!joined) classes.add(CONNECTING);
  install();
  scan([initialHtml, view.meta]);
  pump();
  return view;
}
