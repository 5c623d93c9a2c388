import { afterEach, describe, expect, test, vi } from 'vitest';
import { createConnection } from '../src/connection';
import { createNavigator } from '../src/navigation';
import { parseHtml, replaceHtml, type Content } from '../src/patch';
import { NAVIGATING, type NavigationResult, type Reply } from '../src/protocol';
import { createView, type View } from '../src/view';

const last = <T>(items: T[]) => items[items.length - 1];

/** A user's click: cancelable, so the browser's own navigation can be prevented. */
const click = (el: Element) => el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));

// The navigator listens on window and document; each test removes what its navigator added.
const added: [EventTarget, string, EventListenerOrEventListenerObject][] = [];
for (const target of [window, document]) {
  const add = target.addEventListener.bind(target);
  target.addEventListener = (type: string, listener: any, options?: any) => {
    added.push([target, type, listener]);
    add(type, listener, options);
  };
}
afterEach(() => {
  for (const [target, type, listener] of added.splice(0)) target.removeEventListener(type, listener);
  vi.restoreAllMocks();
});

const LAYOUT = `
  <nav><a id="nav-todos" href="/todos" lv-navigate aria-current="page">To-dos</a>
       <a id="nav-other" href="/other" lv-navigate aria-current="false">Other</a>
       <a id="nav-home" href="/">Home</a></nav>
  <div aria-live="polite"><div id="flash" data-lv-flash data-lv-errors data-kind="info" hidden><span id="flash-text"></span><button>x</button></div></div>`;

const TAG = (id: string, token: string) => `<div id="${id}" data-lv-root data-lv-token="${token}" data-lv-main>`;
const ROOT = (id: string, token: string, html: string) => TAG(id, token) + html + '</div>';
/** A navigation result's new root: its opening tag and its content. */
const SHELL = (id: string, token: string, html: string) => ({ k: TAG(id, token), h: html });
const TODOS = '<h1>To-dos</h1><a id="done" href="?filter=done" lv-patch>Done</a><a id="all" href="/todos" lv-patch>All</a><button id="b" lv-click="Hit">b</button><p id="p">0</p>';

function fakeHub() {
  const handlers: Record<string, (...a: any[]) => void> = {};
  let close = () => {};
  const hub = {
    sent: [] as unknown[][],
    joins: [] as unknown[],
    down: false,
    async start() { if (hub.down) throw new Error('down'); },
    on(m: string, h: (...a: any[]) => void) { handlers[m] = h; },
    onclose(h: () => void) { close = h; },
    send(...args: unknown[]) {
      if (hub.down) return Promise.reject(new Error('not connected'));
      hub.sent.push(args);
      return Promise.resolve();
    },
    async invoke<T>(_m: string, request: unknown): Promise<T> {
      hub.joins.push(request);
      return { id: 'v' + hub.joins.length, v: 0, h: null, m: {} } as T;
    },
    navigated: (seq: number, r: NavigationResult) => handlers.navigated(seq, r),
    reply: (id: string, r: Partial<Reply>) => handlers.p(id, { r: 0, a: 0, o: [], ...r }),
    close: () => close(),
    /** The sends of hub method `name`, without it. */
    of: (name: string) => hub.sent.filter(s => s[0] === name).map(s => s.slice(1)),
  };
  return hub;
}

/** The demo-like page at `url`: a layout with live links and a flash, one main view; `run()` connects. */
function page(url = '/todos') {
  history.replaceState(null, '', url);
  document.head.innerHTML = '<title data-prefix="" data-suffix=" · Demo">To-dos · Demo</title>';
  document.body.innerHTML = LAYOUT + ROOT('lv-a', 'ta', TODOS);
  const hub = fakeHub();
  const views: View[] = [];
  let nav: ReturnType<typeof createNavigator>;
  const make = (root: HTMLElement) => createView(root, hub, {}, {}, (x, v) => nav.effects(x, v));
  views.push(make(document.querySelector<HTMLElement>('[data-lv-root]')!));
  const conn = createConnection(hub, views, () => nav.reload(), () => nav.joined());
  const load = vi.fn(); // page loads are watched instead of leaving the page
  // as the core builds a navigated view's root (index.ts)
  const build = (tag: string, content: Content) => {
    const root = parseHtml(document.body, tag + '</div>')[0] as HTMLElement;
    replaceHtml(root, content);
    return root;
  };
  nav = createNavigator(conn, make, build, 5000, load);
  return { hub, views, conn, nav, load, main: () => views[0], $: (s: string) => document.querySelector<HTMLElement>(s)! };
}

