import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { createConnection, type Connection } from './connection';
import type { Hook } from './hooks';
import { createNavigator, type Navigator } from './navigation';
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
  /** Navigates live to a URL (see `Navigator.navigate`), e.g. from an app's own script. */
  navigate?: Navigator['navigate'];
}

declare global {
  interface Window {
    LiveView?: LiveViewApi;
    /** Written by the server before the first root: the client options and the inline capture's queue. */
    __lv?: PageState;
  }
}

function boot(api: LiveViewApi): void {
  const roots = document.querySelectorAll<HTMLElement>(ROOT);
  const page = (window.__lv ??= {});
  page.off = 1; // the views listen from now on
  if (!roots.length) return;
  // the log level as a literal (LogLevel.Warning): no enum lookup in our code
  const hub = new HubConnectionBuilder().withUrl('/_lv/hub').configureLogging(3 satisfies LogLevel.Warning).build();
  let nav: Navigator;
  const make = (root: HTMLElement) => createView(root, hub, page.c, api.hooks, (x, v) => nav.effects(x, v));
  const views = (api.views = [...roots].map(make));
  const connection = (api.connection = createConnection(hub, views, () => nav.reload(), () => nav.joined()));
  nav = createNavigator(connection, make, page.c?.t);
  api.navigate = nav.navigate;
  // What the user did before the client loaded, in order, with the values of that moment.
  for (const item of page.q?.splice(0) ?? []) {
    const [ev] = item;
    if ((ev.target as Element).closest('a[lv-patch],a[lv-navigate]')) nav.click(ev, true);
    else views.find(v => v.root.contains(ev.target as Node))?.handle(ev, item);
  }
  void connection.run();
}

const api: LiveViewApi = (window.LiveView ??= { hooks: {} });
api.hooks ??= {};
// a second copy of the script on the page must not bind every event twice
if (!api.views) {
  api.views = [];
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => boot(api));
  else boot(api);
}
