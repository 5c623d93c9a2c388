import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Hook } from '../src/hooks';
import { createView } from '../src/view';
import { click, fakeTransport } from './helpers';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

async function mountWith(html: string, hooks: Record<string, Hook> = {}) {
  document.body.innerHTML = '';
  const root = document.createElement('div');
  root.setAttribute('data-lv-root', '');
  root.setAttribute('data-lv-token', 'tok');
  root.innerHTML = html;
  document.body.append(root);
  const t = fakeTransport();
  const view = createView(root, t, {}, hooks);
  await view.join();
  const $ = <E extends Element = HTMLElement>(s: string) => root.querySelector(s) as unknown as E;
  const reply = (r: object) => view.receive({ r: 0, a: view.ref, o: [], v: view.v + 1, ...r });
  return { root, view, t, $, reply };
}

const CARDS = '<h1>cards</h1><section data-lv-c="card-a" data-lv-m=\'{"Inc":{"o":1}}\'><span class="value">0</span><button class="inc" lv-click="Inc" lv-optimistic="increment .value">+</button></section>'
  + '<section data-lv-c="card-b"><span class="value">0</span><button class="inc" lv-click="Inc">+</button><button class="up" lv-click="Retitle" lv-target="h1">^</button></section>';

describe('live components', () => {
  test('events inside a component go to its handlers with its metadata; lv-target sends them elsewhere', async () => {
    const { $, t, root } = await mountWith(CARDS);
    click($('[data-lv-c=card-a] .inc'));
    expect(t.sent[0]).toEqual(['c', 'v1', 1, 'card-a', 'Inc', {}]);
    expect($('[data-lv-c=card-a] .value').textContent).toBe('1'); // its own meta: optimistic
    click(root.querySelector('[data-lv-c=card-b] .inc')!);
    expect(t.sent[1]).toEqual(['c', 'v1', 2, 'card-b', 'Inc', {}]);
    expect(root.querySelector('[data-lv-c=card-b] .value')!.textContent).toBe('0'); // not optimistic
    click($('.up'));
    expect(t.sent[2]).toEqual(['e', 'v1', 3, 'Retitle', {}]); // lv-target="h1": the view
  });

  test('component patches apply from the component root, after the view ops', async () => {
    const { $, root, reply } = await mountWith(CARDS);
    reply({ o: [[3, [0, 0], 'renamed', 1]], c: { 'card-b': [[3, [0, 0, 0], '7', 1]], 'card-a': [[1, [0], 'class', 'hot', 'SECTION', 1]] } });
    expect($('h1').textContent).toBe('renamed');
    expect(root.querySelector('[data-lv-c=card-b] .value')!.textContent).toBe('7');
    expect($('[data-lv-c=card-a]').className).toBe('hot');
  });
});

describe('hooks', () => {
  test('lifecycle around patches: mounted, beforeUpdate/updated only when touched, destroyed on removal', async () => {
    const calls: string[] = [];
    const Clock: Hook = {
      mounted() { calls.push('mounted:' + this.el.id); },
      beforeUpdate() { calls.push('before:' + this.el.textContent); },
      updated() { calls.push('updated:' + this.el.textContent); },
      destroyed() { calls.push('destroyed:' + this.el.id); },
    };
    const { reply } = await mountWith('<div id="clock" lv-hook="Clock"><b>1</b></div><p>other</p>', { Clock });
    expect(calls).toEqual(['mounted:clock']);
    reply({ o: [[3, [1, 0], 'changed', 1]] }); // not inside the hook
    expect(calls).toEqual(['mounted:clock']);
    reply({ o: [[3, [0, 0, 0], '2', 1]] });
    expect(calls).toEqual(['mounted:clock', 'before:1', 'updated:2']);
    reply({ o: [[4, [], 2, '<div id="late" lv-hook="Clock"></div>', 'DIV', 2]] });
    expect(calls.at(-1)).toBe('mounted:late');
    reply({ o: [[5, [0], 'DIV', 3]] });
    expect(calls.at(-1)).toBe('destroyed:clock');
  });

  test('pushEvent resolves with the reply (rejects on error); handleEvent hears pushed events', async () => {
    let hook!: Hook & { el: HTMLElement; pushEvent: Function; handleEvent: Function };
    const seen: unknown[] = [];
    const Clock: Hook = {
      mounted() {
        hook = this as typeof hook;
        this.handleEvent('tick', (p: unknown) => seen.push(p));
      },
    };
    const { t, view } = await mountWith('<section data-lv-c="clock"><div id="c" lv-hook="Clock"></div></section>', { Clock });
    const ok = hook.pushEvent('Reset', { at: 1 });
    expect(t.sent[0]).toEqual(['c', 'v1', 1, 'clock', 'Reset', { at: 1 }]);
    view.receive({ r: 1, a: 1, v: 1, o: [], x: [['tick', { s: 5 }]] });
    await expect(ok).resolves.toMatchObject({ r: 1 });
    expect(seen).toEqual([{ s: 5 }]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bad = hook.pushEvent('Reset');
    view.receive({ r: 2, a: 2, v: 2, o: [], e: 'nope' });
    await expect(bad).rejects.toThrow('nope');
    warn.mockRestore();
  });

  test('disconnected and reconnected; what the hook drew in an lv-ignore element survives a full render', async () => {
    const calls: string[] = [];
    const Chart: Hook = {
      mounted() { this.el.querySelector('#face')!.textContent = 'drawn by the hook'; },
      disconnected() { calls.push('down'); },
      reconnected() { calls.push('up'); },
    };
    const { view, t, $ } = await mountWith('<div id="chart" lv-hook="Chart"><div id="face" lv-ignore></div><span>1</span></div>', { Chart });
    view.disconnected();
    t.result = { h: '<div id="chart" lv-hook="Chart"><div id="face" lv-ignore></div><span>2</span></div>' };
    await view.join();
    expect(calls).toEqual(['down', 'up']);
    expect($('#face').textContent).toBe('drawn by the hook');
    expect($('span').textContent).toBe('2');
  });
});