const OTHER: NavigationResult = { id: 'v9', v: 0, m: {}, ...SHELL('lv-b', 'tb', '<h1>Other</h1><p id="q">x</p>'), t: 'Other', u: '/other' };

describe('patches', () => {
  test('an lv-patch link pushes a history entry, keeps aria-current in step and sends a patch; nothing is reloaded', async () => {
    const { hub, conn, $ } = page();
    await conn.run();
    const entries = history.length;
    click($('#done'));
    expect(location.pathname + location.search).toBe('/todos?filter=done');
    expect(history.length).toBe(entries + 1);
    expect(hub.of('patch')).toEqual([['v1', 1, '/todos?filter=done']]);
    expect($('#nav-todos').getAttribute('aria-current')).toBe('page'); // its path still matches
    click($('#done')); // the URL it shows already: nothing to do
    expect(hub.of('patch')).toHaveLength(1);
    click($('#nav-home'));
    expect(hub.of('navigate')).toEqual([]); // a plain link is the browser's
  });

  test('before the join a patch changes the URL at once, and the join carries it (the queued patch is not sent again)', async () => {
    const { hub, conn, $ } = page();
    click($('#done'));
    expect(location.search).toBe('?filter=done');
    await conn.run();
    expect(hub.joins).toEqual([{ t: 'ta', u: '/todos?filter=done' }]);
    expect(hub.of('patch')).toEqual([]);
  });

  test('a patch the server made (PushPatch, ReplacePatch) updates the history: a new entry, or the same one', async () => {
    const { hub, conn, $ } = page();
    await conn.run();
    const entries = history.length;
    hub.reply('v1', { v: 1, s: { u: '/todos?filter=active' } });
    expect(location.search).toBe('?filter=active');
    expect(history.length).toBe(entries + 1);
    hub.reply('v1', { v: 2, s: { u: '/todos?filter=all', r: 1 } });
    expect(location.search).toBe('?filter=all');
    expect(history.length).toBe(entries + 1);
    expect($('#flash').hidden).toBe(true);
  });

  test('modified clicks, other targets, downloads and other origins are left to the browser', async () => {
    const { hub, conn, $ } = page();
    await conn.run();
    const link = $('#nav-other');
    // Runs after the navigator's listener: records what it left to the browser, then keeps the test page where it is.
    const prevented: boolean[] = [];
    document.addEventListener('click', e => { prevented.push(e.defaultPrevented); e.preventDefault(); });
    for (const init of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { button: 1 }])
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...init }));
    expect(prevented).toEqual([false, false, false, false]);
    link.setAttribute('target', '_blank');
    click(link);
    link.removeAttribute('target');
    link.setAttribute('download', '');
    click(link);
    link.removeAttribute('download');
    link.setAttribute('href', 'https://elsewhere.example/other');
    click(link);
    expect(hub.of('navigate')).toEqual([]);
  });
});

