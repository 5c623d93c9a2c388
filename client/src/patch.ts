import { byName, NOT_TEXT } from './form';

/** A child-node index path from the view root; `[]` is the root itself (docs/protocol.md). */
export type Path = number[];

/** A patch operation as sent by the server; the first element is its code (docs/protocol.md, "Patch operations"). */
export type Op =
  | [0, Path, string]
  | [1, Path, string, string]
  | [2, Path, string]
  | [3, Path, string]
  | [4, Path, number, string]
  | [5, Path]
  | [6, Path, number, number];

/** The node at `path` under `root`. Throws an Error when the path does not resolve (the DOM drifted: resync). */
export function resolvePath(root: Node, path: Path): Node {
  let node = root;
  for (const i of path) {
    node = node.childNodes[i];
    if (!node) throw new Error(`lv: no node at [${path}]`);
  }
  return node;
}

/** The element under `root` with id `id`, or null. */
export const byId = (root: Element, id: string) => root.querySelector('#' + CSS.escape(id));

/**
 * Parses `html` for insertion under `parent`. A `<template>` parses in "in template" mode, so `<tr>`, `<td>`,
 * `<option>` survive; SVG children are wrapped so they get the SVG namespace.
 */
export function parseHtml(parent: Node, html: string): DocumentFragment {
  const t = document.createElement('template');
  const svg = parent instanceof SVGElement;
  t.innerHTML = svg ? `<svg>${html}</svg>` : html;
  const { content } = t;
  if (svg) content.replaceChildren(...content.firstChild!.childNodes);
  return content;
}

/** Inserts `child` under `parent` before the child at `index` (at the end when there is none). */
const insertAt = (parent: Node, child: Node, index: number) => parent.insertBefore(child, parent.childNodes[index] ?? null);

/** Sets a DOM property, except `value` of the focused element: what the user is typing wins. */
export function setProp(el: Element, name: string, value: unknown): void {
  if (!(name === 'value' && el === document.activeElement)) (el as any)[name] = value;
}

/** Sets (or with `null` removes) an attribute; `value`, `checked` and `selected` also sync the DOM property. */
export function setAttr(el: Element, name: string, value: string | null): void {
  value == null ? el.removeAttribute(name) : el.setAttribute(name, value);
  if (/^(value|checked|selected)$/.test(name) && name in el)
    setProp(el, name, name === 'value' ? value ?? '' : value != null);
}

const isTextual = (el: Element | null): el is HTMLInputElement =>
  !!el?.matches('input,textarea') && !NOT_TEXT.test((el as HTMLInputElement).type);

/**
 * Runs `mutate`, and when it destroyed the focused text field of `root`, moves its value, focus and selection to the
 * element with the same id (or name) that replaced it.
 */
export function keepFocus(root: Element, mutate: () => void): void {
  const f = document.activeElement;
  const saved = isTextual(f) && root.contains(f) && [f.id, f.name, f.value, f.selectionStart, f.selectionEnd] as const;
  mutate();
  if (!saved || f!.isConnected) return;
  const [id, name, value, start, end] = saved;
  const next = id ? byId(root, id) : name ? root.querySelector(byName(name)) : null;
  if (!isTextual(next)) return;
  next.value = value;
  next.focus();
  try { next.setSelectionRange(start, end); } catch { /* type without selection (email, number) */ }
}

/**
 * `html` parsed under `parent`, where each `lv-ignore` element (by id) takes the children of the element of the same id
 * now under `root`: what client code (a hook) drew there survives a replacement.
 */
function parseKeeping(root: Element, parent: Node, html: string): DocumentFragment {
  const fragment = parseHtml(parent, html);
  for (const fresh of fragment.querySelectorAll('[lv-ignore][id]')) {
    const old = byId(root, fresh.id);
    if (old?.hasAttribute('lv-ignore')) fresh.replaceChildren(...old.childNodes);
  }
  return fragment;
}

/** Replaces the children of `root` with `html` (a full render), preserving the focused field and `lv-ignore` content. */
export function replaceHtml(root: Element, html: string): void {
  keepFocus(root, () => root.replaceChildren(parseKeeping(root, root, html)));
}

/**
 * Applies server ops to the DOM under `root`, in order (each op's paths see the previous ops' effects). Paths start at
 * `base` (a live component's ops: a stand-in whose only child is the component's root element). `touch` hears of
 * each node an op is about to change (client hooks' `beforeUpdate`). Throws an Error when a path does not resolve.
 */
export function applyOps(root: Element, ops: Op[], base: Node = root, touch?: (node: Node | null) => void): void {
  for (const op of ops) {
    const node = resolvePath(base, op[1]);
    const parent = node.parentNode;
    touch?.(op[0] === 0 || op[0] === 5 ? parent : node);
    switch (op[0]) {
      case 0: keepFocus(root, () => (node as ChildNode).replaceWith(parseKeeping(root, parent!, op[2]))); break;
      case 1:
      case 2: setAttr(node as Element, op[2], op[0] === 1 ? op[3] : null); break;
      case 3: (node as CharacterData).data = op[2]; break;
      case 4: insertAt(node, parseHtml(node, op[3]), op[2]); break;
      case 5: (node as ChildNode).remove(); break;
      case 6: insertAt(node, node.removeChild(node.childNodes[op[2]]), op[3]); // the new index counts without it
    }
    // A textarea's value is its text only until the user edits it: keep it in step with the text patches.
    const changed = op[0] === 4 ? node : parent;
    if (changed?.nodeName === 'TEXTAREA') setProp(changed as Element, 'value', changed.textContent);
  }
}
