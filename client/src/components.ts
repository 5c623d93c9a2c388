/**
 * Live components in the client (docs/protocol.md, "Live components"): the events inside a component's root
 * (`data-lv-c`) go to that component's handlers, with its own handler metadata, and a reply's `c` patches each
 * component from a stand-in parent whose only child is its root element.
 */
import type { Op } from './patch';
import { COMPONENT, META, ROOT } from './protocol';

/** The component root of id `cid` under `root`, or null. */
const rootOf = (root: Element, cid: string) => root.querySelector(`[${COMPONENT}="${CSS.escape(cid)}"]`);

/** The id of the live component `el` is in (its root's `data-lv-c`), or null for the view under `root`. */
export function componentOf(root: Element, el: Element | null | undefined): string | null {
  const scope = el?.closest(`[${COMPONENT}],${ROOT}`);
  return scope && scope !== root ? scope.getAttribute(COMPONENT) : null;
}

/** The handler metadata of component `cid` (its root's `data-lv-m`), or `{}`. */
export const componentMeta = (root: Element, cid: string) => JSON.parse(rootOf(root, cid)?.getAttribute(META) || '{}');

/**
 * Applies a reply's component ops (`{ [componentId]: Op[] }`) with `apply` (the core's `applyOps`, which throws for a
 * failed check), each list from a stand-in parent whose only child is the component's root; a component not under
 * `root` (its parent's ops removed it) is skipped.
 */
export function patchComponents(root: Element, ops: Record<string, Op[]>, apply: (ops: Op[], base: Node) => void): void {
  for (const [id, list] of Object.entries(ops)) {
    const el = rootOf(root, id);
    if (el) apply(list, { childNodes: [el] } as unknown as Node);
  }
}
