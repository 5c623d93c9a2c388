import { describe, expect, test } from 'vitest';
import { applyOps, buildNodes, parseHtml, replaceHtml, resolvePath } from '../src/patch';

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
    applyOps(r, [[0, [1], '<h2 class="x">B &amp; C</h2>text', 'P', 2]]);
    expect(r.innerHTML).toBe('<p>a</p><h2 class="x">B &amp; C</h2>text');
  });

  test('1 sets and 2 removes an attribute', () => {
    const r = root('<p title="a">x</p>');
    applyOps(r, [[1, [0], 'title', 'b "q"', 'P', 1], [1, [0], 'data-x', '1', 'P', 1]]);
    expect(r.firstElementChild!.getAttribute('title')).toBe('b "q"');
    applyOps(r, [[2, [0], 'title', 'P', 1]]);
    expect(r.innerHTML).toBe('<p data-x="1">x</p>');
  });

  test('3 sets text and comment data', () => {
    const r = root('<p>old</p><!--c-->');
    applyOps(r, [[3, [0, 0], '<new> & "x"', 1], [3, [1], 'c2', 2, '#comment']]);
    expect(r.innerHTML).toBe('<p>&lt;new&gt; &amp; "x"</p><!--c2-->');
  });

  test('4 inserts one or more nodes before an index, or appends', () => {
    const r = root('<ul><li>a</li><li>d</li></ul>');
    applyOps(r, [[4, [0], 1, '<li>b</li><li>c</li>', 'UL', 2], [4, [0], 4, '<li>e</li>', 'UL', 4]]);
    expect(r.innerHTML).toBe('<ul><li>a</li><li>b</li><li>c</li><li>d</li><li>e</li></ul>');
  });

  test('5 removes a node; 6 moves a child forward and backward', () => {
    const r = root('<ul><li>a</li><li>b</li><li>c</li><li>x</li></ul>');
    applyOps(r, [[5, [0, 3], 'LI', 4]]);
    applyOps(r, [[6, [0], 0, 2, 'UL', 3]]);
    expect(r.innerHTML).toBe('<ul><li>b</li><li>c</li><li>a</li></ul>');
    applyOps(r, [[6, [0], 2, 0, 'UL', 3]]);
    expect(r.innerHTML).toBe('<ul><li>a</li><li>b</li><li>c</li></ul>');
  });

  test('paths see the effects of the previous ops of the same reply', () => {
    const r = root('<p>a</p>');
    applyOps(r, [[4, [], 0, '<h1>t</h1>', 'DIV', 1], [3, [1, 0], 'b', 1]]);
    expect(r.innerHTML).toBe('<h1>t</h1><p>b</p>');
  });

  test('an unresolvable path throws, naming the op and the path', () => {
    const r = root('<p>a</p>');
    expect(resolvePath(r, [0, 0, 0])).toBeUndefined();
  });

  test('table rows and cells survive parsing', () => {
    const r = root('<table><tbody><tr><td>1</td></tr></tbody></table>');
    applyOps(r, [[4, [0, 0], 1, '<tr><td>2</td><td>x</td></tr><tr><td>3</td></tr>', 'TBODY', 1], [0, [0, 0, 0, 0], '<td>one</td>', 'TD', 1]]);
    expect(r.innerHTML).toBe('<table><tbody><tr><td>one</td></tr><tr><td>2</td><td>x</td></tr><tr><td>3</td></tr></tbody></table>');
    expect(r.querySelectorAll('tr').length).toBe(3);
  });

  test('options inside a select and svg children keep their context', () => {
    const r = root('<select><option>a</option></select><svg><rect></rect></svg>');
    applyOps(r, [[4, [0], 1, '<option selected>b</option>', 'SELECT', 1], [4, [1], 1, '<circle r="2"></circle>', 'svg', 1]]);
    expect((r.firstElementChild as HTMLSelectElement).options.length).toBe(2);
    expect(r.querySelector('circle')!.namespaceURI).toBe('http://www.w3.org/2000/svg');
  });
});

