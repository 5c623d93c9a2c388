/**
 * The inline event capture (a few hundred bytes, written into the page before the first view root): from the first
 * paint until the client has loaded, it keeps every bound interaction on a view (with the values at that moment) and
 * prevents the native submit of `lv-submit` forms. The client replays the queue when it boots (the idea of Angular's
 * event replay and jsaction). Built separately (capture.min.js); never bundled with the client.
 */
import type { PageState } from './protocol';

const lv: PageState = ((window as any).__lv ??= {});
const queue = (lv.q = []) as NonNullable<PageState['q']>;
for (const type of ['click', 'change', 'input', 'submit', 'keydown', 'keyup'])
  document.addEventListener(type, ev => {
    const target = ev.target as Element;
    // a live link (in a view or in the layout) navigates once the client is there
    const link = !lv.off && type == 'click' && target.closest?.('a[lv-patch],a[lv-navigate]');
    const el = (lv.off ? null : link || target.closest?.(`[lv-${type}]`)) as HTMLInputElement | null;
    if (!el || !(link || el.closest('[data-lv-root]'))) return;
    const submit = type === 'submit';
    if (submit || link) ev.preventDefault();
    queue.push([ev, el.value, el.checked, submit && [...new FormData(el as unknown as HTMLFormElement, (ev as SubmitEvent).submitter)]]);
  }, true);
