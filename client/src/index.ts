import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { createConnection, type Connection } from './connection';
import type { Hook } from './hooks';
import { LIVE_LINK, liveLink } from './live-link';
import { have, need, type Modules, doc, LV_ERROR } from './loader';
import type { Navigator } from './navigation';
import { parseHtml, replaceHtml } from './patch';
import { ROOT, type PageState } from './protocol';
import { createView, type View } from './view';

export type { Hook, HookContext } from './hooks';

/**
 * `window.LiveView`: the client hooks by name (set `window.LiveView = { hooks: {…} }` before the client script, or add
 * to `LiveView.hooks` before the views join), and, once running, the connection and the views (for tests and debugging).
 */
export interface LiveViewApi {
  hooks: Record<string, Hook>;
  connection?: Connection;
  views?: View[];
  /** Navigates live to a URL (see `Navigator.navigate`), e.g. from an app's own script (once the navigation module is there). */
  navigate?: Navigator['navigate'];
  /** The lazily loaded modules that have arrived, by name (internal: see loader.ts). */
  m?: Partial<Modules>;
}

declare global {
  interface Window {
    LiveView?: LiveViewApi;
    /** Written by the server before the first root: the client options and the inline capture's queue. */
    __lv?: PageState;
  }
}

// A short local name for the global used throughout (a minifier cannot rename globals).

function boot(api: LiveViewApi): void {
  const roots = doc.querySelectorAll<HTMLElement>(ROOT);
  const page = (window.__lv ??= {});
  page.off = 1; // the views listen from now on
  if (!roots.length) return;
  // the log level as a literal (LogLevel.Warning): no enum lookup in our code
  const hub = new HubConnectionBuilder().withUrl('/_lv/hub').configureLogging(3 satisfies LogLevel.Warning).build();
  // Live navigation is a module of its own (loader.ts), fetched when the page has a live link or a flash, and otherwise
  // the first time something needs it: a reply's effects, a live link's click, a back or forward, an lv:error (for the
  // flash), LiveView.navigate, a refused join (reload). Until it runs, that waits in order, clicks prevented.
  let nav: Navigator | undefined;
  const navQueue: ((n: Navigator) => void)[] = [];
  const navigator = () => (nav ??= have('navigation')?.createNavigator(connection, make, build, page.c?.t));
  const withNav = (act: (n: Navigator) => void) => {
    if (navigator() && !navQueue.length) return act(nav!);
    navQueue.push(act);
    void need('navigation').then(() => navQueue.splice(0).forEach(a => a(navigator()!)));
  };
  /** A navigated view's root, made from its opening tag and its content. */
  const build = (tag: string, content: Parameters<typeof replaceHtml>[1]) => {
    const root = parseHtml(doc.body, tag + '</div>')[0] as HTMLElement;
    replaceHtml(root, content);
    return root;
  };
  const make = (root: HTMLElement) => createView(root, hub, page.c, api.hooks, (x, v) => withNav(n => n.effects(x, v)));
  const views = (api.views = [...roots].map(make));
  const connection = (api.connection = createConnection(hub, views, () => withNav(n => n.reload()), () => nav?.joined()));
  const replay = (ev: Event) => withNav(n => n.replay(ev));
  navigator(); // at once when the module is already there (the npm build)
  api.navigate = (...args) => withNav(n => n.navigate(...args));
  // until the module runs (it then listens itself)
  doc.addEventListener('click', ev => !nav && liveLink(ev) && (ev.preventDefault(), replay(ev)));
  addEventListener('popstate', ev => !nav && replay(ev));
  doc.addEventListener(LV_ERROR, ev => !nav && replay(ev));
  // fetched at once when the page shows a live link or a flash; a view fetches it when a reply adds one (view.ts, NEEDS)
  if (doc.querySelector(LIVE_LINK + ',[data-lv-flash]')) withNav(() => {});
  // What the user did before the client loaded, in order, with the values of that moment.
  for (const item of page.q?.splice(0) ?? []) {
    const [ev] = item;
    if ((ev.target as Element).closest(LIVE_LINK)) replay(ev);
    else views.find(v => v.root.contains(ev.target as Node))?.handle(ev, item);
  }
  void connection.run();
}

const api: LiveViewApi = (window.LiveView ??= { hooks: {} });
api.hooks ??= {};
// a second copy of the script on the page must not bind every event twice
if (!api.views) {
  api.views = [];
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', () => boot(api));
  else boot(api);
}
