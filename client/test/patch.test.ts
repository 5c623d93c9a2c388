import { describe, expect, test } from 'vitest';
import { applyOps, parseHtml, replaceHtml, resolvePath, type Op } from '../src/patch';

function root(html: string) {
  document.body.innerHTML = '';
  const div = document.createElement('div');
  div.innerHTML = html;
  document.body.append(div);
  return div;
}

describe('applyOps', () => {
  test('0 replaces a node with the parsed html', () => {
    const r = root('<p>a</p><p>b</p>');
    applyOps(r, [[0, [1], '<h2 class="x">B &amp; C</h2>text']]);
    expect(r.innerHTML).toBe('<p>a</p><h2 class="x">B &amp; C</h2>text');
  });

  test('1 sets and 2 removes an attribute', () => {
    const r = root('<p title="a">x</p>');
    applyOps(r, [[1, [0], 'title', 'b "q"'], [1, [0], 'data-x', '1']]);
    expect(r.firstElementChild!.getAttribute('title')).toBe('b "q"');
    applyOps(r, [[2, [0], 'title']]);
    expect(r.innerHTML).toBe('<p data-x="1">x</p>');
  });

  test('3 sets text and comment data', () => {
    const r = root('<p>old</p><!--c-->');
    applyOps(r, [[3, [0, 0], '<new> & "x"'], [3, [1], 'c2']]);
    expect(r.innerHTML).toBe('<p>&lt;new&gt; &amp; "x"</p><!--c2-->');
  });

  test('4 inserts one or more nodes before an index, or appends', () => {
    const r = root('<ul><li>a</li><li>d</li></ul>');
    applyOps(r, [[4, [0], 1, '<li>b</li><li>c</li>'], [4, [0], 4, '<li>e</li>']]);
    expect(r.innerHTML).toBe('<ul><li>a</li><li>b</li><li>c</li><li>d</li><li>e</li></ul>');
  });

  test('5 removes a node; 6 moves a child forward and backward', () => {
    const r = root('<ul><li>a</li><li>b</li><li>c</li><li>x</li></ul>');
    applyOps(r, [[5, [0, 3]]]);
    applyOps(r, [[6, [0], 0, 2]]);
    expect(r.innerHTML).toBe('<ul><li>b</li><li>c</li><li>a</li></ul>');
    applyOps(r, [[6, [0], 2, 0]]);
    expect(r.innerHTML).toBe('<ul><li>a</li><li>b</li><li>c</li></ul>');
  });

  test('paths see the effects of the previous ops of the same reply', () => {
    const r = root('<p>a</p>');
    applyOps(r, [[4, [], 0, '<h1>t</h1>'], [3, [1, 0], 'b']]);
    expect(r.innerHTML).toBe('<h1>t</h1><p>b</p>');
  });

  test('an unresolvable path throws', () => {
    const r = root('<p>a</p>');
    expect(() => applyOps(r, [[3, [4, 0], 'x']])).toThrow(/no node/);
    expect(() => resolvePath(r, [0, 0, 0])).toThrow();
  });

  test('table rows and cells survive parsing', () => {
    const r = root('<table><tbody><tr><td>1</td></tr></tbody></table>');
    applyOps(r, [[4, [0, 0], 1, '<tr><td>2</td><td>x</td></tr><tr><td>3</td></tr>'], [0, [0, 0, 0, 0], '<td>one</td>']]);
    expect(r.innerHTML).toBe('<table><tbody><tr><td>one</td></tr><tr><td>2</td><td>x</td></tr><tr><td>3</td></tr></tbody></table>');
    expect(r.querySelectorAll('tr').length).toBe(3);
  });

  test('options inside a select and svg children keep their context', () => {
    const r = root('<select><option>a</option></select><svg><rect></rect></svg>');
    applyOps(r, [[4, [0], 1, '<option selected>b</option>'], [4, [1], 1, '<circle r="2"></circle>']]);
    expect((r.firstElementChild as HTMLSelectElement).options.length).toBe(2);
    expect(r.querySelector('circle')!.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(parseHtml(r, '<tr><td>z</td></tr>').firstChild!.nodeName).toBe('TR');
  });
});

describe('property sync', () => {
  test('value, checked and selected attributes also set the property', () => {
    const r = root('<input id="t" value="a"><input id="c" type="checkbox"><select id="s"><option>x</option><option>y</option></select>');
    const [t, c] = r.querySelectorAll('input');
    const s = r.querySelector('select')!;
    t.value = 'typed'; // dirty: the attribute alone would no longer change it
    c.checked = true;
    applyOps(r, [[1, [0], 'value', 'server'], [2, [1], 'checked'], [1, [2, 1], 'selected', '']]);
    expect(t.value).toBe('server');
    expect(c.checked).toBe(false);
    expect(s.value).toBe('y');
    applyOps(r, [[1, [1], 'checked', ''], [2, [0], 'value']]);
    expect(c.checked).toBe(true);
    expect(t.value).toBe('');
  });

  test('the focused input keeps what the user typed', () => {
    const r = root('<input id="t" value="a">');
    const t = r.querySelector('input')!;
    t.focus();
    t.value = 'user text';
    applyOps(r, [[1, [0], 'value', 'server'], [1, [0], 'class', 'x']]);
    expect(t.value).toBe('user text');
    expect(t.getAttribute('value')).toBe('server');
    expect(t.className).toBe('x');
  });

  test('a textarea follows its text patches unless focused', () => {
    const r = root('<textarea>a</textarea>');
    const ta = r.querySelector('textarea')!;
    ta.value = 'edited';
    applyOps(r, [[3, [0, 0], 'b']]);
    expect(ta.value).toBe('b');
    ta.focus();
    ta.value = 'typing';
    applyOps(r, [[3, [0, 0], 'c']]);
    expect(ta.value).toBe('typing');
  });

  test('a replaced focused field keeps value, focus and selection', () => {
    const r = root('<div><input id="q" name="q" value="a"></div>');
    const q = r.querySelector('input')!;
    q.focus();
    q.value = 'hello';
    q.setSelectionRange(2, 3);
    applyOps(r, [[0, [0], '<div class="new"><input id="q" name="q" value="server"></div>']]);
    const q2 = r.querySelector('input')!;
    expect(q2).not.toBe(q);
    expect(q2.value).toBe('hello');
    expect(document.activeElement).toBe(q2);
    expect([q2.selectionStart, q2.selectionEnd]).toEqual([2, 3]);
  });

  test('a full render keeps the focused field (matched by name)', () => {
    const r = root('<form><input name="title" value=""></form>');
    const i = r.querySelector('input')!;
    i.focus();
    i.value = 'draft';
    replaceHtml(r, '<h1>New</h1><form><input name="title" value=""></form>');
    expect(r.querySelector('h1')).not.toBeNull();
    expect(r.querySelector('input')!.value).toBe('draft');
  });

  test('op tuples type-check against the protocol shapes', () => {
    const ops: Op[] = [[0, [], 'x'], [6, [0], 1, 0]];
    expect(ops.length).toBe(2);
  });
});
