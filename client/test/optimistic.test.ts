import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { click, mount, toggle, type } from './helpers';

const PENDING = 'optimistic-pending';
const ERROR = 'optimistic-error';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('checkbox heuristic and rebase', () => {
  const html = '<input type="checkbox" id="cb" lv-change="Toggle">';

  test('applies before sending; pending until acknowledged', async () => {
    const { $, t, reply } = await mount(html, { Toggle: { o: 1 } });
    const cb = $<HTMLInputElement>('#cb');
    toggle(cb);
    expect(cb.checked).toBe(true);
    expect(cb.classList.contains(PENDING)).toBe(true);
    expect(t.events()).toEqual([{ ref: 1, handler: 'Toggle', args: { checked: true, value: 'on' } }]);
    reply({ r: 1, a: 1, o: [[1, [0], 'checked', '', 'INPUT', 1]] });
    expect(cb.checked).toBe(true);
    expect(cb.className).toBe('');
  });

  test('two rapid toggles, replies after both (acks left off, as the server sends them): final state is the server\'s, nothing left pending', async () => {
    const { $, view, reply } = await mount(html, { Toggle: { o: 1 } });
    const cb = $<HTMLInputElement>('#cb');
    toggle(cb);
    toggle(cb);
    expect(cb.checked).toBe(false);
    expect(view.log.entries.map(e => e.ref)).toEqual([1, 2]);
    reply({ r: 1, a: undefined, o: [[1, [0], 'checked', '', 'INPUT', 1]] }); // no `a`: it acknowledges ref 1 only
    expect(cb.checked).toBe(false); // ref 2 still pending: its value stays displayed
    expect(cb.classList.contains(PENDING)).toBe(true);
    reply({ r: 2, a: undefined, o: [[2, [0], 'checked', 'INPUT', 1]] });
    expect(cb.checked).toBe(false);
    expect(cb.hasAttribute('checked')).toBe(false);
    expect(cb.classList.contains(PENDING)).toBe(false);
    expect(view.log.entries).toEqual([]);
  });

  test('a reply for ref 1 while ref 2 is pending on the same element keeps ref 2 displayed', async () => {
    const { $, reply } = await mount('<input type="text" id="n" value="a" lv-change="Rename">', { Rename: { o: 1 } });
    const n = $<HTMLInputElement>('#n');
    type(n, 'b', 'change');
    type(n, 'c', 'change');
    reply({ r: 1, a: 1, o: [[1, [0], 'value', 'b', 'INPUT', 1]] });
    expect(n.value).toBe('c');
    expect(n.getAttribute('value')).toBe('b');
    reply({ r: 2, a: 2, o: [[1, [0], 'value', 'c', 'INPUT', 1]] });
    expect(n.value).toBe('c');
    expect(n.className).toBe('');
  });

  test('server disagreement wins once processed', async () => {
    const { $, reply } = await mount(html, { Toggle: { o: 1 } });
    const cb = $<HTMLInputElement>('#cb');
    toggle(cb);
    reply({ r: 1, a: 1, o: [[1, [0], 'class', 'locked', 'INPUT', 1]] }); // server kept it unchecked
    expect(cb.checked).toBe(true); // user-owned value untouched by the ack when the server did not patch it
    reply({ r: 0, a: 1, o: [[1, [0], 'checked', '', 'INPUT', 1], [2, [0], 'checked', 'INPUT', 1]] });
    expect(cb.checked).toBe(false);
    expect(cb.className).toBe('locked');
  });

  test('no flicker: when the server agrees, the synchronous rebase leaves values as they were', async () => {
    const { $, root, reply } = await mount('<li id="row"><input type="checkbox" id="cb" lv-change="Toggle" lv-optimistic="toggle-class:done closest:li"></li>', { Toggle: { o: 1 } });
    const cb = $<HTMLInputElement>('#cb');
    const li = $('#row');
    toggle(cb);
    toggle(cb);
    toggle(cb); // refs 1..3 pending; displayed: checked, done
    expect([cb.checked, li.classList.contains('done')]).toEqual([true, true]);
    const seen: string[] = [];
    const observer = new MutationObserver(records => records.forEach(r => seen.push(r.attributeName!)));
    observer.observe(root, { attributes: true, subtree: true, attributeOldValue: true });
    const before = [cb.checked, li.className, cb.className];
    // server processed ref 1 (agrees with it); refs 2 and 3 still pending
    reply({ r: 1, a: 1, o: [[1, [0], 'class', 'done', 'LI', 1], [1, [0, 0], 'checked', '', 'INPUT', 1]] });
    expect([cb.checked, li.className, cb.className]).toEqual(before); // same task: nothing painted in between
    await Promise.resolve();
    observer.disconnect();
    expect(seen.length).toBeGreaterThan(0); // it did rebase…
    expect([cb.checked, li.className, cb.className]).toEqual(before); // …with no net change
  });
});

