import { locate, type OptimisticOp } from './optimistic';

/** Class carried for about 2 s by the elements of a failed optimistic entry. */
export const ERROR = 'optimistic-error';

/** Error flags of one view (see `createErrorFlags`). */
export interface ErrorFlags {
  /** Flags every element `ops` touch. */
  flag(ops: OptimisticOp[]): void;
  /** Re-adds the flag to flagged elements (or their replacements) still within their window. */
  refresh(): void;
}

/**
 * Flags the elements of failed optimistic entries with `optimistic-error` for `ms` milliseconds. A later server
 * patch may rewrite `class`, so `refresh()` (called after every reply) puts the flag back while it lasts.
 */
export function createErrorFlags(root: Element, ms = 2000): ErrorFlags {
  let flagged: OptimisticOp[] = [];
  const flags: ErrorFlags = {
    flag(ops) {
      for (const el of new Set(ops.map(o => o.el))) {
        const f = { ...ops.find(o => o.el === el)! };
        flagged.push(f);
        setTimeout(() => {
          flagged = flagged.filter(x => x !== f);
          // a newer failure of the same element keeps its own, later window
          if (!flagged.some(x => x.el === f.el)) locate(root, f)?.classList.remove(ERROR);
        }, ms);
      }
      flags.refresh();
    },
    refresh() {
      for (const f of flagged) locate(root, f)?.classList.add(ERROR);
    },
  };
  return flags;
}
