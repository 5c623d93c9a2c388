import { locate, type OptimisticOp } from './optimistic';

/** Class carried for about 2 s by the elements of a failed optimistic entry. */
export const ERROR = 'optimistic-error';

/**
 * Flags the elements of failed optimistic entries with `optimistic-error` for `ms` milliseconds. A later server
 * patch may rewrite `class`, so `refresh()` (called after every reply) puts the flag back while it lasts.
 */
export class ErrorFlags {
  private flagged: OptimisticOp[] = [];

  constructor(private readonly root: Element, private readonly ms = 2000) {}

  /** Flags every element `ops` touch. */
  flag(ops: OptimisticOp[]): void {
    for (const el of new Set(ops.map(o => o.el))) {
      const f = { ...ops.find(o => o.el === el)! };
      this.flagged.push(f);
      setTimeout(() => {
        this.flagged = this.flagged.filter(x => x !== f);
        // a newer failure of the same element keeps its own, later window
        if (!this.flagged.some(x => x.el === f.el)) locate(this.root, f)?.classList.remove(ERROR);
      }, this.ms);
    }
    this.refresh();
  }

  /** Re-adds the flag to flagged elements (or their replacements) still within their window. */
  refresh(): void {
    for (const f of this.flagged) locate(this.root, f)?.classList.add(ERROR);
  }
}
