import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { idle, joined, waitForLiveIdle, waitForLiveView, type PageLike } from '../src/testing';
import { createView } from '../src/view';
import { click, fakeTransport } from './helpers';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A page stand-in that evaluates the predicate against this document, as Playwright does in the browser. */
const page: PageLike = { waitForFunction: async fn => { if (!fn()) throw new Error('timeout'); } };

describe('Playwright helpers follow the classes the client keeps on its roots', () => {
  test('joined after the join; idle when nothing is held, queued or in flight', async () => {
    document.body.innerHTML = '';
    expect(joined()).toBe(false); // no root at all
    const root = document.createElement('div');
    root.setAttribute('data-lv-root', '');
    root.innerHTML = '<button id="b" lv-click="Go">go</button><input id="q" lv-input="Search">';
    document.body.append(root);
    const view = createView(root, fakeTransport({ m: { Search: { d: 300 } } }));
    expect([joined(), idle()]).toEqual([false, false]); // connecting
    await expect(waitForLiveView(page)).rejects.toThrow();
    await view.join();
    expect([joined(), idle()]).toEqual([true, true]);
    await waitForLiveView(page);
    await waitForLiveIdle(page);

    click(root.querySelector('#b')!);
    expect([joined(), idle()]).toEqual([true, false]); // in flight
    view.receive({ r: 1, a: 1, v: 1, o: [] });
    expect(idle()).toBe(true);

    const q = root.querySelector<HTMLInputElement>('#q')!;
    q.value = 'x';
    q.dispatchEvent(new Event('input', { bubbles: true }));
    expect(idle()).toBe(false); // held by the debounce
    vi.advanceTimersByTime(300);
    expect(idle()).toBe(false); // sent, awaiting its reply
    view.receive({ r: 2, a: 2, v: 2, o: [] });
    expect(idle()).toBe(true);

    view.disconnected();
    expect([joined(), idle()]).toEqual([false, false]);
  });
});
