import { doc, have } from './loader';
import { byName, NOT_TEXT } from './form';

/** A child-node index path from the view root; `[]` is the root itself (docs/protocol.md). */
export type Path = number[];

/**
 * A node of the node-list form of content (docs/protocol.md, "Content"): a text node is a string, a comment
 * `[8, data]`, an element `[ns, tag, [name, value, …], …children]` where ns is its namespace URI, or `""` when it is
 * the namespace of the element it is built under.
 */
export type NodeSpec = string | [8, string] | [string, string, string[], ...NodeSpec[]];

/** Nodes an op or a full render carries: HTML, or a node list when HTML would not re-parse to the server's tree. */
export type Content = string | NodeSpec[];

/** What the node at an op's path must be: its `nodeName` (`LI`, `circle`, `#text`, `#comment`). */
export type Check = string;

/**
 * A patch operation as sent by the server (docs/protocol.md, "Patch operations"): its code, its path, its arguments,
 * its check and the length of the child list it works in (the target's parent's; for insert and move the target's
 * own). A set-text op puts the length first and omits the check of a text node (`#text`). Op 7 changes the rows of a
 * stream container (`[7, path, reset, limit, deletes, inserts, nodeName, count]`, docs/protocol.md, "Streams").
 */
export type Op =
  | [0, Path, Content, Check, number]
  | [1, Path, string, string, string, number]
  | [2, Path, string, string, number]
  | [3, Path, string, number] | [3, Path, string, number, '#comment']
  | [4, Path, number, Content, string, number]
  | [5, Path, Check, number]
  | [6, Path, number, number, string, number]
  | [7, Path, number, number, string[], [string, number, Content][], string, number];

/** The node at `path` under `root`, or undefined when the path does not resolve (the DOM drifted: resync). */
export const resolvePath = (root: Node, path: Path): Node | undefined =>
  path.reduce<Node | undefined>((node, i) => node?.childNodes[i], root);

/** The element under `root` with id `id`, or null. */
export const byId = (root: Element, id: string) => root.querySelector('#' + CSS.escape(id));

/**
 * Parses `html` for insertion under `parent` with the fragment parsing algorithm in the parent's context (`innerHTML`
 * of a detached shallow clone: its namespace, local name and attributes, e.g. the `encoding` that makes MathML
 * `annotation-xml` hold HTML), as the server's tree was built: `<tr>` under `tbody`, `<mi>` under `math`, HTML under SVG
 * `foreignObject`, `noscript` as text (scripting on). Scripts it creates never run. (A detached clone loads nothing,
 * except that a media element with `src` may fetch its metadata.)
 */
export function parseHtml(parent: Node, html: string): NodeListOf<ChildNode> {
  const context = parent.cloneNode() as Element;
  context.innerHTML = html;
  return context.childNodes;
}

/**
 * Builds nodes with DOM calls for insertion under `parent` (content whose HTML would not re-parse to the server's
 * tree). A script comes from the fragment parser, which marks it "already started": it never runs.
 */
export const buildNodes = (parent: Node, specs: NodeSpec[]): (Node | string)[] => specs.map(spec => {
  if (typeof spec == 'string') return spec;
  if (spec[0] == 8) return new Comment(spec[1]);
  const [ns, tag, attrs, ...children] = spec;
  const el = tag == 'script'
    ? parseHtml(parent, '<script></script>')[0] as Element
    : doc.createElementNS(ns || (parent as Element).namespaceURI, tag);
  for (let i = 0; i < attrs.length;) el.setAttribute(attrs[i++], attrs[i++]);
  ((el as HTMLTemplateElement).content ?? el).append(...buildNodes(el, children));
  return el;
});

/** The nodes of `content` for insertion under `parent`. */
export const nodesOf = (parent: Node, content: Content) => typeof content == 'string' ? parseHtml(parent, content) : buildNodes(parent, content);

/** Inserts `nodes` under `parent` before the child at `index` (at the end when there is none). */
const insertAt = (parent: Node, index: number, ...nodes: (Node | string)[]) => {
  const next = parent.childNodes[index];
  next ? next.before(...nodes) : (parent as Element).append(...nodes);
};

/** Sets a DOM property, except `value` of the focused element: what the user is typing wins. */
export function setProp(el: Element, name: string, value: unknown): void {
  if (!(name == 'value' && el == doc.activeElement)) (el as any)[name] = value;
}

