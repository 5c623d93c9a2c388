/** Stream containers' rows (docs/protocol.md, "Streams"): op 7, applied by patch.ts once the streams module has arrived. */
import { byId, nodesOf, type Op } from './patch';

/**
 * Applies stream op `[7, path, reset, limit, deletes, inserts, …]` to its container `el`: empties it on `reset`, removes the rows with the ids of `deletes`, then
 * for each insert replaces the row with its id in place, or inserts it before element child `at` (-1: at the end),
 * and trims the container to `limit` element children (0: none), from the start after an insert at the end, else
 * from the end.
 */
export function stream(el: Element, [, , reset, limit, deletes, inserts]: Extract<Op, [7, ...unknown[]]>) {
  if (reset) el.replaceChildren();
  for (const id of deletes) byId(el, id)?.remove();
  for (const [id, at, content] of inserts) {
    const row = nodesOf(el, content)[0] as Element, old = byId(el, id), kids = el.children;
    old ? old.replaceWith(row) : el.insertBefore(row, at < 0 ? null : kids[at] ?? null);
    while (limit && kids.length > limit) kids[at < 0 ? 0 : kids.length - 1].remove();
  }
}

