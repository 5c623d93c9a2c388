import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { backoffMs, createConnection, type Hub } from '../src/connection';
import { CONNECTED, CONNECTING, DISCONNECTED } from '../src/protocol';
import { createView } from '../src/view';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function fakeHub(startFailures = 0, joinError?: string) {
  const handlers: Record<string, (...a: any[]) => void> = {};
  let close: () => void = () => {};
  const hub = {
    starts: 0,
    joins: 0,
    async start() {
      hub.starts++;
      if (startFailures-- > 0) throw new Error('refused');
    },
    on(m: string, h: (...a: any[]) => void) { handlers[m] = h; },
    onclose(h: () => void) { close = h; },
    send: vi.fn(),
    async invoke<T>(_m: string): Promise<T> {
      hub.joins++;
      if (joinError) throw new Error(`An unexpected error occurred invoking 'join' on the server. HubException: ${joinError}`);
      return { id: 'v' + hub.joins, v: 0, h: null, m: {} } as T;
    },
    push: (...a: unknown[]) => handlers.p(...a),
    close: () => close(),
  };
  return hub;
}

function page(hub: Hub, reload = vi.fn()) {
  document.body.innerHTML = '<div data-lv-root data-lv-token="a"><p>0</p></div><div data-lv-root data-lv-token="b"><p>0</p></div>';
  const views = [...document.querySelectorAll<HTMLElement>('[data-lv-root]')].map(r => createView(r, hub));
  return { views, conn: createConnection(hub, views, reload), reload };
}

test('backoff: 250 ms doubling to 5 s, jittered', () => {
  expect(backoffMs(0, () => 0.5)).toBe(250);
  expect(backoffMs(1, () => 0.5)).toBe(500);
  expect(backoffMs(10, () => 0.5)).toBe(5000);
  expect(backoffMs(10, () => 0)).toBe(3750);
  expect(backoffMs(10, () => 1)).toBe(6250);
});

describe('Connection', () => {
  test('joins every view and routes replies by view id', async () => {
    const hub = fakeHub();
    const { views, conn } = page(hub);
    await conn.run();
    expect(views.map(v => v.id)).toEqual(['v1', 'v2']);
    hub.push('v2', { r: 0, a: 0, v: 1, o: [[3, [0, 0], 'two', 1]] });
    expect(views[1].root.innerHTML).toBe('<p>two</p>');
    expect(views[0].root.innerHTML).toBe('<p>0</p>');
  });

  test('retries the first connect with backoff; roots are connecting until the first join, then connected', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const hub = fakeHub(3);
    const { views, conn } = page(hub);
    expect(views.every(v => v.root.classList.contains(CONNECTING))).toBe(true);
    const done = conn.run();
    await vi.advanceTimersByTimeAsync(0);
    expect(views[0].root.className).toBe(CONNECTING); // never joined yet: still connecting, not "disconnected"
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(hub.starts).toBe(4);
    expect(views.every(v => v.root.className === CONNECTED)).toBe(true);
    vi.restoreAllMocks();
  });

  test('a closed connection marks roots, reverts pending ops, reconnects and re-joins every view', async () => {
    const hub = fakeHub();
    const { views, conn } = page(hub);
    await conn.run();
    views[0].root.innerHTML = '<button lv-click="Go" lv-optimistic="text:busy">go</button>';
    views[0].meta = { Go: { o: 1 } };
    views[0].root.querySelector('button')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(views[0].root.textContent).toBe('busy');
    hub.close();
    expect(views.every(v => v.root.classList.contains(DISCONNECTED))).toBe(true);
    expect(views.every(v => !v.root.classList.contains(CONNECTED))).toBe(true);
    expect(views[0].root.querySelectorAll('.optimistic-pending').length).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.joins).toBe(4);
    expect(views.map(v => v.id)).toEqual(['v3', 'v4']);
    expect(views.every(v => v.root.className === CONNECTED)).toBe(true);
    expect(views[0].root.innerHTML).toBe('<p>0</p>'); // the server mounted afresh: served HTML back
  });

  test('a join refused for its token reloads the page', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const hub = fakeHub(0, 'The view token is invalid or expired; reload the page.');
    const { conn, reload } = page(hub);
    await conn.run();
    expect(reload).toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  test('other join failures do not reload', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const hub = fakeHub(0, 'Not authorized to view X.');
    const { conn, reload } = page(hub);
    await conn.run();
    expect(reload).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
