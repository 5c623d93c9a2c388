import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Modules } from '../src/loader';
import { createView, NEEDS } from '../src/view';
import { fakeTransport, mount } from './helpers';

// setup.ts registers every module; each test here takes one away (each module is fetched at most once per page, so
// every test uses another one) and plays the served build's script loading by hand.
const registry = () => window.LiveView!.m!;
const registered = { ...registry() };
afterEach(() => {
  Object.assign(registry(), registered);
  vi.restoreAllMocks();
});

/** Takes `name` out of the registry; returns the script elements the loader appends to fetch it. */
function withhold(name: keyof Modules) {
  delete registry()[name];
  const scripts: HTMLScriptElement[] = [];
  const append = document.head.appendChild.bind(document.head);
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T =>
    node.nodeName === 'SCRIPT' ? (scripts.push(node as unknown as HTMLScriptElement), node) : append(node));
  /** The module's script ran: it registers itself, then its load event fires. */
  const arrive = () => {
    (registry() as Record<string, unknown>)[name] = registered[name];
    scripts.at(-1)!.onload!(new Event('load'));
  };
  return { scripts, arrive };
}

const until = async (check: () => boolean, ms = 3000) => {
  for (const end = Date.now() + ms; !check(); await new Promise(r => setTimeout(r, 5))) if (Date.now() > end) throw new Error('timed out');
};

describe('lazily loaded modules', () => {
  test('events in a form wait for the forms module in order, with the values of their moment; a submit is prevented at once', async () => {
    const forms = withhold('forms');
    const { t, $, root } = await mount('<form lv-submit="Save"><input name="title"></form><button id="b" lv-click="Hit">b</button>');
    expect(forms.scripts.map(s => s.getAttribute('src'))).toEqual(['/_lv/liveview-forms.js']); // fetched as soon as the view showed a form
    const input = $<HTMLInputElement>('input');
    input.value = 'a';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const submit = new Event('submit', { bubbles: true, cancelable: true });
    $('form').dispatchEvent(submit);
    $('#b').click(); // no form, but after the submit: it waits too
    input.value = 'b'; // after the submit: not what it carries
    expect(submit.defaultPrevented).toBe(true);
    expect(t.events()).toEqual([]);
    expect(root.classList.contains('lv-pending')).toBe(true);

    forms.arrive();
    await until(() => t.events().length === 2);
    expect(t.events().map(e => [e.ref, e.handler, e.args])).toEqual([
      [1, 'Save', { title: 'a', '': { t: ['title'] } }],
      [2, 'Hit', {}],
    ]);
  });

  test('a reply that adds a stream container and its rows waits for the streams module (nothing resynced, no row lost)', async () => {
    const streams = withhold('streams');
    document.body.innerHTML = '<div data-lv-root data-lv-token="tok"><p id="p">0</p></div>';
    const root = document.querySelector<HTMLElement>('[data-lv-root]')!;
    const transport = fakeTransport();
    const view = createView(root, transport, {}, {});
    await view.join();
    expect(streams.scripts).toHaveLength(0); // no stream container yet: not fetched
    view.receive({ r: 0, a: 0, v: 1, o: [
      [4, [], 1, '<ul id="feed" lv-stream="feed"></ul>', 'DIV', 1],
      [7, [1], 0, 0, [], [['row-1', -1, '<li id="row-1">one</li>']], 'UL', 2],
    ] });
    expect(streams.scripts.map(s => s.getAttribute('src'))).toEqual(['/_lv/liveview-streams.js']);
    expect(root.querySelector('#feed')).toBeNull(); // the whole reply waits, in order

    streams.arrive();
    await until(() => root.querySelector('#row-1') !== null);
    expect(root.querySelectorAll('#feed li').length).toBe(1);
    expect(view.v).toBe(1);
    expect(transport.sent.filter(([name]) => name === 'resync')).toEqual([]);
  });

  test('a reply with effects waits for the navigation module, and the replies after it wait behind it (version order)', async () => {
    const nav = withhold('navigation');
    const effects = vi.fn();
    document.body.innerHTML = '<div data-lv-root data-lv-token="tok"><p id="p">0</p></div>';
    const root = document.querySelector<HTMLElement>('[data-lv-root]')!;
    const view = createView(root, fakeTransport(), {}, {}, effects);
    await view.join();
    const text = () => root.querySelector('#p')!.textContent;
    view.receive({ r: 0, a: 0, v: 1, o: [[3, [0, 0], '1', 1]], s: { f: ['info', 'saved'] } });
    view.receive({ r: 0, a: 0, v: 2, o: [[3, [0, 0], '2', 1]] });
    expect(nav.scripts).toHaveLength(1);
    expect(text()).toBe('0');
    expect(effects).not.toHaveBeenCalled();

    nav.arrive();
    await until(() => text() === '2');
    expect(effects).toHaveBeenCalledTimes(1);
    expect(effects.mock.calls[0][0]).toEqual({ f: ['info', 'saved'] });
    expect(view.v).toBe(2); // both applied, in order: no version gap
  });

  test('a module that fails to load is reported (lv:error, console) and fetched again until it arrives; then its hooks mount', async () => {
    const components = withhold('components');
    const failed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const errors: string[] = [];
    const listener = (e: Event) => errors.push((e as CustomEvent).detail.message);
    document.addEventListener('lv:error', listener);
    const mounted = vi.fn();
    document.body.innerHTML = '<div data-lv-root data-lv-token="tok"><div id="h" lv-hook="H"></div></div>';
    createView(document.querySelector<HTMLElement>('[data-lv-root]')!, fakeTransport(), {}, { H: { mounted } });

    components.scripts[0].onerror!(new Event('error')); // a 404, a network error
    await until(() => components.scripts.length === 2); // after the backoff
    expect(errors).toEqual(['lv: module components failed to load; retrying']);
    expect(failed).toHaveBeenCalledWith('lv: module components failed to load; retrying');
    expect(mounted).not.toHaveBeenCalled();

    components.arrive();
    await until(() => mounted.mock.calls.length === 1);
    document.removeEventListener('lv:error', listener);
  });
});

