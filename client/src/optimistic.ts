import { isSelect } from './form';
import { byId, resolvePath, setAttr, setProp, type Path } from './patch';

/** Class carried by every element a pending optimistic entry touches. */
export const PENDING = 'optimistic-pending';

/**
 * One absolute DOM change predicted by an optimistic event ("text of #count = 6", "class done = true").
 * - `prop`: DOM property `name` = `value` (a select's `value` is the array of selected option values);
 * - `attr`: attribute `name` = `value` (`null` removes it); `class`: class `name` present = `value` (boolean);
 * - `text`: the element's children become the text `value` (undo puts the original child nodes back).
 * `keep` marks a form control value the user already set: a rebase never undoes it (the server's attribute
 * patches sync it), a failure restores the server-rendered default.
 */
export interface OptimisticOp {
  el: Element;
  /** Finds the element again if a patch replaced it: its id, or its path from the root at prediction time. */
  loc: string | Path;
  kind: 'prop' | 'attr' | 'class' | 'text';
  name: string;
  value: unknown;
  keep?: boolean;
}

/** The optimistic effect of one sent event (or of several coalesced events sent as one). */
export interface Entry {
  /** The event ref; 0 while the send waits in a debounce/throttle. */
  ref: number;
  seq: number;
  ops: OptimisticOp[];
  timer?: ReturnType<typeof setTimeout>;
  /** Answered while a resync is pending: dropped when the full render lands, not before (nothing flickers). */
  done?: boolean;
}

/** Id, or childNodes path from `root`, used to find `el` again after a patch replaced it. */
export function locator(root: Element, el: Element): string | Path {
  if (el.id) return el.id;
  const path: Path = [];
  for (let n: Node = el; n !== root && n.parentNode; n = n.parentNode) path.unshift([...n.parentNode.childNodes].indexOf(n as ChildNode));
  return path;
}

/** The op's element if still under `root`, else its replacement (same id, or same path and tag), else null. */
export function locate(root: Element, op: OptimisticOp): Element | null {
  if (root.contains(op.el)) return op.el;
  const el = typeof op.loc === 'string' ? byId(root, op.loc) : resolvePath(root, op.loc);
  return el && el.nodeName === op.el.nodeName ? (op.el = el as Element) : null;
}

type Access = [read: (el: any, name: string) => unknown, write: (el: any, name: string, value: any) => void];

/** How each kind of op reads the value it overwrites (to undo it) and writes its value. */
const ACCESS: Record<OptimisticOp['kind'], Access> = {
  prop: [
    (el, name) => el[name], // read only for user-owned (keep) ops, whose prior is never written back
    (el, name, value) => {
      if (isSelect(el)) for (const o of el.options) o.selected = value.includes(o.value);
      else setProp(el, name, value);
    },
  ],
  attr: [(el, name) => el.getAttribute(name), setAttr],
  class: [(el, name) => el.classList.contains(name), (el, name, on) => el.classList.toggle(name, on)],
  // the text, or (to undo) the original child nodes
  text: [el => [...el.childNodes], (el, _, value) => el.replaceChildren(...[].concat(value))],
};

/** Puts a form control back to what the server rendered (its default value, checkedness or selection). */
function restoreDefault(el: any, name: string): void {
  if (isSelect(el)) for (const o of el.options) o.selected = o.defaultSelected;
  else setProp(el, name, el['default' + name[0].toUpperCase() + name.slice(1)]);
}

const order = (a: Entry, b: Entry) => (a.ref || Infinity) - (b.ref || Infinity) || a.seq - b.seq;

/** The pending log of one view (see `createPendingLog`). */
export interface PendingLog {
  /** Pending entries: sent ones by ref, then staged ones (ref 0) in creation order. */
  readonly entries: Entry[];
  /** Applies `ops` now and records them as a new staged entry (ref 0 until sent). */
  add(ops: OptimisticOp[]): Entry;
  /**
   * Coalescing of a held event and the next one: returns the entry that stands for both, `held` if any (then it also
   * takes over the already applied ops of `next`), else `next`.
   */
  coalesce(held?: Entry, next?: Entry): Entry | undefined;
  /**
   * In one synchronous step: undoes every applied op (newest first), runs `server` if given (apply the server's
   * patch), drops the entries `drop` selects, restores the form controls of those `failed` selects to the server's
   * defaults, then re-applies the remaining entries in ref order. Returns the ops of the dropped entries that failed.
   */
  rebase(drop: (e: Entry) => boolean, failed?: (e: Entry) => boolean, server?: () => void): OptimisticOp[];
}

/**
 * The pending log of the view under `root`, keyed by ref (never by handler name). The displayed DOM is always the
 * server-confirmed DOM with the pending entries' ops replayed on top in ref order (staged entries last).
 */
export function createPendingLog(root: Element): PendingLog {
  const entries: Entry[] = [];
  /** Every op as applied, in application order, with the value it overwrote. */
  let applied: [OptimisticOp, unknown][] = [];
  let seq = 0;

  const apply = (op: OptimisticOp) => {
    const el = locate(root, op);
    if (!el) return;
    const [read, write] = ACCESS[op.kind];
    applied.push([op, read(el, op.name)]);
    write(el, op.name, op.value);
  };

  return {
    entries,
    add(ops) {
      const entry: Entry = { ref: 0, seq: ++seq, ops: [] };
      const push = (op: OptimisticOp) => {
        apply(op);
        entry.ops.push(op);
      };
      entries.push(entry);
      for (const op of ops) {
        push(op);
        // the pending class is an op of the entry too, so it goes away with it
        if (!entry.ops.some(o => o.el === op.el && o.name === PENDING)) push({ ...op, kind: 'class', name: PENDING, value: true, keep: false });
      }
      return entry;
    },
    coalesce(held, next) {
      if (!held || !next) return held ?? next;
      held.ops.push(...next.ops);
      const at = entries.indexOf(next);
      if (at >= 0) entries.splice(at, 1);
      return held;
    },
    rebase(drop, failed = () => false, server) {
      for (const [op, prior] of applied.reverse()) if (!op.keep && root.contains(op.el)) ACCESS[op.kind][1](op.el, op.name, prior);
      applied = [];
      server?.();
      const gone = entries.filter(drop);
      for (const e of gone) {
        clearTimeout(e.timer);
        entries.splice(entries.indexOf(e), 1);
      }
      entries.sort(order);
      const bad = gone.filter(failed).flatMap(e => e.ops);
      for (const op of bad) {
        const el = op.keep && locate(root, op);
        if (el) restoreDefault(el, op.name);
      }
      for (const e of entries) e.ops.forEach(apply);
      return bad;
    },
  };
}
