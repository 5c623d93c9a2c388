import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ERROR } from '../src/error-flags';
import { PENDING } from '../src/optimistic';
import { CONNECTED, CONNECTING, DISCONNECTED, PENDING_EVENTS, type Captured } from '../src/protocol';
import { createView } from '../src/view';
import { click, fakeTransport, type } from './helpers';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const HTML = '<output id="count">5</output><button id="inc" lv-click="Inc" lv-optimistic="increment #count">+</button>'
  + '<form id="f" lv-submit="Add"><input name="title"><button id="add">add</button></form>'
  + '<input id="q" lv-input="Search"><button id="plain" lv-click="Plain">p</button>';
const META = { Inc: { o: 1 }, Search: { d: 300 } };

/** A view that has not joined yet (the page's state before the socket is up); the page carries its handler metadata. */
function page(options = {}) {
  document.body.innerHTML = '';
  const root = document.createElement('div');
  root.setAttribute('data-lv-root', '');
  root.setAttribute('data-lv-token', 'tok');
  root.setAttribute('data-lv-m', JSON.stringify(META));
  root.innerHTML = HTML;
  document.body.append(root);
  const t = fakeTransport({ m: META });
  const view = createView(root, t, options);
  const $ = <E extends Element = HTMLElement>(s: string) => root.querySelector(s) as unknown as E;
  const errors: { handler: string; message: string; ref: number }[] = [];
  root.addEventListener('lv:error', e => errors.push((e as CustomEvent).detail));
  const submit = (el = $('#f')) => {
    const ev = new Event('submit', { bubbles: true, cancelable: true });
    el.dispatchEvent(ev);
    return ev;
  };
  return { root, view, t, $, errors, submit };
}

describe('outbox: events before the join', () => {
  test('are kept in order with the arguments of their moment, predicted at once, and sent once after the join', async () => {
    const { view, t, $, root, submit } = page();
    expect(root.className).toBe(CONNECTING);
    click($('#inc'));
    click($('#inc'));
    click($('#inc'));
    $<HTMLInputElement>('[name=title]').value = 'milk';
    const ev = submit();
    expect(ev.defaultPrevented).toBe(true); // never a native submit, joined or not
    $<HTMLInputElement>('[name=title]').value = 'typed after the submit';
    click($('#plain'));
    expect($('#count').textContent).toBe('8');
    expect($('#count').classList.contains(PENDING)).toBe(true);
    expect(root.classList.contains(PENDING_EVENTS)).toBe(true);
    expect(t.sent).toEqual([]);

    await view.join();
    expect(root.classList.contains(CONNECTED)).toBe(true);
    expect(t.events()).toEqual([
      { ref: 1, handler: 'Inc', args: {} },
      { ref: 2, handler: 'Inc', args: {} },
      { ref: 3, handler: 'Inc', args: {} },
      { ref: 4, handler: 'Add', args: { title: 'milk', '': { t: ['title'] } } },
      { ref: 5, handler: 'Plain', args: {} },
    ]);
    // Each is answered and rebased like any other; nothing is sent twice.
    view.receive({ r: 1, a: 1, v: 1, o: [[3, [0, 0], '6', 1]] });
    expect($('#count').textContent).toBe('8');
    view.receive({ r: 5, a: 5, v: 2, o: [[3, [0, 0], '8', 1]] });
    expect($('#count').textContent).toBe('8');
    expect(root.querySelectorAll('.' + PENDING).length).toBe(0);
    expect(root.classList.contains(PENDING_EVENTS)).toBe(false);
    expect(t.events()).toHaveLength(5);
  });

  test('debounce works in front of the outbox: a burst typed before the join is one event after it', async () => {
    const { view, t, $, root } = page();
    for (const v of ['a', 'am', 'amb']) type($<HTMLInputElement>('#q'), v);
    expect(root.classList.contains(PENDING_EVENTS)).toBe(true); // a debounce timer is armed
    vi.advanceTimersByTime(300);
    expect(t.sent).toEqual([]);
    await view.join();
    expect(t.events()).toEqual([{ ref: 1, handler: 'Search', args: { value: 'amb' } }]);
  });

  test('past its capacity the oldest events are reverted, flagged and reported, never lost silently', async () => {
    const { view, t, $, errors } = page({ q: 2 });
    click($('#inc'));
    click($('#plain'));
    click($('#plain'));
    expect(errors).toEqual([{ handler: 'Inc', message: 'Not sent: the server could not be reached in time.', ref: 0 }]);
    expect($('#count').textContent).toBe('5');
    expect($('#count').classList.contains(ERROR)).toBe(true);
    await view.join();
    expect(t.events().map(e => e.handler)).toEqual(['Plain', 'Plain']);
  });

  test('past its age events are reverted, flagged and reported while the page waits', () => {
    const { $, errors, root } = page({ a: 1000 });
    click($('#inc'));
    vi.advanceTimersByTime(500);
    click($('#plain'));
    vi.advanceTimersByTime(500);
    expect(errors.map(e => e.handler)).toEqual(['Inc']);
    expect($('#count').textContent).toBe('5');
    vi.advanceTimersByTime(500);
    expect(errors.map(e => e.handler)).toEqual(['Inc', 'Plain']);
    expect(root.classList.contains(PENDING_EVENTS)).toBe(false);
  });

  test('events the inline capture kept before the client loaded replay with the values they had', async () => {
    const { view, t, $ } = page();
    const input = $<HTMLInputElement>('[name=title]');
    input.value = 'bread';
    const ev = new Event('submit', { bubbles: true, cancelable: true });
    $('#f').dispatchEvent(ev); // the view's own listener sees it too in this test; the replay below is the capture's
    t.sent.length = 0;
    view.handle(ev, [ev, undefined, undefined, [['title', 'from the capture']]] as Captured);
    await view.join();
    const touched = { '': { t: ['title'] } };
    expect(t.events().map(e => e.args)).toEqual([{ title: 'bread', ...touched }, { title: 'from the capture', ...touched }]);
  });
});

