import { REPLY, type Reply } from './protocol';
import type { Transport, View } from './view';

/** The part of a SignalR `HubConnection` the client uses. */
export interface Hub extends Transport {
  start(): Promise<void>;
  on(method: string, handler: (...args: any[]) => void): void;
  onclose(handler: (error?: Error) => void): void;
}

/** The shared connection of a page's views (see `createConnection`). */
export interface Connection {
  readonly hub: Hub;
  readonly views: View[];
  /** Joined views by server view id. */
  readonly byId: Map<string, View>;
  /** Starts (or restarts) the connection, retrying forever, then joins every view. Resolves once all joins settled. */
  run(): Promise<void>;
}

/** Reconnect delay in ms for the given attempt (0-based): 250 ms doubling up to 5 s, with ±25 % jitter. */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.min(5000, 250 * 2 ** attempt) * (0.75 + random() / 2);
}

/**
 * The shared hub connection of a page's views: connects, reconnects forever with backoff, tells every view when it
 * is down (they queue events meanwhile), re-joins every view when back (the server lost them), routes `p` replies by view id.
 * A join refused for good (its token invalid, expired or another user's; its URL no longer the view's: the message
 * says "token" or "reload") calls `reload` (default: reload the page to get a fresh token); `joined` runs once every
 * join has settled.
 */
export function createConnection(hub: Hub, views: View[], reload = () => location.reload(), joined = () => {}): Connection {
  const byId = new Map<string, View>();
  let running = false;
  let down = false;

  const markDown = () => {
    if (down) return;
    down = true;
    for (const v of views) v.disconnected();
  };

  const join = async (view: View) => {
    try {
      await view.join();
      byId.set(view.id, view);
    } catch (x) {
      console.error('lv: join failed', x);
      if (/token|reload/i.test((x as Error)?.message)) reload();
    }
  };

  const run = async () => {
    if (running) return;
    running = true;
    for (let attempt = 0; ; attempt++) {
      if (attempt) {
        markDown();
        await new Promise(r => setTimeout(r, backoffMs(attempt - 1)));
      }
      try {
        await hub.start();
        break;
      } catch (x) {
        console.warn('lv: connect failed', x);
      }
    }
    running = down = false;
    byId.clear();
    await Promise.all(views.map(join));
    joined();
  };

  hub.on(REPLY, (id: string, reply: Reply) => byId.get(id)?.receive(reply));
  hub.onclose(() => {
    markDown();
    void run();
  });
  return { hub, views, byId, run };
}
