import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyOps, type Op } from '../src/patch';

interface Vector { name: string; old: string; new: string; ops: Op[] }

const FILE = resolve(__dirname, '../../tests/vectors/diff-vectors.json');

/** Hand-written cases for our own checks; the generated file from the C# diff engine is authoritative. */
const HANDMADE: Vector[] = [
  { name: 'text change', old: '<p>1</p>', new: '<p>2</p>', ops: [[3, [0, 0], '2']] },
  { name: 'keyed move + attr', old: '<ul><li id="a">a</li><li id="b">b</li></ul>', new: '<ul><li id="b" class="x">b</li><li id="a">a</li></ul>', ops: [[6, [0], 1, 0], [1, [0, 0], 'class', 'x']] },
  { name: 'insert row', old: '<table><tbody><tr><td>1</td></tr></tbody></table>', new: '<table><tbody><tr><td>1</td></tr><tr><td>&lt;2&gt;</td></tr></tbody></table>', ops: [[4, [0, 0], 1, '<tr><td>&lt;2&gt;</td></tr>']] },
  { name: 'remove + replace', old: '<b>x</b><i>y</i>tail', new: '<em>z</em>tail', ops: [[5, [0]], [0, [0], '<em>z</em>']] },
];

/** Serializes `html` through the same DOM, so serializer differences (attribute quoting, escaping) cancel out. */
function normalized(html: string) {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div.innerHTML;
}

function check(v: Vector) {
  const div = document.createElement('div');
  div.innerHTML = v.old;
  applyOps(div, v.ops);
  expect(div.innerHTML).toBe(normalized(v.new));
}

describe('hand-written vectors', () => {
  for (const v of HANDMADE) test(v.name, () => check(v));
});

describe('cross-language vectors (tests/vectors/diff-vectors.json)', () => {
  test('the generated file exists', () => {
    if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run dotnet test first to generate vectors`);
  });
  const vectors: Vector[] = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : [];
  for (const v of vectors) {
    test(v.name, () => {
      const div = document.createElement('div');
      div.innerHTML = v.old;
      applyOps(div, v.ops);
      // exact serialization first; when it differs only by serializer details, the normalized comparison decides
      if (div.innerHTML !== v.new) expect(div.innerHTML).toBe(normalized(v.new));
    });
  }
});
