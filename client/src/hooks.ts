import { componentOf } from './components';
import type { Reply } from './protocol';

/** What a hook's methods see as `this` (beside the hook's own members). */
export interface HookContext {
  /** The element carrying `lv-hook="Name"`. */
  readonly el: HTMLElement;
  /**
   * Sends an event to `handler` of the view (or of the live component the element is in), with `payload` as its
   * arguments, through the same pipeline as DOM events (queued while disconnected). Resolves with the reply;
   * rejects with the server's error message (or when the event was lost).
   */
  pushEvent(handler: string, payload?: Record<string, unknown>): Promise<Reply>;
  /** Calls `callback(payload)` for every event the server pushes with `PushEvent(name, payload)`, until the hook is destroyed. */
  handleEvent(name: string, callback: (payload: any) => void): void;
}

/**
 * A client hook, registered by name before the client connects (`window.LiveView = { hooks: { Name: {…} } }`, or
 * `LiveView.hooks.Name = {…}` before the view joins) and bound to elements with `lv-hook="Name"`. Every callback is
 * optional and runs with `this` = the hook instance (the definition's members plus {@link HookContext}).
 * - `mounted`: the element is in the page (after the client started, or after a patch inserted it);
 * - `beforeUpdate` / `updated`: around a patch that changes the element or its content;
 * - `destroyed`: a patch removed it; `disconnected` / `reconnected`: the connection went down / the view rejoined.
 * Give the part of the element the hook draws in `lv-ignore` (and an id): patches never touch its children.
 */
export interface Hook {
  mounted?(this: HookContext & Hook): void;
  beforeUpdate?(this: HookContext & Hook): void;
  updated?(this: HookContext & Hook): void;
  destroyed?(this: HookContext & Hook): void;
  disconnected?(this: HookContext & Hook): void;
  reconnected?(this: HookContext & Hook): void;
  [member: string]: unknown;
}

type Instance = HookContext & Hook;

/** The hooks of one view root (see `createHooks`). */
export interface Hooks {
  /** Mounts hooks of new `lv-hook` elements and destroys those whose element left the page. */
  scan(): void;
  /** A patch is about to change `node`: its hook (if any) gets `beforeUpdate` once per patch. */
  touch(node: Node | null): void;
  /** The patch is applied: `updated` for the hooks it touched, then a scan. */
  done(): void;
  /** Delivers a pushed event to the handlers registered with `handleEvent`. */
  emit(name: string, payload: unknown): void;
  /** Calls `disconnected` or `reconnected` on every mounted hook. */
  each(name: 'disconnected' | 'reconnected'): void;
}

/**
 * The hooks of the view under `root`, looked up by name in `defs` (which may gain entries later: unknown names are
 * retried at each scan). `push` sends a hook's `pushEvent` (to the live component its element is in, `cid`, else the
 * view) and calls `done` with the reply, or with null and the error (or the loss). A hook callback that throws is
 * logged, never breaks a patch.
 */
export function createHooks(
  root: Element, defs: Record<string, Hook>,
  push: (handler: string, payload: Record<string, unknown>, cid: string | null, done: (reply: Reply | null, error?: string) => void) => void,
): Hooks {
  const live = new Map<Element, Instance>();
  const touched = new Set<Element>();
  let handlers: [string, (payload: unknown) => void, Instance][] = [];
  const call = (hook: Instance, name: string) => {
    try {
      (hook[name] as (() => void) | undefined)?.call(hook);
    } catch (x) {
      console.error(`lv-hook ${name}`, x);
    }
  };
  const hooks: Hooks = {
    scan() {
      for (const [el, hook] of live) {
        if (root.contains(el)) continue;
        live.delete(el);
        handlers = handlers.filter(h => h[2] !== hook);
        call(hook, 'destroyed');
      }
      for (const el of root.querySelectorAll<HTMLElement>('[lv-hook]')) {
        const def = defs[el.getAttribute('lv-hook')!];
        if (!def || live.has(el)) continue;
        const hook: Instance = Object.assign(Object.create(def), {
          el,
          pushEvent: (handler: string, payload = {}) => new Promise((resolve, reject) =>
            push(handler, payload, componentOf(root, el), (r, e) => (r ? resolve(r) : reject(new Error(e))))),
          handleEvent: (name: string, callback: (p: unknown) => void) => handlers.push([name, callback, hook]),
        });
        live.set(el, hook);
        call(hook, 'mounted');
      }
    },
    touch(node) {
      const el = (node?.nodeType === 1 ? node as Element : node?.parentElement)?.closest('[lv-hook]');
      if (el && live.has(el) && !touched.has(el)) {
        touched.add(el);
        call(live.get(el)!, 'beforeUpdate');
      }
    },
    done() {
      for (const el of touched) if (el.isConnected && live.has(el)) call(live.get(el)!, 'updated');
      touched.clear();
      hooks.scan();
    },
    emit(name, payload) {
      for (const [n, callback] of handlers) if (n === name) callback(payload);
    },
    each(name) {
      for (const hook of live.values()) call(hook, name);
    },
  };
  return hooks;
}
