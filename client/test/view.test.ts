import { describe, expect, test, vi } from 'vitest';
import { formFields } from '../src/forms';
import { createView } from '../src/view';
import { click, fakeTransport, mount, type } from './helpers';

describe('event arguments', () => {
  test('lv-value-* attributes', async () => {
    const { $, t } = await mount('<button lv-click="Delete" lv-value-id="42" lv-value-kind="todo"><i>x</i></button>');
    click($('i'));
    expect(t.events()).toEqual([{ ref: 1, handler: 'Delete', args: { id: '42', kind: 'todo' } }]);
  });

  test('inputs, checkboxes, multiple selects', async () => {
    const { $, t } = await mount('<input id="t" lv-change="T" lv-value-f="name"><input id="c" type="checkbox" value="yes" lv-change="C">'
      + '<select id="s" multiple lv-change="S"><option>a</option><option selected>b</option><option selected>c</option></select>');
    type($<HTMLInputElement>('#t'), 'hi', 'change');
    click($('#c'));
    $('#s').dispatchEvent(new Event('change', { bubbles: true }));
    expect(t.events().map(e => e.args)).toEqual([{ value: 'hi', f: 'name' }, { checked: true, value: 'yes' }, { value: ['b', 'c'] }]);
  });

  test('form submit sends the fields; repeated names become arrays; submit is prevented', async () => {
    const { $, t } = await mount('<form lv-submit="Save"><input name="title" value="T"><input name="tag" value="a"><input name="tag" value="b">'
      + '<input type="checkbox" name="done" checked><input type="checkbox" name="no"><input name="off" disabled value="x">'
      + '<select name="s" multiple><option selected>1</option><option selected>2</option></select><textarea name="body">B</textarea>'
      + '<button name="act" value="go">go</button></form>');
    const ev = new Event('submit', { bubbles: true, cancelable: true });
    $('form').dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    expect(t.events()[0].args).toEqual({ title: 'T', tag: ['a', 'b'], done: 'on', s: ['1', '2'], body: 'B', '': { t: ['title', 'tag', 'done', 'no', 'off', 's', 'body', 'act'] } });
    expect(formFields($('form') as HTMLFormElement, $('button'))).toMatchObject({ act: 'go' });
  });

  test('change on a form sends the form', async () => {
    const { $, t } = await mount('<form lv-change="Validate"><input name="email" value="a@b"><input name="n" value="1"></form>');
    type($<HTMLInputElement>('[name=n]'), '2', 'change');
    expect(t.events()[0]).toEqual({ ref: 1, handler: 'Validate', args: { email: 'a@b', n: '2', '': { t: ['n'] } } });
  });

  test('key events: {key, value} and the lv-key filter', async () => {
    const { $, t } = await mount('<input id="k" value="todo" lv-keydown="Add" lv-key="Enter"><div id="any" lv-keyup="Key"></div>');
    const k = $('#k');
    k.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    k.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    $('#any').dispatchEvent(new KeyboardEvent('keyup', { key: 'Escape', bubbles: true }));
    expect(t.events().map(e => [e.handler, e.args])).toEqual([['Add', { key: 'Enter', value: 'todo' }], ['Key', { key: 'Escape' }]]);
  });

  test('focus and blur bindings', async () => {
    const { $, t } = await mount('<input id="f" lv-focus="In" lv-blur="Out">');
    $('#f').dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    $('#f').dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(t.events().map(e => e.handler)).toEqual(['In', 'Out']);
  });

  test('refs increase per view at send time', async () => {
    const { $, t } = await mount('<button lv-click="A">a</button>');
    click($('button'));
    click($('button'));
    expect(t.events().map(e => e.ref)).toEqual([1, 2]);
    expect(t.sent[0]).toEqual(['e', 'v1', 1, 'A', {}]);
  });

  test('events of a nested view are left to it', async () => {
    const { $, t } = await mount('<div data-lv-root><button lv-click="Inner">i</button></div>');
    click($('button'));
    expect(t.events()).toEqual([]);
  });
});