describe('7: stream rows', () => {
  const ids = (el: Element) => [...el.children].map(c => c.id).join(',');

  test('resets, deletes, inserts at the end, the start and an index, and replaces a row with the same id in place', () => {
    const r = root('<h1>t</h1><ul id="s" lv-stream="s">\n<li id="a">a</li>\n<li id="b">b</li>\n</ul>');
    const ul = r.children[1];
    applyOps(r, [[7, [1], 0, 0, ['a'], [['c', -1, '<li id="c">c</li>'], ['z', 0, '<li id="z">z</li>'], ['m', 1, '<li id="m">m</li>']], 'UL', 2]]);
    expect(ids(ul)).toBe('z,m,b,c');
    applyOps(r, [[7, [1], 0, 0, [], [['b', -1, '<li id="b" class="new">B</li>']], 'UL', 2]]);
    expect(ids(ul)).toBe('z,m,b,c');
    expect(ul.querySelector('#b')!.outerHTML).toBe('<li id="b" class="new">B</li>');
    applyOps(r, [[7, [1], 1, 0, ['gone'], [['x', -1, '<li id="x">x</li>']], 'UL', 2]]);
    expect(ul.innerHTML).toBe('<li id="x">x</li>');
  });

  test('keeps at most limit rows, dropping from the end opposite the insert', () => {
    const r = root('<ol id="s" lv-stream="s"></ol>');
    const ol = r.firstElementChild!;
    for (const id of ['1', '2', '3', '4']) applyOps(r, [[7, [0], 0, 3, [], [[id, -1, `<li id="${id}">${id}</li>`]], 'OL', 1]]);
    expect(ids(ol)).toBe('2,3,4'); // appended: the oldest first rows go
    applyOps(r, [[7, [0], 0, 3, [], [['0', 0, '<li id="0">0</li>']], 'OL', 1]]);
    expect(ids(ol)).toBe('0,2,3'); // prepended: the last row goes
  });

  test('rows are parsed in the container\'s context and a full render keeps them', () => {
    const r = root('<table><tbody id="t" lv-stream="t"></tbody></table><p>x</p>');
    applyOps(r, [[7, [0, 0], 0, 0, [], [['r1', -1, '<tr id="r1"><td>1</td></tr>']], 'TBODY', 1]]);
    expect(r.querySelector('#r1 td')!.textContent).toBe('1');
    replaceHtml(r, '<table><tbody id="t" lv-stream="t"></tbody></table><p>y</p>');
    expect(r.querySelector('#t')!.innerHTML).toBe('<tr id="r1"><td>1</td></tr>');
    expect(() => applyOps(r, [[7, [1], 0, 0, [], [], 'UL', 2]])).toThrow(/lv: op 7 \[1\] UL\/2 != P\/2/);
  });
});

