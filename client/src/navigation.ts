import type { Connection } from './connection';
import { liveLink } from './live-link';
import type { Content } from './patch';
import { FLASH_COOKIE, NAVIGATE, NAVIGATED, NAVIGATING, ROOT, type Effects, type JoinResult, type NavigationResult } from './protocol';
import type { View } from './view';

/** Live navigation of a page (see `createNavigator`). */
export interface Navigator {
  /**
   * Navigates live to `url`: the view of that URL mounts over the same connection in place of the main view (or the
   * page loads, when the server says so). `how`: falsy = a new history entry, `1` = replace it, `2` = back/forward (the
   * entry exists). `flash`/`signed`: a flash for the target page (signed: for a page load).
   */
  navigate(url: string, how?: number, flash?: Effects['f'], signed?: string): void;
  /** The browser shows another URL of the main view (`replace`: no new history entry); `HandleParamsAsync` runs. */
  patch(url: string, replace?: boolean): void;
  /** Handles a click on `<a lv-patch>` / `<a lv-navigate>` (`replay`: a click the inline capture or the core kept). */
  click(ev: Event, replay?: boolean): void;
  /** The browser went back or forward to a history entry with `state`: patch, or navigate. */
  popped(state: { lv?: string; y?: number } | null): void;
  /**
   * Handles an event the core kept while this module loaded, as its own listeners would have: a live link's click
   * (already prevented), a `popstate`, an `lv:error`.
   */
  replay(ev: Event): void;
  /** The effects of a join or reply of `view` (see {@link Effects}). */
  effects(x: Effects, view: View): void;
  /** Every view (re)joined: a navigation made meanwhile goes out now. */
  joined(): void;
  /** A join was refused for good (e.g. an expired token): load the page being navigated to, else reload. */
  reload(): void;
}

/** How a navigation treats the history: a new entry, replace the current one, or back/forward (the entry exists). */
const PUSH = 0, REPLACE = 1, POP = 2;

// Short local names for the globals used throughout (a minifier cannot rename globals).
const doc = document, hist = history, loc = location;

const local = (url: string) => {
  const u = new URL(url, loc.href);
  return u.pathname + u.search;
};

/**
 * Live navigation over `connection` (the idea of Phoenix LiveView's `push_patch`/`push_navigate`): `<a lv-patch>` links
 * change the URL of the main view (`data-lv-main`) and the server runs its `HandleParamsAsync`; `<a lv-navigate>` links
 * (in views or in the layout) mount the next view in its place and swap it in when it is ready (`make` binds the new
 * root, which `build` makes from the root's opening tag and its content). The last navigation wins: the answer of an older one is dropped. A navigation made before the join or while the
 * connection is down waits and is sent once the views have (re)joined; one sent but unanswered is sent again after a
 * reconnect (it changes nothing on the server until it is answered). Back and forward patch or navigate; each history
 * entry keeps its scroll position; after a navigation `document.title` (with the `<title>`'s `data-prefix`/`data-suffix`),
 * the `aria-current` of links outside the views and the flash (`[data-lv-flash]`) follow, and focus moves to the new
 * view's first `h1`. While a navigation is on its way `<html>` carries `lv-navigating`; one unanswered for `timeoutMs`
 * while connected loads the page. `go` loads a page (`replace`: in place of the current entry).
 */
