import type { Reply, Transport, View } from './view';

/** The part of a SignalR `HubConnection` the client uses. */
export interface Hub extends Transport {
  start(): Promise<void>;
  on(method: string, handler: (...args: any[]) => void): void;
  onclose(handler: (error?: Error) => void): void;
}

/** Class on every view root while the connection is down. */
export const DISCONNECTED = 'lv-disconnected';

/** Reconnect delay in ms for the given attempt (0-based): 250 ms doubling up to 5 s, with ±25 % jitter. */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.min(5000, 250 * 2 ** attempt) * (0.75 + random() / 2);
}

/**
 * The shared hub connection of a page's views: connects, reconnects forever with backoff, marks roots
 * `lv-disconnected` while down, re-joins every view when back (the server lost them), routes `p` replies by view id.
 * A join refused for its token (invalid, expired, another user) reloads the page to get a fresh one.
 */
export class Connection {
  /** Joined views by server view id. */
  readonly byId = new Map<string, View>();
  private running = false;
  private down = false;

  constructor(
    readonly hub: Hub,
    readonly views: View[],
    private readonly reload = () => location.reload(),
  ) {
    hub.on('p', (id: string, reply: Reply) => this.byId.get(id)?.receive(reply));
    hub.onclose(() => {
      this.markDown();
      void this.run();
    });
  }

  /** Starts (or restarts) the connection, retrying forever, then joins every view. Resolves once all joins settled. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (let attempt = 0; ; attempt++) {
      if (attempt) {
        this.markDown();
        await new Promise(r => setTimeout(r, backoffMs(attempt - 1)));
      }
      try {
        await this.hub.start();
        break;
      } catch (x) {
        console.warn('lv: connect failed', x);
      }
    }
    this.running = false;
    this.down = false;
    this.byId.clear();
    await Promise.all(this.views.map(v => this.join(v)));
  }

  private async join(view: View): Promise<void> {
    try {
      await view.join();
      this.byId.set(view.id, view);
      view.root.classList.remove(DISCONNECTED);
    } catch (x) {
      console.error('lv: join failed', x);
      if (/token/i.test(String((x as Error)?.message))) this.reload();
    }
  }

  private markDown(): void {
    if (this.down) return;
    this.down = true;
    for (const v of this.views) {
      v.root.classList.add(DISCONNECTED);
      v.disconnected();
    }
  }
}
