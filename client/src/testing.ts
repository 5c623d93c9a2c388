/**
 * Playwright helpers for end-to-end tests of LiveView pages (not part of the client bundle). They wait for the states
 * the client keeps on every view root: `lv-connected` once joined, and `lv-pending` while any event is held by a
 * debounce or throttle, waits in the outbox or awaits its reply (docs/protocol.md). The .NET twin is
 * LiveViews.Testing.Playwright (`page.WaitForLiveViewAsync()`, `page.WaitForLiveIdleAsync()`).
 *
 * ```ts
 * import { waitForLiveView, waitForLiveIdle } from 'liveviews-client/testing';
 * await page.goto('/counter');
 * await waitForLiveView(page);
 * await page.click('#increment');
 * await waitForLiveIdle(page);
 * ```
 */

/** The part of a Playwright `Page` the helpers use (so this module needs no Playwright types). */
export interface PageLike {
  waitForFunction(fn: () => boolean, arg?: undefined, options?: { timeout?: number; polling?: number | 'raf' }): Promise<unknown>;
}

/** True when the page has a view root and every root has joined. Runs in the page. */
export const joined = (): boolean => {
  const roots = document.querySelectorAll('[data-lv-root]');
  return roots.length > 0 && [...roots].every(r => r.classList.contains('lv-connected'));
};

/** True when every root has joined and none has an event queued, held or in flight. Runs in the page. */
export const idle = (): boolean => {
  const roots = document.querySelectorAll('[data-lv-root]');
  return roots.length > 0 && [...roots].every(r => r.classList.contains('lv-connected') && !r.classList.contains('lv-pending'));
};

/** Resolves when every live view of the page has joined; rejects with Playwright's timeout error after `timeout` ms. */
export const waitForLiveView = (page: PageLike, timeout?: number) => page.waitForFunction(joined, undefined, { timeout, polling: 20 });

/**
 * Resolves when every live view has joined and nothing is queued, held or awaiting its reply: what the user did has been
 * answered. Server pushes (pub/sub, timers) are not waited for: assert on their effect.
 */
export const waitForLiveIdle = (page: PageLike, timeout?: number) => page.waitForFunction(idle, undefined, { timeout, polling: 20 });