describe('replies and versions', () => {
  test('applies ops, tracks the version, dispatches lv:reply', async () => {
    const { root, view, reply } = await mount('<p>0</p>');
    const seen: unknown[] = [];
    root.addEventListener('lv:reply', e => seen.push((e as CustomEvent).detail));
    reply({ o: [[3, [0, 0], '1', 1]] });
    expect(root.innerHTML).toBe('<p>1</p>');
    expect(view.v).toBe(1);
    expect(seen).toHaveLength(1);
  });

  test('a version gap sends resync once, ignores ops until the full render arrives', async () => {
    const { root, view, t } = await mount('<p>0</p>');
    view.receive({ r: 0, a: 0, v: 2, o: [[3, [0, 0], 'skipped', 1]] });
    view.receive({ r: 0, a: 0, v: 3, o: [[3, [0, 0], 'skipped too', 1]] });
    expect(t.sent.filter(s => s[0] === 'resync')).toEqual([['resync', 'v1', false]]);
    expect(root.innerHTML).toBe('<p>0</p>');
    view.receive({ r: 0, a: 0, v: 4, o: [], h: '<p>4</p>' });
    expect(root.innerHTML).toBe('<p>4</p>');
    view.receive({ r: 0, a: 0, v: 5, o: [[3, [0, 0], '5', 1]] });
    expect(root.innerHTML).toBe('<p>5</p>');
  });

  test('a patch that does not fit the DOM asks for a resync as a node list, and logs why', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { view, t } = await mount('<p>0</p>');
    view.receive({ r: 0, a: 0, v: 1, o: [[3, [7, 0], 'x', 1]] });
    expect(t.sent).toContainEqual(['resync', 'v1', true]);
    expect(String(warn.mock.calls[0][1])).toMatch(/op 3 \[7,0\] #text\/1 != undefined/);
    warn.mockRestore();
  });

  test('a node a user script inserted makes the op fail its check: no wrong node is patched, the view resyncs', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { root, view, t } = await mount('<p>a<b>x</b></p>');
    root.firstChild!.insertBefore(document.createElement('i'), root.firstChild!.firstChild); // user JavaScript
    view.receive({ r: 0, a: 0, v: 1, o: [[3, [0, 0], 'A', 2]] });
    expect(root.innerHTML).toBe('<p><i></i>a<b>x</b></p>');
    expect(t.sent).toContainEqual(['resync', 'v1', true]);
    expect(String(warn.mock.calls[0][1])).toMatch(/#text\/2 != I\/3/);
    view.receive({ r: 0, a: 0, v: 2, o: [], h: [['', 'p', [], 'A', ['', 'b', [], 'x']]] });
    expect(root.innerHTML).toBe('<p>A<b>x</b></p>');
    warn.mockRestore();
  });

  test('an error reply for a non-optimistic event dispatches lv:error', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { $, root, reply } = await mount('<button lv-click="Boom">b</button>');
    const details: unknown[] = [];
    root.addEventListener('lv:error', e => details.push((e as CustomEvent).detail));
    click($('button'));
    reply({ r: 1, a: 1, e: 'Count cannot be negative' });
    expect(details).toEqual([{ handler: 'Boom', message: 'Count cannot be negative', ref: 1 }]);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('join', () => {
  test('h replaces the children; meta and version are taken', async () => {
    document.body.innerHTML = '<div data-lv-root data-lv-token="T1"><p>stale</p></div>';
    const root = document.querySelector<HTMLElement>('[data-lv-root]')!;
    const t = fakeTransport({ id: 'x', v: 7, h: '<p>fresh</p>', m: { A: { o: 1 } } });
    const view = createView(root, t);
    await view.join();
    expect(root.innerHTML).toBe('<p>fresh</p>');
    expect([view.id, view.v, view.meta]).toEqual(['x', 7, { A: { o: 1 } }]);
  });

  test('a rejoin with h null restores the served HTML (the server mounted afresh)', async () => {
    const { root, view, reply } = await mount('<p>0</p>');
    reply({ o: [[3, [0, 0], '3', 1]] });
    view.disconnected();
    await view.join();
    expect(root.innerHTML).toBe('<p>0</p>');
    expect(view.v).toBe(0);
  });

  test('a rejoin sends the resume key of the last join; a re-attached instance gives its full render and version, then gets the outbox', async () => {
    document.body.innerHTML = '<div data-lv-root data-lv-token="T1"><button lv-click="Inc">+</button><p>5</p></div>';
    const root = document.querySelector<HTMLElement>('[data-lv-root]')!;
    const t = fakeTransport({ id: '7', r: 'KEY1' });
    const view = createView(root, t);
    await view.join();
    expect(t.requests[0]).toBe('T1'); // no key yet: the plain token
    view.receive({ r: 0, a: 0, v: 1, o: [[3, [1, 0], '8', 1]] });
    view.disconnected();
    click(root.querySelector('button')!); // queued while down
    t.result = { id: '7', v: 4, r: 'KEY1', h: '<button lv-click="Inc">+</button><p>9</p>' };
    await view.join();
    expect(t.requests[1]).toEqual({ t: 'T1', r: 'KEY1' });
    expect([view.id, view.v, root.querySelector('p')!.textContent]).toEqual(['7', 4, '9']);
    expect(t.events()).toEqual([{ ref: 1, handler: 'Inc', args: {} }]);
    t.result = { id: '8' }; // a server that did not have it: a fresh mount without a key
    view.disconnected();
    await view.join();
    view.disconnected();
    await view.join();
    expect(t.requests.slice(2)).toEqual([{ t: 'T1', r: 'KEY1' }, 'T1']);
  });
});

describe('forms', () => {
  test('an accepted submit shows the server render of the fields, even the focused one', async () => {
    const { $, t, reply } = await mount('<form id="f" lv-submit="Add"><input name="title"></form>');
    const input = $<HTMLInputElement>('input');
    input.focus();
    input.value = 'milk';
    $('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(t.events()[0].args).toEqual({ title: 'milk', '': { t: ['title'] } });
    reply({ r: 1, a: 1 });
    expect(input.value).toBe('');
  });

  test('a rejected submit keeps what the user typed', async () => {
    const { $, reply } = await mount('<form lv-submit="Add"><input name="title"></form>');
    const input = $<HTMLInputElement>('input');
    input.value = 'milk';
    $('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    reply({ r: 1, a: 1, e: 'A to-do needs a title.' });
    expect(input.value).toBe('milk');
  });

  test('a rejoin that re-renders recovers typed form values and re-sends them to lv-change forms', async () => {
    const { $, t, view, root } = await mount(
      '<form id="f" lv-change="Validate"><input name="title"><textarea name="notes"></textarea><input type="checkbox" name="ok"></form>');
    $<HTMLInputElement>('input').value = 'draft';
    $<HTMLTextAreaElement>('textarea').value = 'more';
    $<HTMLInputElement>('[type=checkbox]').checked = true;
    t.result = { h: '<form id="f" lv-change="Validate"><input name="title"><textarea name="notes"></textarea><input type="checkbox" name="ok"></form>' };
    view.disconnected();
    await view.join();
    expect(root.querySelector<HTMLInputElement>('input')!.value).toBe('draft');
    expect(root.querySelector('textarea')!.value).toBe('more');
    expect(root.querySelector<HTMLInputElement>('[type=checkbox]')!.checked).toBe(false);
    const sent = t.events().filter(e => e.handler === 'Validate');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[sent.length - 1].args).toMatchObject({ title: 'draft', notes: 'more' });
  });

  test('a rejoin recovers and re-sends the value of the field the user is typing in (kept through the re-render)', async () => {
    const form = '<form id="f" lv-change="Validate"><input id="name" name="name"></form>';
    const { $, t, view, root } = await mount(form);
    const input = $<HTMLInputElement>('#name');
    input.focus();
    input.value = 'Q';
    t.result = { h: form };
    view.disconnected();
    await view.join();
    const fresh = root.querySelector<HTMLInputElement>('#name')!;
    expect(fresh).not.toBe(input);
    expect(fresh.value).toBe('Q');
    expect(document.activeElement).toBe(fresh);
    const sent = t.events().filter(e => e.handler === 'Validate');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[sent.length - 1].args).toMatchObject({ name: 'Q' });
  });
});