describe('property sync', () => {
  test('value, checked and selected attributes also set the property', () => {
    const r = root('<input id="t" value="a"><input id="c" type="checkbox"><select id="s"><option>x</option><option>y</option></select>');
    const [t, c] = r.querySelectorAll('input');
    const s = r.querySelector('select')!;
    t.value = 'typed'; // dirty: the attribute alone would no longer change it
    c.checked = true;
    applyOps(r, [[1, [0], 'value', 'server', 'INPUT', 3], [2, [1], 'checked', 'INPUT', 3], [1, [2, 1], 'selected', '', 'OPTION', 2]]);
    expect(t.value).toBe('server');
    expect(c.checked).toBe(false);
    expect(s.value).toBe('y');
    applyOps(r, [[1, [1], 'checked', '', 'INPUT', 3], [2, [0], 'value', 'INPUT', 3]]);
    expect(c.checked).toBe(true);
    expect(t.value).toBe('');
  });

  test('the focused input keeps what the user typed', () => {
    const r = root('<input id="t" value="a">');
    const t = r.querySelector('input')!;
    t.focus();
    t.value = 'user text';
    applyOps(r, [[1, [0], 'value', 'server', 'INPUT', 1], [1, [0], 'class', 'x', 'INPUT', 1]]);
    expect(t.value).toBe('user text');
    expect(t.getAttribute('value')).toBe('server');
    expect(t.className).toBe('x');
  });

  test('a textarea follows its text patches unless focused', () => {
    const r = root('<textarea>a</textarea>');
    const ta = r.querySelector('textarea')!;
    ta.value = 'edited';
    applyOps(r, [[3, [0, 0], 'b', 1]]);
    expect(ta.value).toBe('b');
    ta.focus();
    ta.value = 'typing';
    applyOps(r, [[3, [0, 0], 'c', 1]]);
    expect(ta.value).toBe('typing');
  });

  test('a replaced focused field keeps value, focus and selection', () => {
    const r = root('<div><input id="q" name="q" value="a"></div>');
    const q = r.querySelector('input')!;
    q.focus();
    q.value = 'hello';
    q.setSelectionRange(2, 3);
    applyOps(r, [[0, [0], '<div class="new"><input id="q" name="q" value="server"></div>', 'DIV', 1]]);
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

});

describe('verification (every op checks the node at its path)', () => {
  const cases: [string, string, Parameters<typeof applyOps>[1][number], RegExp][] = [
    ['set-text on an element', '<p><i>u</i>a</p>', [3, [0, 0], 'x', 2], /^lv: op 3 \[0,0\] #text\/2 != I\/2$/],
    ['set-text on a comment', '<p><!--c--></p>', [3, [0, 0], 'x', 1], /#text\/1 != #comment\/1/],
    ['comment data on a text', '<p>t</p>', [3, [0, 0], 'x', 1, '#comment'], /#comment\/1 != #text\/1/],
    ['set-text in a list a user script grew', '<p><i>u</i>a</p>', [3, [0, 1], 'x', 1], /#text\/1 != #text\/2/],
    ['attribute on another tag', '<p>a</p>', [1, [0], 'class', 'x', 'LI', 1], /op 1 \[0\] LI\/1 != P\/1/],
    ['attribute in a list a parser grew', '<select><div>x</div><option>a</option></select>', [1, [0, 1], 'selected', '', 'OPTION', 1], /OPTION\/1 != OPTION\/2/],
    ['remove attribute on a text', '<p>a</p>', [2, [0, 0], 'class', 'P', 1], /P\/1 != #text\/1/],
    ['replace of another node', '<p>a</p>', [0, [0], '<b>x</b>', 'DIV', 1], /DIV\/1 != P\/1/],
    ['remove of another node', '<p>a</p>', [5, [0, 0], 'B', 1], /B\/1 != #text\/1/],
    ['insert under another parent', '<p>a</p>', [4, [0], 0, '<b>x</b>', 'UL', 1], /op 4 \[0\] UL\/1 != P\/1/],
    ['insert into a list of another length', '<ul><li>a</li></ul>', [4, [0], 2, '<li>x</li>', 'UL', 2], /UL\/2 != UL\/1/],
    ['remove from a list a user script grew', '<p><i>u</i>a<b>x</b></p>', [5, [0, 1], 'B', 2], /B\/2 != #text\/3/],
    ['replace in a list a parser grew', '<p>a<b>x</b>c</p>', [0, [0, 1], '<i>y</i>', 'B', 2], /B\/2 != B\/3/],
    ['move in a list of another length', '<ul><li>a</li><li>b</li></ul>', [6, [0], 2, 0, 'UL', 3], /UL\/3 != UL\/2/],
    ['an HTML element where an SVG one is expected', '<div><circle></circle></div>', [1, [0, 0], 'r', '2', 'circle', 1], /circle\/1 != CIRCLE\/1/],
    ['a path that does not resolve', '<p>a</p>', [3, [4, 0], 'x', 1], /^lv: op 3 \[4,0\] #text\/1 != undefined\/undefined$/],
  ];
  for (const [name, html, op, message] of cases) {
    test(name + ' throws and leaves the DOM as it was', () => {
      const r = root(html);
      const before = r.innerHTML;
      expect(() => applyOps(r, [op])).toThrow(message);
      expect(r.innerHTML).toBe(before);
    });
  }

  test('ops before the failing one stay applied (the caller resyncs the whole view)', () => {
    const r = root('<p>a</p><p>b</p>');
    expect(() => applyOps(r, [[3, [0, 0], 'A', 1], [3, [1], 'B', 2]])).toThrow(/#text\/2 != P\/2/);
    expect(r.innerHTML).toBe('<p>A</p><p>b</p>');
  });
});

describe('content: HTML in the parent\'s context, or a node list', () => {
  test('HTML is parsed in the context of the parent element', () => {
    // (MathML, foreignObject and noscript contexts need a real parser: the Chromium conformance suite covers them.)
    const r = root('<table><tbody><tr><td>1</td></tr></tbody></table><svg></svg>');
    const [table, svg] = [...r.childNodes];
    expect(parseHtml(table.firstChild!, '<tr><td>2</td></tr>')[0].nodeName).toBe('TR');
    expect((parseHtml(svg, '<circle></circle>')[0] as Element).namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(parseHtml(r, '<tr><td>z</td></tr>')[0].nodeName).toBe('#text'); // a <tr> outside a table is dropped, as the server parses it
  });

  test('a node list is built with DOM calls: namespaces, attributes, comments, template content', () => {
    const r = root('<div></div>');
    applyOps(r, [[4, [0], 0, [
      ['', 'a', ['href', '#'], ['', 'a', [], 'nested']],
      [8, 'note'],
      ['http://www.w3.org/2000/svg', 'svg', ['viewBox', '0 0 1 1'], ['', 'circle', ['r', '1']]],
      ['', 'template', [], ['', 'li', [], 'row']],
      'tail',
    ], 'DIV', 0]]);
    const div = r.firstChild as Element;
    expect(div.querySelector('a a')!.textContent).toBe('nested');
    expect(div.childNodes[1].nodeType).toBe(8);
    expect(div.querySelector('circle')!.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect((div.querySelector('template') as HTMLTemplateElement).content.firstChild!.nodeName).toBe('LI');
    expect(div.lastChild!.textContent).toBe('tail');
  });

  test('a full render may be a node list', () => {
    const r = root('<p>old</p>');
    replaceHtml(r, [['', 'form', [], ['', 'form', [], 'inner']]]);
    expect(r.querySelectorAll('form').length).toBe(2);
  });

  test('a script in a node list is made by the parser (never by createElement, which would run it)', () => {
    const r = root('<div></div>');
    const [script] = buildNodes(r.firstChild!, [['', 'script', [], 'window.ran = 1']]) as HTMLScriptElement[];
    expect(script.nodeName).toBe('SCRIPT');
    expect(script.textContent).toBe('window.ran = 1');
  });
});
