import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { createConnection, type Connection } from './connection';
import { createView, ROOT, type View } from './view';

/** Optional page configuration, set before the script loads: `window.LiveViewConfig = { timeoutMs: 5000 }`. */
export interface LiveViewConfig {
  /** Ms an optimistic event may wait for its reply before it is reverted and flagged (default 10000). */
  timeoutMs?: number;
}

/** `window.LiveView`: the running client, for tests and debugging. */
export interface LiveViewApi {
  connection?: Connection;
  views: View[];
}

declare global {
  interface Window {
    LiveView?: LiveViewApi;
    LiveViewConfig?: LiveViewConfig;
  }
}

function boot(api: LiveViewApi): void {
  const roots = document.querySelectorAll<HTMLElement>(ROOT);
  if (!roots.length) return;
  // the log level as a literal (LogLevel.Warning): no enum lookup in our code
  const hub = new HubConnectionBuilder().withUrl('/_lv/hub').configureLogging(3 satisfies LogLevel.Warning).build();
  // per-root timeout: `data-lv-timeout` on the root, else `LiveViewConfig.timeoutMs`, else 10 s
  for (const root of roots) api.views.push(createView(root, hub, +(root.getAttribute('data-lv-timeout') ?? window.LiveViewConfig?.timeoutMs ?? 10000)));
  void (api.connection = createConnection(hub, api.views)).run();
}

// a second copy of the script on the page must not bind every event twice
if (!window.LiveView) {
  const api: LiveViewApi = (window.LiveView = { views: [] });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => boot(api));
  else boot(api);
}
