/**
 * The wire protocol's names and message shapes (docs/protocol.md); the server's copy is
 * src/LiveViews/Protocol. Constants are inlined by the bundler.
 */

/** Hub invocation: mount the view named by a signed token; resolves to a {@link JoinResult}. */
export const JOIN = 'join';
/** Hub send: an event `(viewId, ref, handler, args)`, answered by a {@link REPLY}. */
export const EVENT = 'e';
/** Hub send: an event for a live component's handler `(viewId, ref, componentId, handler, args)`. */
export const COMPONENT_EVENT = 'c';
/** Hub send: ask for a full render after a version gap `(viewId)`. */
export const RESYNC = 'resync';
/** Hub invocation: upload preflight `(viewId, uploadName, entries)`; resolves to tokens per file (upload.ts). */
export const UPLOAD = 'u';
/** Request header of the chunk endpoint carrying an upload token. */
export const UPLOAD_TOKEN = 'LV-Upload-Token';

/** Server → client message `(viewId, reply)`. */
export const REPLY = 'p';
/** Hub send: the main view now shows another URL `(viewId, ref, url)`; runs `HandleParamsAsync`, answered by a {@link REPLY}. */
export const PATCH = 'patch';
/** Hub send: mount the view of a URL in place of the main view `(seq, url)`; answered by {@link NAVIGATED}. */
export const NAVIGATE = 'navigate';
/** Server → client message `(seq, NavigationResult)` answering the latest {@link NAVIGATE}. */
export const NAVIGATED = 'navigated';

/** Selector of a view root element. */
export const ROOT = '[data-lv-root]';
/** Root attribute holding the signed view token. */
export const TOKEN = 'data-lv-token';
/** Root attribute holding the view's handler metadata (JSON, as the join's `m`), for events before the join. */
export const META = 'data-lv-m';
/** Attribute of a live component's root element: the component's id (its events go to its handlers). */
export const COMPONENT = 'data-lv-c';
/** Root attribute naming the server the view lives on. */
export const NODE = 'data-lv-node';
/** Marks the root of the page's routed view (the one live navigation replaces). */
export const MAIN = 'data-lv-main';
/** Cookie that carries a flash, signed by the server, to the next page render when a navigation loads a page. */
export const FLASH_COOKIE = 'lv_flash';
/** Class of `<html>` while a live navigation is on its way. */
export const NAVIGATING = 'lv-navigating';

/** Root classes for the connection state: before the first join, joined, and connection down. */
export const CONNECTING = 'lv-connecting';
export const CONNECTED = 'lv-connected';
export const DISCONNECTED = 'lv-disconnected';
/** Root class while any event is held by a debounce/throttle, queued in the outbox or awaiting its reply. */
export const PENDING_EVENTS = 'lv-pending';

/** Per-handler metadata from `join`: `o` = optimistic, debounce `d` and max wait `w`, throttle `t`, all in ms. */
export interface HandlerMeta {
  o?: number;
  d?: number;
  w?: number;
  t?: number;
}

/**
 * Result of `join(token)`: the view id, its version, the root's inner HTML when it differs from what the page was
 * served with (else null; always the full render for a re-attached instance), handler metadata, the name of the server
 * that mounted it (`n`, when it has one) and the view's resume key (`r`).
 */
export interface JoinResult {
  id: string;
  v: number;
  h: import('./patch').Content | null;
  m: Record<string, HandlerMeta>;
  n?: string;
  s?: Effects;
  /** The resume key: a rejoin sends it back (`{ t, u?, r }`) to re-attach to this instance if the server still retains it. */
  r?: string;
  /** Ops after `h` (or on the page's DOM): stream containers reset to the mount's rows. */
  o?: import('./patch').Op[];
}

/**
 * What the client must do besides patching (`s` of a reply, join or navigation result): `u` = the view now shows this
 * URL (the server ran `HandleParamsAsync`): update the history; `g` = navigate live there; `r` = 1: replace the history
 * entry (with `u` or `g`); `l` = load this URL as a page; `f` = a flash `[kind, message]`; `c` = the flash signed, for
 * the flash cookie when `g` or `l` ends in a page load.
 */
export interface Effects {
  u?: string;
  g?: string;
  r?: number;
  l?: string;
  f?: [kind: string, message: string];
  c?: string;
}

/**
 * The answer to `navigate`: `l` = load this URL as a page; else the next view as a join result, with `k` = the opening
 * tag of its root element (carrying the token to rejoin with), `h` = its content, `t` = its page title and `u` = the URL
 * it shows.
 */
export interface NavigationResult extends Partial<Omit<JoinResult, 'h'>> {
  k?: string;
  h?: JoinResult['h'];
  t?: string;
  u?: string;
  l?: string;
}

/**
 * A `p` message: the answer to event `r` (0 = server push); `a` = highest processed ref; `v` = version (each reply
 * is the previous + 1); `o` = patch ops; `e` = error for event `r`; `h` = full inner HTML of the root; `c` = ops of
 * live components by id (paths from the component root's parent: the root is `[0]`), applied after `o`; `x` = events
 * pushed to client hooks, `[name, payload]`.
 */
export interface Reply {
  r: number;
  /** The highest ref the server has processed; left off when it equals `r`. */
  a?: number;
  v: number;
  o: import('./patch').Op[];
  e?: string;
  h?: import('./patch').Content;
  c?: Record<string, import('./patch').Op[]>;
  x?: [string, unknown][];
  s?: Effects;
}

/**
 * Client options the page carries (`window.__lv.c`, written by the server from `LiveViewOptions`): `t` = ms an
 * event waits for its reply before its optimistic changes are reverted (10000); `q` = outbox capacity in events (100);
 * `a` = ms an event may wait in the outbox (60000).
 */
export interface ClientOptions {
  t?: number;
  q?: number;
  a?: number;
}

/** What the inline capture records for an event before the client loaded: the event and the values at that moment. */
export type Captured = [ev: Event, value?: string, checked?: boolean, form?: [string, FormDataEntryValue][] | false];

/** `window.__lv`: the page's client options and the inline capture's queue (`off` once the client took over). */
export interface PageState {
  c?: ClientOptions;
  q?: Captured[];
  off?: number;
}