describe('navigations', () => {
  test('an lv-navigate link swaps in the next view when it is answered: history, title, aria-current, focus; no reload', async () => {
    const { hub, conn, views, $, load } = page();
    await conn.run();
    const entries = history.length;
    click($('#nav-other'));
    expect(hub.of('navigate')).toEqual([[1, '/other']]);
    expect(document.documentElement.classList.contains(NAVIGATING)).toBe(true);
    expect(location.pathname).toBe('/todos'); // the page being left stays until the next view is ready

    hub.navigated(1, OTHER);
    expect(document.documentElement.classList.contains(NAVIGATING)).toBe(false);
    expect(document.querySelectorAll('[data-lv-root]')).toHaveLength(1);
    expect(views[0].root.id).toBe('lv-b');
    expect(views[0].id).toBe('v9');
    expect(views[0].connected).toBe(true);
    expect(location.pathname).toBe('/other');
    expect(history.length).toBe(entries + 1);
    expect(history.state.lv).toBe('lv-b');
    expect(document.title).toBe('Other · Demo');
    expect($('#nav-other').getAttribute('aria-current')).toBe('page');
    expect($('#nav-todos').getAttribute('aria-current')).toBe('false');
    const h1 = $('[data-lv-root] h1');
    expect(document.activeElement).toBe(h1);
    expect(h1.getAttribute('tabindex')).toBe('-1');
    expect(load).not.toHaveBeenCalled();
  });

  test('replies of the view navigated away from are dropped; the next view takes replies and sends its events with its id', async () => {
    const { hub, conn, views, $ } = page();
    await conn.run();
    const old = views[0];
    click($('#nav-other'));
    hub.navigated(1, OTHER);
    hub.reply('v1', { v: 1, o: [[3, [0, 0], 'stale', 1]] });
    expect(document.body.textContent).not.toContain('stale');
    expect(old.root.isConnected).toBe(false);
    hub.reply('v9', { v: 1, o: [[3, [1, 0], 'fresh', 1]] });
    expect($('#q').textContent).toBe('fresh');
    views[0].root.insertAdjacentHTML('beforeend', '<button id="c" lv-click="C">c</button>');
    click($('#c'));
    expect(last(hub.of('e'))!.slice(0, 3)).toEqual(['v9', 1, 'C']);
  });

  test('the last navigation wins: the answer of one it superseded is dropped', async () => {
    const { hub, conn, views, $ } = page();
    await conn.run();
    click($('#nav-other'));
    click($('#nav-todos'));
    expect(hub.of('navigate')).toEqual([[1, '/other'], [2, '/todos']]);
    hub.navigated(1, OTHER);
    expect(views[0].root.id).toBe('lv-a');
    expect(document.documentElement.classList.contains(NAVIGATING)).toBe(true);
    hub.navigated(2, { ...OTHER, id: 'v10', ...SHELL('lv-c', 'tc', TODOS), t: 'To-dos', u: '/todos' });
    expect(views[0].root.id).toBe('lv-c');
    expect(document.documentElement.classList.contains(NAVIGATING)).toBe(false);
  });

  test('a patch while a navigation is on its way becomes a navigation (it is the newest wish)', async () => {
    const { hub, conn, $ } = page();
    await conn.run();
    click($('#nav-other'));
    click($('#done'));
    expect(hub.of('patch')).toEqual([]);
    expect(hub.of('navigate')).toEqual([[1, '/other'], [2, '/todos?filter=done']]);
  });

  test('what a debounce holds goes out before the navigation', async () => {
    const { hub, conn, $, main } = page();
    await conn.run();
    main().meta = { Hit: { d: 300 } };
    click($('#b'));
    expect(hub.of('e')).toEqual([]);
    click($('#nav-other'));
    expect(hub.sent.map(s => s[0])).toEqual(['e', 'navigate']);
  });

  test('before the join a navigation waits, then goes out after the outbox; across a reconnect it is sent again', async () => {
    vi.useFakeTimers();
    try {
      const { hub, conn, $ } = page();
      click($('#b'));
      click($('#nav-other'));
      expect(hub.sent).toEqual([]);
      await conn.run();
      expect(hub.sent.map(s => s[0])).toEqual(['e', 'navigate']);

      hub.down = true;
      hub.close(); // the connection drops before the answer
      await vi.advanceTimersByTimeAsync(10_000); // unanswered, but not connected: no page load meanwhile
      hub.down = false;
      await vi.advanceTimersByTimeAsync(6_000);
      expect(hub.of('navigate')).toEqual([[1, '/other'], [1, '/other']]);
      expect(last(hub.joins)).toEqual({ t: 'ta', u: '/todos' }); // the view it still shows rejoins first
      hub.navigated(1, OTHER);
      expect(location.pathname).toBe('/other');
    } finally {
      vi.useRealTimers();
    }
  });

  test('a navigation answered "load the page", unanswered while connected, or without a main view loads the page', async () => {
    vi.useFakeTimers();
    try {
      const { hub, conn, $, load } = page();
      await conn.run();
      click($('#nav-other'));
      hub.navigated(1, { l: '/other' });
      expect(load).toHaveBeenLastCalledWith('/other', false);
      click($('#nav-other'));
      await vi.advanceTimersByTimeAsync(5_000);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('back and forward', () => {
  test('within the view they patch with the entry\'s URL; to another view they navigate without a new entry, restoring its scroll', async () => {
    const { hub, conn, views, $ } = page();
    await conn.run();
    click($('#done'));
    history.back();
    await vi.waitFor(() => expect(location.search).toBe(''));
    expect(last(hub.of('patch'))).toEqual(['v1', 2, '/todos']);

    const scrolls: number[] = [];
    vi.spyOn(window, 'scrollTo').mockImplementation(((_x: number, y: number) => { scrolls.push(y); }) as unknown as typeof window.scrollTo);
    const y = vi.spyOn(window, 'scrollY', 'get').mockReturnValue(640); // scrolled down the to-dos
    click($('#nav-other'));
    hub.navigated(1, OTHER);
    expect(last(scrolls)).toBe(0); // a new page starts at the top
    y.mockReturnValue(0);
    history.back();
    await vi.waitFor(() => expect(last(hub.of('navigate'))).toEqual([2, '/todos']));
    const push = vi.spyOn(history, 'pushState');
    hub.navigated(2, { ...OTHER, id: 'v11', ...SHELL('lv-d', 'td', TODOS), t: 'To-dos', u: '/todos' });
    expect(views[0].root.id).toBe('lv-d');
    expect(push).not.toHaveBeenCalled(); // the entry exists: no new one
    expect(history.state.lv).toBe('lv-d'); // back and forward to this entry patch the new view from now on
    expect(last(scrolls)).toBe(640);
    expect(document.title).toBe('To-dos · Demo');
  });
});

describe('page loads', () => {
  test('a join refused for good loads the page being navigated to, else reloads', async () => {
    const { hub, conn, nav, $, load } = page();
    await conn.run();
    nav.reload();
    expect(load).toHaveBeenLastCalledWith(location.href, true);
    click($('#nav-other'));
    nav.reload();
    expect(load).toHaveBeenLastCalledWith(new URL('/other', location.href).href, false);
    expect(hub.of('navigate')).toHaveLength(1);
  });
});

describe('flash', () => {
  test('a flash shows at once, is spent by the next navigation, and one a navigating reply carries shows on the target', async () => {
    const { hub, conn, $ } = page();
    await conn.run();
    hub.reply('v1', { v: 1, s: { f: ['info', 'Cleared 2 completed'] } });
    expect($('#flash').hidden).toBe(false);
    expect($('#flash').dataset.kind).toBe('info');
    expect($('#flash-text').textContent).toBe('Cleared 2 completed');
    click($('#done'));
    expect($('#flash').hidden).toBe(true);

    hub.reply('v1', { v: 2, s: { g: '/other', f: ['info', 'Moved'], c: 'signed' } });
    expect($('#flash').hidden).toBe(true); // not on the page being left
    expect(hub.of('navigate')).toEqual([[1, '/other']]);
    hub.navigated(1, OTHER);
    expect($('#flash').hidden).toBe(false);
    expect($('#flash-text').textContent).toBe('Moved');
  });

  test('a flash carried to a page load travels in the flash cookie; a redirect loads the page', async () => {
    const { hub, conn, load } = page();
    await conn.run();
    hub.reply('v1', { v: 1, s: { l: '/login', f: ['error', 'Sign in first'], c: 'c1' } });
    expect(load).toHaveBeenLastCalledWith('/login', false);
    expect(document.cookie).toContain('lv_flash=c1');
    hub.reply('v1', { v: 2, s: { g: '/x/other', f: ['info', 'Moved'], c: 'c2' } });
    hub.navigated(1, { l: '/x/other' });
    expect(load).toHaveBeenLastCalledWith('/x/other', false);
    expect(document.cookie).toContain('lv_flash=c2');
  });

  test('lv:error messages show as error flashes where the flash element asks for them', async () => {
    const { conn, $ } = page();
    await conn.run();
    $('#b').dispatchEvent(new CustomEvent('lv:error', { bubbles: true, detail: { message: 'Count cannot be negative' } }));
    expect($('#flash').dataset.kind).toBe('error');
    expect($('#flash-text').textContent).toBe('Count cannot be negative');
  });
});