export function createNavigator(
  { hub, views, byId }: Connection, make: (root: HTMLElement) => View, build: (tag: string, content: Content) => HTMLElement, timeoutMs = 1e4,
  go = (url: string, replace?: boolean) => loc[replace ? 'replace' : 'assign'](url),
): Navigator {
  const classes = doc.documentElement.classList;
  const main = () => views.find(v => v.url != null);
  let seq = 0;
  let timer: ReturnType<typeof setTimeout>, saving: ReturnType<typeof setTimeout>;
  let pending: { s: number; u: string; how?: number; f?: Effects['f']; c?: string } | undefined;

  const box = () => doc.querySelector<HTMLElement>('[data-lv-flash]');
  /** An `lv:error` shows as an error flash where the flash element asks for them (`data-lv-errors`). */
  const shown = (ev: Event) => box()?.hasAttribute('data-lv-errors') && flash(['error', (ev as CustomEvent).detail.message]);
  /** Shows a flash, or hides the current one. */
  const flash = (f?: Effects['f']) => {
    const b = box();
    if (!b) return;
    b.hidden = !f;
    if (f) [b.dataset.kind, b.firstElementChild!.textContent] = f;
  };
  /** The current entry remembers its view and scroll position (no write at load: a history write is a navigation to tools). */
  const save = () => hist.replaceState({ ...hist.state, y: scrollY, lv: main()?.root.id }, '');
  const load = (url: string, how?: number, signed?: string) => {
    if (signed) doc.cookie = `${FLASH_COOKIE}=${signed};path=/;max-age=60;samesite=lax`;
    go(url, !!how);
  };

  /**
   * `view` shows `url` now: history (a new entry, or this one), `aria-current` of the layout's links; the flash is
   * spent. Before a new entry, the one left must have been saved (before the DOM changed).
   */
  const commit = (url: string, how: number | undefined, view: View) => {
    clearTimeout(saving);
    hist[how ? 'replaceState' : 'pushState']({ ...(how && hist.state), lv: view.root.id }, '', url);
    view.url = local(url);
    for (const a of doc.querySelectorAll<HTMLAnchorElement>('a[aria-current]'))
      if (!a.closest(ROOT)) a.setAttribute('aria-current', a.pathname == loc.pathname && (!a.search || a.search == loc.search) ? 'page' : 'false');
    flash();
  };

  const send = () => {
    const p = pending;
    if (!p || !main()?.connected) return;
    clearTimeout(timer);
    timer = setTimeout(() => main()?.connected && pending == p && load(p.u, p.how, p.c), timeoutMs);
    Promise.resolve(hub.send(NAVIGATE, p.s, local(p.u))).catch(() => {}); // not sent: the rejoin sends it
  };

  const nav: Navigator = {
    navigate(url, how, f, c) {
      const m = main();
      if (!m) return load(url, how, c);
      m.flush(); // what a debounce or throttle holds belongs to the view being left: it goes first
      // a link to the URL shown replaces the entry, as a browser does
      pending = { s: ++seq, u: url, how: how || (local(url) == m.url ? REPLACE : PUSH), f, c };
      classes.add(NAVIGATING);
      send();
    },

    patch(url, replace) {
      const m = main();
      if (!m || pending) return nav.navigate(url, replace ? REPLACE : PUSH); // a navigation is on its way: this one wins
      if (local(url) == m.url) return;
      if (!replace) save();
      commit(url, replace ? REPLACE : PUSH, m);
      m.patch(m.url!);
    },

    click(ev, replay) {
      const a = liveLink(ev, replay);
      if (!a) return;
      ev.preventDefault();
      a.hasAttribute('lv-patch') ? nav.patch(a.href) : nav.navigate(a.href);
    },

    popped(st) {
      const m = main();
      clearTimeout(saving); // the entry it was meant for is not the current one any more
      if (!m) return;
      if (local(loc.href) == m.url && !pending) return; // only the fragment changed
      if (st?.lv == m.root.id && !pending) {
        commit(loc.href, REPLACE, m);
        m.patch(m.url!);
        scrollTo(0, st.y ?? 0);
      } else nav.navigate(loc.href, POP);
    },

    replay: ev => (ev.type == 'click' ? nav.click(ev, true) : ev.type == 'popstate' ? nav.popped((ev as PopStateEvent).state) : shown(ev)),

    effects(x, view) {
      if (x.u != null && view.url != null) {
        if (!x.r) save();
        commit(x.u, x.r, view);
      }
      if (x.g != null) nav.navigate(x.g, x.r, x.f, x.c);
      else if (x.l != null) load(x.l, 0, x.c);
      else if (x.f) flash(x.f);
    },

    joined: send,

    reload: () => (pending ? load(pending.u, pending.how, pending.c) : go(loc.href, true)),
  };

  hub.on(NAVIGATED, (s: number, r: NavigationResult) => {
    const p = pending, old = main();
    if (!p || s != p.s || !old) return; // superseded by a newer navigation
    pending = undefined;
    clearTimeout(timer);
    classes.remove(NAVIGATING);
    if (r.l != null) return load(r.l, p.how, p.c);
    if (!p.how) save(); // the entry left keeps its view and scroll position, read before its content goes
    const root = build(r.k!, r.h!); // HTML or a node list, as a join's
    old.root.before(root);
    const view = make(root); // in the page, so its hooks mount there
    commit(r.u! + new URL(p.u, loc.href).hash, p.how, view);
    old.dispose(); // what it still awaits was refused: reverted and reported; then it leaves the page
    byId.delete(old.id);
    views[views.indexOf(old)] = view;
    const title = doc.querySelector('title')?.dataset;
    doc.title = (title?.prefix ?? '') + r.t + (title?.suffix ?? '');
    flash(p.f);
    view.attach({ ...r, h: null } as JoinResult); // its content is in the page already
    byId.set(view.id, view);
    const to = p.how == POP ? hist.state?.y : 0;
    const target = loc.hash && doc.getElementById(decodeURIComponent(loc.hash.slice(1)));
    target && !to ? target.scrollIntoView() : scrollTo(0, to ?? 0);
    const h = root.querySelector('h1') ?? root;
    if (!h.hasAttribute('tabindex')) h.tabIndex = -1; // focusable for screen readers, not in the tab order
    h.focus({ preventScroll: true });
  });

  addEventListener('popstate', ev => nav.popped(ev.state));
  // The current entry keeps its scroll position (for forward after back, a reload, a return from another page).
  addEventListener('scroll', () => {
    clearTimeout(saving);
    saving = setTimeout(save, 150);
  });
  addEventListener('beforeunload', () => save());
  doc.addEventListener('click', ev => nav.click(ev));
  doc.addEventListener('lv:error', shown);

  hist.scrollRestoration = 'manual'; // each entry's position is restored by hand, once its view is there
  if (main() && hist.state?.y) scrollTo(0, hist.state.y); // a reload, or back to this page from another one
  doc.cookie = `${FLASH_COOKIE}=;path=/;max-age=0`; // a carried flash is shown by the page that read it
  return nav;
}