describe('errors, disconnects, timeouts', () => {
  const html = '<span id="count">5</span>'
    + '<button id="a" lv-click="A" lv-optimistic="add-class:a #count">a</button>'
    + '<button id="b" lv-click="B" lv-optimistic="attr:data-b=1 #count">b</button>'
    + '<button id="c" lv-click="C" lv-optimistic="text:seven #count">c</button>';
  const meta = { A: { o: 1 }, B: { o: 1 }, C: { o: 1 } };

  test('an error for the middle of three pending refs reverts only its ops and flags its elements', async () => {
    const { $, root, reply } = await mount(html, meta);
    const count = $('#count');
    const errors: CustomEvent[] = [];
    root.addEventListener('lv:error', e => errors.push(e as CustomEvent));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    click($('#a'));
    click($('#b'));
    click($('#c'));
    expect(count.textContent).toBe('seven');
    expect(count.getAttribute('data-b')).toBe('1');
    // the server processed ref 1 (rendering its class) and refused ref 2; ref 3 is still in flight
    reply({ r: 2, a: 2, e: 'nope', o: [[1, [0], 'class', 'a', 'SPAN', 4]] });
    expect(count.classList.contains('a')).toBe(true);
    expect(count.hasAttribute('data-b')).toBe(false);
    expect(count.textContent).toBe('seven'); // ref 3 still applied
    expect($('#c').hasAttribute('disabled')).toBe(false); // buttons with their own predictions stay clickable
    expect(count.classList.contains(ERROR)).toBe(true);
    expect(count.classList.contains(PENDING)).toBe(true); // ref 3 still pending on it
    expect(errors.map(e => e.detail)).toEqual([{ handler: 'B', message: 'nope', ref: 2 }]);
    expect(warn).toHaveBeenCalled();
    vi.advanceTimersByTime(2100);
    expect(count.classList.contains(ERROR)).toBe(false);
    warn.mockRestore();
  });

  test('an error for ref 2 with ref 1 and 3 still pending keeps both', async () => {
    const { $, reply } = await mount(html, meta);
    const count = $('#count');
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    click($('#a'));
    click($('#b'));
    click($('#c'));
    reply({ r: 2, a: 0, e: 'rate limited' }); // rejected before processing: a does not advance
    expect(count.classList.contains('a')).toBe(true);
    expect(count.hasAttribute('data-b')).toBe(false);
    expect(count.textContent).toBe('seven');
    vi.restoreAllMocks();
  });

  test('the error flag survives a later server class patch within its window', async () => {
    const { $, reply } = await mount(html, meta);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    click($('#b'));
    reply({ r: 1, a: 1, e: 'no' });
    reply({ r: 0, a: 1, o: [[1, [0], 'class', 'server', 'SPAN', 4]] });
    expect($('#count').className).toBe('server optimistic-error');
    vi.advanceTimersByTime(2001);
    expect($('#count').className).toBe('server');
    vi.restoreAllMocks();
  });

  test('disconnect with pending refs: all reverted and flagged, none left pending', async () => {
    const { $, view, root } = await mount(html, meta);
    click($('#a'));
    click($('#c'));
    view.disconnected();
    const count = $('#count');
    expect(count.textContent).toBe('5');
    expect(count.classList.contains('a')).toBe(false);
    expect(root.querySelectorAll('.' + PENDING).length).toBe(0);
    expect(count.classList.contains(ERROR)).toBe(true);
    expect($('#a').hasAttribute('disabled')).toBe(false);
    click($('#a')); // while down the event is predicted and queued, not sent
    expect(count.classList.contains('a')).toBe(true);
    expect(count.classList.contains(PENDING)).toBe(true);
  });

  test('a per-ref timeout reverts and flags; the late reply is still applied', async () => {
    const { $, view, reply } = await mount(html, meta, 3000);
    click($('#c'));
    vi.advanceTimersByTime(2999);
    expect($('#count').textContent).toBe('seven');
    vi.advanceTimersByTime(2);
    expect($('#count').textContent).toBe('5');
    expect($('#count').classList.contains(ERROR)).toBe(true);
    expect(view.log.entries).toEqual([]);
    reply({ r: 1, a: 1, o: [[3, [0, 0], 'seven!', 1]] });
    expect($('#count').textContent).toBe('seven!');
  });

  test('a failed send counts as a failure', async () => {
    const { $, t } = await mount(html, meta);
    t.fail = true;
    click($('#c'));
    await Promise.resolve();
    await Promise.resolve();
    expect($('#count').textContent).toBe('5');
    expect($('#count').classList.contains(ERROR)).toBe(true);
  });
});

