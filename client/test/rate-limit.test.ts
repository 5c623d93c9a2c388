import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createRateLimiter } from '../src/rate-limit';
import { mount, type } from './helpers';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function limiter() {
  const sent: number[] = [];
  const dropped: number[] = [];
  const l = createRateLimiter<number>(p => sent.push(p), (_held, next) => next, p => dropped.push(p));
  return { l, sent, dropped, el: document.createElement('input') };
}

describe('debounce', () => {
  test('a burst sends exactly once, the last value, d ms after the last event', () => {
    const { l, sent, el } = limiter();
    for (let i = 1; i <= 5; i++) {
      l.submit(el, 'Search', { d: 300 }, i);
      vi.advanceTimersByTime(100);
    }
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(199);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([5]);
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([5]);
  });

  test('maxWait sends during an endless burst', () => {
    const { l, sent, el } = limiter();
    for (let i = 1; i <= 12; i++) {
      l.submit(el, 'Search', { d: 300, w: 1000 }, i);
      vi.advanceTimersByTime(100);
    }
    expect(sent).toEqual([10]); // at t = 1000 the latest held value (10) went
    vi.advanceTimersByTime(300);
    expect(sent).toEqual([10, 12]);
  });

  test('blur flushes a pending debounce of that element only', () => {
    const { l, sent, el } = limiter();
    const other = document.createElement('input');
    l.submit(el, 'A', { d: 300 }, 1);
    l.submit(other, 'A', { d: 300 }, 2);
    l.flush(el);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(300);
    expect(sent).toEqual([1, 2]);
  });

  test('cancel drops held events of the selected elements', () => {
    const { l, sent, dropped, el } = limiter();
    l.submit(el, 'A', { d: 300 }, 1);
    l.cancel(x => x === el);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
    expect(dropped).toEqual([1]);
  });

  test('handlers without d/t send at once', () => {
    const { l, sent, el } = limiter();
    l.submit(el, 'A', {}, 1);
    expect(sent).toEqual([1]);
  });
});

describe('throttle', () => {
  test('leading edge at once, trailing edge with the latest value, at most one per window', () => {
    const { l, sent, el } = limiter();
    const times: number[] = [];
    const l2 = createRateLimiter<number>(p => { sent.push(p); times.push(Date.now()); }, (_h, n) => n, () => {});
    const t0 = Date.now();
    for (let i = 1; i <= 25; i++) {
      l2.submit(el, 'Volume', { t: 100 }, i);
      vi.advanceTimersByTime(10); // 25 events over 250 ms
    }
    vi.advanceTimersByTime(500);
    expect(sent[0]).toBe(1);
    expect(sent.at(-1)).toBe(25); // the last value always arrives
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.every(g => g >= 100)).toBe(true);
    expect(times[0]).toBe(t0);
    expect(sent).toEqual([1, 10, 20, 25]);
    void l;
  });

  test('a single event sends once, with no trailing duplicate', () => {
    const { l, sent, el } = limiter();
    l.submit(el, 'Volume', { t: 100 }, 7);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([7]);
    l.submit(el, 'Volume', { t: 100 }, 8); // a new window opens
    expect(sent).toEqual([7, 8]);
  });
});

describe('in a view', () => {
  test('debounced optimistic input: coalesced into one entry that gets its ref when sent', async () => {
    const { $, view, t, reply } = await mount('<input id="q" lv-input="Search">', { Search: { o: 1, d: 300 } });
    const q = $<HTMLInputElement>('#q');
    type(q, 'a');
    type(q, 'ab');
    type(q, 'abc');
    expect(t.events()).toEqual([]);
    expect(view.log.entries.length).toBe(1);
    expect(view.log.entries[0].ref).toBe(0);
    expect(q.classList.contains('optimistic-pending')).toBe(true);
    vi.advanceTimersByTime(300);
    expect(t.events()).toEqual([{ ref: 1, handler: 'Search', args: { value: 'abc' } }]);
    expect(view.log.entries.map(e => e.ref)).toEqual([1]);
    reply({ r: 1, a: 1 });
    expect(q.className).toBe('');
    expect(q.value).toBe('abc');
  });

  test('blur flushes the debounce before the blur event is sent', async () => {
    const { $, t } = await mount('<input id="q" lv-input="Search" lv-blur="Left">', { Search: { d: 300 } });
    const q = $<HTMLInputElement>('#q');
    type(q, 'x');
    q.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(t.events().map(e => e.handler)).toEqual(['Search', 'Left']);
    vi.advanceTimersByTime(1000);
    expect(t.events().length).toBe(2);
  });

  test('submit cancels debounced sends of the inputs inside the form', async () => {
    const { $, t } = await mount('<form lv-submit="Save"><input name="title" lv-input="Check"></form>', { Check: { d: 300 } });
    type($<HTMLInputElement>('input'), 'T');
    const submit = new Event('submit', { bubbles: true, cancelable: true });
    $('form').dispatchEvent(submit);
    vi.advanceTimersByTime(1000);
    expect(submit.defaultPrevented).toBe(true);
    expect(t.events()).toEqual([{ ref: 1, handler: 'Save', args: { title: 'T', '': { t: ['title'] } } }]);
  });
});
