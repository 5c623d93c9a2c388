import { resolvePath, setAttr, setProp, type Path } from './patch';

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
  handler: string;
  ops: OptimisticOp[];
  /** Creation time, ms since epoch. */
  at: number;
  timer?: ReturnType<typeof setTimeout>;
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
  let el: Node | null = null;
  try {
    el = typeof op.loc === 'string' ? root.querySelector('#' + CSS.escape(op.loc)) : resolvePath(root, op.loc);
  } catch { /* path gone */ }
  return el && el.nodeName === op.el.nodeName ? (op.el = el as Element) : null;
}

function read(op: OptimisticOp, el: Element): unknown {
  const { kind, name } = op;
  return kind === 'prop' ? (el as any)[name] // only user-owned (keep) ops, whose prior is never written back
    : kind === 'attr' ? el.getAttribute(name)
    : kind === 'class' ? el.classList.contains(name)
    : [...el.childNodes];
}

function write(op: OptimisticOp, el: Element, v: any): void {
  const { kind, name } = op;
  if (kind === 'prop') {
    if (el.nodeName === 'SELECT') for (const o of (el as HTMLSelectElement).options) o.selected = v.includes(o.value);
    else setProp(el, name, v);
  } else if (kind === 'attr') setAttr(el, name, v);
  else if (kind === 'class') el.classList.toggle(name, v);
  else el.replaceChildren(...(typeof v === 'string' ? [v] : v));
}

/** Puts a form control back to what the server rendered (its default value, checkedness or selection). */
function restoreDefault(el: Element, name: string): void {
  if (el.nodeName === 'SELECT') for (const o of (el as HTMLSelectElement).options) o.selected = o.defaultSelected;
  else setProp(el, name, (el as any)['default' + name[0].toUpperCase() + name.slice(1)]);
}

const order = (a: Entry, b: Entry) => (a.ref || Infinity) - (b.ref || Infinity) || a.seq - b.seq;

/** The pending log of one view (see `createPendingLog`). */
export interface PendingLog {
  /** Pending entries: sent ones by ref, then staged ones (ref 0) in creation order. */
  entries: Entry[];
  /** Applies `ops` now and records them as a new staged entry (ref 0 until sent). */
  add(handler: string, ops: OptimisticOp[]): Entry;
  /** Coalescing: `from`'s ops (already applied) now belong to `into`, the entry that will be sent. */
  absorb(into: Entry, from: Entry): void;
  /**
   * In one synchronous step: undoes every applied op (newest first), runs `server` (apply the server's patch),
   * drops the entries `drop` selects, restores the form controls of those `failed` selects to the server's
   * defaults, then re-applies the remaining entries in ref order. Returns the dropped entries that failed.
   */
  rebase(server: () => void, drop: (e: Entry) => boolean, failed?: (e: Entry) => boolean): Entry[];
}

/**
 * The pending log of the view under `root`, keyed by ref (never by handler name). The displayed DOM is always the
 * server-confirmed DOM with the pending entries' ops replayed on top in ref order (staged entries last).
 */
export function createPendingLog(root: Element): PendingLog {
  /** Every op as applied, in application order, with the value it overwrote. */
  let applied: [OptimisticOp, unknown][] = [];
  let seq = 0;

  const apply = (op: OptimisticOp) => {
    const el = locate(root, op);
    if (!el) return;
    applied.push([op, read(op, el)]);
    write(op, el, op.value);
  };

  const log: PendingLog = {
    entries: [],
    add(handler, ops) {
      const entry: Entry = { ref: 0, seq: ++seq, handler, ops: [], at: Date.now() };
      log.entries.push(entry);
      for (const op of ops) {
        apply(op);
        entry.ops.push(op);
        // the pending class is an op of the entry too, so it goes away with it
        if (!entry.ops.some(o => o.el === op.el && o.name === PENDING)) {
          const pending: OptimisticOp = { ...op, kind: 'class', name: PENDING, value: true, keep: false };
          apply(pending);
          entry.ops.push(pending);
        }
      }
      return entry;
    },
    absorb(into, from) {
      into.ops.push(...from.ops);
      log.entries = log.entries.filter(e => e !== from);
    },
    rebase(server, drop, failed = () => false) {
      for (let i = applied.length; i--;) {
        const [op, prior] = applied[i];
        if (!op.keep && root.contains(op.el)) write(op, op.el, prior);
      }
      applied = [];
      server();
      const gone = log.entries.filter(drop);
      log.entries = log.entries.filter(e => !gone.includes(e)).sort(order);
      const bad = gone.filter(failed);
      for (const e of gone) clearTimeout(e.timer);
      for (const op of bad.flatMap(e => e.ops)) {
        const el = op.keep && locate(root, op);
        if (el) restoreDefault(el, op.name);
      }
      for (const e of log.entries) e.ops.forEach(apply);
      return bad;
    },
  };
  return log;
}
