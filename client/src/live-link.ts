import { loc } from './loader';

/** Selector of live links. */
export const LIVE_LINK = 'a[lv-patch],a[lv-navigate]';

/**
 * The live link `ev` (a click) follows when the client handles it, else null: a plain left click (no modifier key) on
 * an `<a lv-patch>`/`<a lv-navigate>` of this origin without `target` (or `_self`) and `download`, that no one
 * prevented yet (`replay`: a click the inline capture or the core already prevented, kept for later).
 */
export function liveLink(ev: Event, replay?: boolean): HTMLAnchorElement | null {
  const e = ev as MouseEvent;
  const a = (e.target as Element).closest?.<HTMLAnchorElement>(LIVE_LINK);
  return !a || (!replay && e.defaultPrevented) || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey
    || (a.target && a.target != '_self') || a.hasAttribute('download') || a.origin != loc.origin ? null : a;
}