/** Sets (or with `null` removes) an attribute; `value`, `checked` and `selected` also sync the DOM property. */
export function setAttr(el: Element, name: string, value: string | null): void {
  value == null ? el.removeAttribute(name) : el.setAttribute(name, value);
  if (/^(value|checked|selected)$/.test(name) && name in el)
    setProp(el, name, name == 'value' ? value ?? '' : value != null);
}

const isTextual = (el: Element | null): el is HTMLInputElement =>
  !!el?.matches('input,textarea') && !NOT_TEXT.test((el as HTMLInputElement).type);

/**
 * Runs `mutate`, and when it destroyed the focused text field of `root`, moves its value, focus and selection to the
 * element with the same id (or name) that replaced it.
 */
export function keepFocus(root: Element, mutate: () => void): void {
  const f = doc.activeElement;
  const had = isTextual(f) && root.contains(f);
  mutate();
  // the detached field still holds its value and selection
  if (!had || f.isConnected) return;
  const next = f.id ? byId(root, f.id) : f.name ? root.querySelector(byName(f.name)) : null;
  if (!isTextual(next)) return;
  next.value = f.value;
  next.focus();
  try { next.setSelectionRange(f.selectionStart, f.selectionEnd); } catch { /* type without selection (email, number) */ }
}

/**
 * The nodes of `content` for `parent`, where each `lv-ignore` element with an id takes the children of the element of
 * that id now under `root`: what client code (a hook) drew there survives a replacement.
 */
function keeping(root: Element, parent: Node, content: Content): (Node | string)[] {
  const nodes = [...nodesOf(parent, content)];
  for (const n of nodes)
    if ((n as Node).nodeType == 1)
      for (const fresh of [n as Element, ...(n as Element).querySelectorAll(KEPT)]) {
        const old = fresh.matches(KEPT) && byId(root, fresh.id);
        if (old && old.matches(KEPT)) fresh.replaceChildren(...old.childNodes);
      }
  return nodes;
}

/** Elements whose children the server does not send: a hook's (`lv-ignore`) and a stream's rows (`lv-stream`). */
const KEPT = '[lv-ignore][id],[lv-stream][id]';

/** Replaces the children of `root` with `content` (a full render), preserving the focused field and `lv-ignore` content. */
export function replaceHtml(root: Element, content: Content): void {
  keepFocus(root, () => root.replaceChildren(...keeping(root, root, content)));
}

/**
 * Applies server ops to the DOM under `root`, in order (each op's paths see the previous ops' effects). Before each op
 * it verifies the node at the op's path against the op's check, its `nodeName` (for insert and move: the parent's),
 * and the length of the child list the op works in, so a DOM that differs from the server's tree (a user script, a
 * parser difference) is never patched in the wrong place. Throws an Error naming the op, the path and what it found
 * (nodeName/length) when a path does not resolve or a check fails (the caller resyncs). Paths start at `base` (for a
 * live component's ops: a stand-in whose only child is the component's root element). `touch` hears of each node an op
 * is about to change (client hooks' `beforeUpdate`).
 */
export function applyOps(root: Element, ops: Op[], base: Node = root, touch?: (node: Node | null) => void): void {
  for (const op of ops) {
    const [code, path] = op;
    const node = resolvePath(base, path)!;
    const parent = (path.length == 1 ? base : node?.parentNode)!;
    const text = code == 3;
    const count = op[text ? 3 : op.length - 1];
    const want = text ? op[4] ?? '#text' : op[op.length - 2];
    const n = (code == 4 || code == 6 ? node : parent)?.childNodes.length;
    if (node?.nodeName !== want || n !== count) throw Error(`lv: op ${code} [${path}] ${want}/${count} != ${node?.nodeName}/${n}`);
    touch?.(code == 0 || code == 5 ? node.parentNode : node);
    switch (op[0]) {
      case 0: keepFocus(root, () => (node as ChildNode).replaceWith(...keeping(root, node.parentNode!, op[2]))); break;
      case 1:
      case 2: setAttr(node as Element, op[2], code == 1 ? op[3] : null); break;
      case 3: (node as CharacterData).data = op[2]; break;
      case 4: insertAt(node, op[2], ...nodesOf(node, op[3])); break;
      case 5: (node as ChildNode).remove(); break;
      case 6: insertAt(node, op[3], node.removeChild(node.childNodes[op[2]])); // the new index counts without it
        break;
      case 7: have('streams')!.stream(node as Element, op); // a view waits for the module before such an op
    }
    // A textarea's value is its text only until the user edits it: keep it in step with the text patches.
    const changed = code == 4 ? node : parent;
    if (changed?.nodeName == 'TEXTAREA') setProp(changed as Element, 'value', changed.textContent);
  }
}