describe('what content shows a view needs (NEEDS, tested on content as JSON)', () => {
  const needs = (content: unknown) => NEEDS.filter(([, pattern]) => pattern.test(JSON.stringify(content))).map(([name]) => name);

  test('markup in HTML, in a node list and in an attribute op names its module', () => {
    expect(needs('<div id="c" data-lv-c="c1"><i lv-hook="Chart"></i></div>')).toEqual(['components']);
    expect(needs([4, [], 0, '<form lv-submit="Save"></form>', 'DIV', 0])).toEqual(['forms']);
    expect(needs([4, [], 0, [['', 'form', ['lv-submit', 'Save']]], 'DIV', 0])).toEqual(['forms']); // a node list
    expect(needs([1, [0], 'lv-upload', 'photo', 'INPUT', 1])).toEqual(['upload']);
    expect(needs('<button lv-disable-with="Saving">Save</button>')).toEqual(['optimistic']);
    expect(needs('<ul id="feed" lv-stream="feed"></ul>')).toEqual(['streams']);
    expect(needs('<a href="/todos?filter=done" lv-patch>Done</a>')).toEqual(['navigation']);
    expect(needs([1, [0], 'lv-navigate', '', 'A', 1])).toEqual(['navigation']);
    expect(needs('<div role="status" data-lv-flash></div>')).toEqual(['navigation']);
  });

  test("handler metadata names the optimistic and rate-limit modules, however its quotes are written", () => {
    expect(needs({ Toggle: { o: 1 } })).toEqual(['optimistic']); // a join's m, the root's data-lv-m
    expect(needs({ Search: { d: 300 } })).toEqual(['rate-limit']);
    expect(needs('<div data-lv-c="c1" data-lv-m="{&quot;Save&quot;:{&quot;t&quot;:500}}"></div>')).toEqual(['components', 'rate-limit']); // HTML
    expect(needs([1, [0], 'data-lv-m', '{"Save":{"o":1}}', 'DIV', 1])).toEqual(['optimistic']); // an attribute op
  });

  test("content without such markup needs nothing: a toggle's reply fetches no module", () => {
    expect(needs({ r: 3, a: 3, v: 4, o: [[1, [2, 1], 'class', 'done', 'LI', 3], [1, [2, 1, 0], 'checked', '', 'INPUT', 5]] })).toEqual([]);
    expect(needs('<p>The information on this platform is transformed</p>')).toEqual([]);
    expect(needs({ Add: {}, Rename: { x: 1 } })).toEqual([]);
  });
});
