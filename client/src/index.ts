import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { createConnection, type Connection } from './connection';
import type { Hook } from './hooks';
import { ROOT, UPLOAD_MODULE, type PageState } from './protocol';
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
  /** The upload module's script element, once a page showed an `lv-upload` input. */
  u?: Element;
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
  const views = (api.views = [...roots].map(root => createView(root, hub, page.c, api.hooks)));
  // What the user did before the client loaded, in order, with the values of that moment.
  // The upload module is fetched the first time the page has an upload input, so other pages do not pay for it. Until
  // it runs, a submit of a form with an upload input waits for it (then for its uploads), even one made before boot.
  const uploads = () => {
    if (api.u || !document.querySelector('[lv-upload]')) return;
    const script = (api.u = document.head.appendChild(Object.assign(document.createElement('script'), { src: UPLOAD_MODULE })));
    const loaded = new Promise(r => (script.onload = script.onerror = r));
    for (const v of views) {
      const wait = (form: Element): Promise<unknown> | undefined =>
        form.querySelector('[lv-upload]') ? loaded.then(() => v.hold !== wait && v.hold?.(form)) : undefined;
      v.hold ??= wait;
    }
  };
  uploads();
  document.addEventListener('lv:reply', uploads);
  for (const item of page.q?.splice(0) ?? []) views.find(v => v.root.contains(item[0].target as Node))?.handle(item[0], item);
  void (api.connection = createConnection(hub, views)).run();
}

const api: LiveViewApi = (window.LiveView ??= { hooks: {} });
api.hooks ??= {};
// a second copy of the script on the page must not bind every event twice
if (!api.views) {
  api.views = [];
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => boot(api));
  else boot(api);
}
