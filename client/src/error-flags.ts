import { locate, type OptimisticOp } from './optimistic';

/** Class carried for about 2 s by the elements of a failed optimistic entry. */
export const ERROR = 'optimistic-error';

/** Flags every element `ops` touch, then re-adds the flag to flagged elements (or their replacements) still within their window. */
export type FlagErrors = (ops: OptimisticOp[]) => void;

/**
 * Flags the elements of failed optimistic entries with `optimistic-error` for `ms` milliseconds. A later server
 * patch may rewrite `class`, so each call (one after every reply) also puts the flags back while they last.
 */
export function createErrorFlags(root: Element, ms = 2000): FlagErrors {
  let flagged: OptimisticOp[] = [];
  return ops => {
    for (const el of new Set(ops.map(o => o.el))) {
      const f = { ...ops.find(o => o.el === el)! };
      flagged.push(f);
      setTimeout(() => {
        flagged = flagged.filter(x => x !== f);
        // a newer failure of the same element keeps its own, later window
        if (!flagged.some(x => x.el === f.el)) locate(root, f)?.classList.remove(ERROR);
      }, ms);
    }
    for (const f of flagged) locate(root, f)?.classList.add(ERROR);
  };
}