describe('declarative predictions and buttons', () => {
  test('increment on #count: corrected when the server disagrees, later pending kept', async () => {
    const { $, reply } = await mount('<span id="count">5</span><button lv-click="Inc" lv-optimistic="increment #count">+</button><button id="d" lv-click="Dec" lv-optimistic="decrement:5 #count">-5</button>',
      { Inc: { o: 1 }, Dec: { o: 1 } });
    const count = $('#count');
    const [plus] = document.querySelectorAll('button');
    click(plus);
    expect(count.textContent).toBe('6');
    expect(plus.hasAttribute('disabled')).toBe(false); // its own prediction says what happens: rapid clicks all count
    click(plus);
    expect(count.textContent).toBe('7');
    reply({ r: 1, a: 1, o: [[3, [0, 0], '10', 1]] }); // the server counted differently
    expect(count.textContent).toBe('7'); // ref 2 (absolute "7") still displayed
    reply({ r: 2, a: 2, o: [[3, [0, 0], '11', 1]] });
    expect(count.textContent).toBe('11');
    expect(count.className).toBe('');
    click($('#d'));
    expect(count.textContent).toBe('6');
  });

  test('button: disabled and data-loading-text while pending, original child nodes restored', async () => {
    const { $, reply } = await mount('<button id="save" lv-click="Save" data-loading-text="Saving…"><b>Save</b> now</button>', { Save: { o: 1 } });
    const btn = $('#save');
    const bold = btn.firstChild as Element;
    click(bold); // the click lands inside the button
    expect(btn.hasAttribute('disabled')).toBe(true);
    expect(btn.textContent).toBe('Saving…');
    reply({ r: 1, a: 1 });
    expect(btn.hasAttribute('disabled')).toBe(false);
    expect(btn.innerHTML).toBe('<b>Save</b> now');
    expect(btn.firstChild).toBe(bold);
  });

  test('server patches inside a button with loading text land on the original nodes', async () => {
    const { $, reply } = await mount('<button id="save" lv-click="Save" data-loading-text="…"><b>Save</b></button>', { Save: { o: 1 } });
    click($('#save'));
    reply({ r: 1, a: 1, o: [[3, [0, 0, 0], 'Saved', 1]] });
    expect($('#save').innerHTML).toBe('<b>Saved</b>');
  });

  test('hide closest:li and toggle-class closest:li', async () => {
    const { $, reply } = await mount('<ul><li id="r1"><input type="checkbox" lv-change="Toggle" lv-optimistic="toggle-class:done closest:li"><button class="delete" lv-click="Delete" lv-optimistic="hide closest:li">x</button></li></ul>',
      { Toggle: { o: 1 }, Delete: { o: 1 } });
    const li = $('#r1');
    toggle($<HTMLInputElement>('input'));
    expect(li.classList.contains('done')).toBe(true);
    click($('.delete'));
    expect(li.hidden).toBe(true);
    reply({ r: 2, a: 2, o: [[5, [0, 0], 'LI', 1]] }); // the server removed the row
    expect(document.getElementById('r1')).toBeNull();
  });

  test('an entry finds its element again after the server replaced it (by id)', async () => {
    const { $, reply } = await mount('<div id="box"><span id="count">1</span></div><button lv-click="Inc" lv-optimistic="increment #count">+</button><button id="b2" lv-click="Inc" lv-optimistic="add-class:hot #count">2</button>', { Inc: { o: 1 } });
    click($('#b2'));
    reply({ r: 0, a: 0, o: [[0, [0], '<div id="box"><span id="count">1</span><i>new</i></div>', 'DIV', 3]] });
    expect($('#count').classList.contains('hot')).toBe(true);
    expect($('#count').classList.contains(PENDING)).toBe(true);
  });

  test('malformed directives warn and are ignored; valid ones still apply', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { $ } = await mount('<span id="n">x</span><button lv-click="Go" lv-optimistic="explode #n; increment #n; add-class: #n; text:ok #missing; add-class:&quot;a b&quot; #n; attr:=x #n; closest:[ #n; add-class:fine #n; attr:aria-busy=true #n">go</button>', { Go: { o: 1 } });
    expect(() => click($('button'))).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(7);
    expect($('#n').getAttribute('aria-busy')).toBe('true');
    expect($('#n').textContent).toBe('x');
    expect($('#n').classList.contains('fine')).toBe(true);
    warn.mockRestore();
  });

  test('non-optimistic events get refs and rebase without touching pending ops', async () => {
    const { $, t, reply } = await mount('<span id="s">0</span><button id="o" lv-click="Opt" lv-optimistic="text:busy #s">o</button><button id="p" lv-click="Plain">p</button>', { Opt: { o: 1 } });
    click($('#o'));
    click($('#p'));
    expect(t.events().map(e => [e.ref, e.handler])).toEqual([[1, 'Opt'], [2, 'Plain']]);
    expect($('#p').hasAttribute('disabled')).toBe(false);
    reply({ r: 2, a: 0, o: [[1, [2], 'class', 'x', 'BUTTON', 3]] }); // answered out of order (ref 1 still running)
    expect($('#s').textContent).toBe('busy');
    expect($('#p').className).toBe('x');
  });

  test('radio group: failure restores the server-rendered choice', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { $, reply } = await mount('<input type="radio" name="c" id="r" value="red" checked lv-change="Pick"><input type="radio" name="c" id="g" value="green" lv-change="Pick">', { Pick: { o: 1 } });
    const g = $<HTMLInputElement>('#g');
    g.checked = true;
    g.dispatchEvent(new Event('change', { bubbles: true }));
    expect($<HTMLInputElement>('#r').checked).toBe(false);
    reply({ r: 1, a: 1, e: 'invalid' });
    expect($<HTMLInputElement>('#r').checked).toBe(true);
    expect(g.checked).toBe(false);
    expect(g.classList.contains(ERROR)).toBe(true);
    warn.mockRestore();
  });

  test('checkbox error: reverted to the server-rendered state and flagged', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { $, reply } = await mount('<input type="checkbox" id="cb" checked lv-change="Toggle">', { Toggle: { o: 1 } });
    const cb = $<HTMLInputElement>('#cb');
    toggle(cb);
    expect(cb.checked).toBe(false);
    reply({ r: 1, a: 1, e: 'locked' });
    expect(cb.checked).toBe(true);
    expect(cb.className).toBe(ERROR);
    warn.mockRestore();
  });

  test('select: predicted selection kept while pending, reverted on error', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { $, reply } = await mount('<select id="s" lv-change="Pick"><option selected>a</option><option>b</option></select><button id="o" lv-click="Other">o</button>', { Pick: { o: 1 } });
    const s = $<HTMLSelectElement>('#s');
    s.value = 'b';
    s.dispatchEvent(new Event('change', { bubbles: true }));
    expect(s.classList.contains(PENDING)).toBe(true);
    click($('#o'));
    reply({ r: 2, a: 0, o: [[1, [1], 'class', 'x', 'BUTTON', 2]] }); // an unrelated reply rebases: the selection stays
    expect(s.value).toBe('b');
    reply({ r: 1, a: 2, e: 'bad' });
    expect(s.value).toBe('a');
    expect(s.classList.contains(ERROR)).toBe(true);
    warn.mockRestore();
  });

  test('lv:error and lv:reply bubble from the root', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { $, reply } = await mount('<button lv-click="X">x</button>');
    const seen: string[] = [];
    document.addEventListener('lv:error', () => seen.push('error'));
    document.addEventListener('lv:reply', () => seen.push('reply'));
    click($('button'));
    reply({ r: 1, a: 1, e: 'no' });
    expect(seen).toEqual(['error', 'reply']);
    warn.mockRestore();
  });
});