describe('outbox: while the connection is down', () => {
  test('sent but unanswered events are reverted, flagged and reported, not re-sent; queued ones go after the rejoin', async () => {
    const { view, t, $, root, errors } = page();
    await view.join();
    click($('#inc'));
    expect($('#count').textContent).toBe('6');
    view.disconnected();
    expect(root.className).toContain(DISCONNECTED);
    expect($('#count').textContent).toBe('5');
    expect($('#count').classList.contains(ERROR)).toBe(true);
    expect(errors).toEqual([{ handler: 'Inc', message: 'The connection was lost before the server answered.', ref: 1 }]);

    click($('#inc')); // queued while down, predicted as usual
    expect($('#count').textContent).toBe('6');
    expect(root.classList.contains(PENDING_EVENTS)).toBe(true);
    await view.join();
    expect(root.className).toContain(CONNECTED);
    expect(t.events().map(e => e.ref)).toEqual([1, 2]); // ref 1 was never sent again
    view.receive({ r: 2, a: 2, v: 1, o: [[3, [0, 0], '6', 1]] });
    expect($('#count').textContent).toBe('6');
    expect(root.classList.contains(PENDING_EVENTS)).toBe(false);
  });

  test('a rejoin whose render differs replays queued predictions on the new render', async () => {
    const { view, t, $ } = page();
    await view.join();
    view.disconnected();
    click($('#inc'));
    t.result = { h: HTML.replace('>5<', '>9<') }; // someone else changed the count meanwhile
    await view.join();
    expect($('#count').textContent).toBe('6'); // the queued prediction still shows (absolute, corrected by its reply)
    expect($('#count').classList.contains(PENDING)).toBe(true);
    view.receive({ r: 1, a: 1, v: 1, o: [[3, [0, 0], '10', 1]] });
    expect($('#count').textContent).toBe('10');
  });
});

describe('version gaps', () => {
  test('predictions a reply confirmed stay until the full render lands, so nothing reverts and comes back', async () => {
    const { view, t, $ } = page();
    await view.join();
    click($('#inc'));
    expect($('#count').textContent).toBe('6');
    view.receive({ r: 1, a: 1, v: 2, o: [[3, [0, 0], '6', 1]] }); // v 2 after v 0: a gap
    expect(t.sent.filter(s => s[0] === 'resync')).toHaveLength(1);
    expect($('#count').textContent).toBe('6');
    view.receive({ r: 0, a: 1, v: 3, o: [], h: HTML.replace('>5<', '>6<') });
    expect($('#count').textContent).toBe('6');
    expect(view.log.entries).toEqual([]);
  });
});
