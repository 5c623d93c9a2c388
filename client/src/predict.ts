import { byName, CONTROL, isBox, isSelect, selectedValues } from './form';
import { locator, type OptimisticOp } from './optimistic';

const DIRECTIVE = /^([a-z-]+)(?::((?:[^\s"']|"[^"]*"|'[^']*')*))?(?:\s+(.+))?$/i;
const unquote = (s: string) => s.replace(/(["'])(.*?)\1/g, '$2');

/**
 * The absolute DOM changes an `[Optimistic]` event on `el` (the element carrying the `lv-*` binding) predicts,
 * computed against the DOM as displayed now:
 * - heuristics: checkbox/radio → checked state (the whole radio group); input/textarea/select → value;
 *   the submitting or clicked button → `disabled`, and its `data-loading-text` (or `lv-disable-with`) as content (a button whose element
 *   has its own `lv-optimistic` predictions is only disabled when it has a `data-loading-text`);
 * - the `lv-optimistic` directives on `el` (see README, "Declarative predictions"); a selector target is looked up
 *   inside `el`'s live component when it is in one, else inside the view.
 * Never throws: a malformed directive is reported with console.warn and ignored.
 */
export function predict(root: Element, el: Element, ev: Event): OptimisticOp[] {
  const ops: OptimisticOp[] = [];
  const add = (target: Element, kind: OptimisticOp['kind'], name: string, value: unknown, keep?: boolean) =>
    ops.push({ el: target, loc: locator(root, target), kind, name, value, keep });
  const setText = (target: Element, text: string) => add(target, 'text', '', text);

  const target = ev.target as Element;
  const control = (el.matches(CONTROL) ? el : el.nodeName === 'FORM' && target.matches?.(CONTROL) ? target : null) as HTMLInputElement | null;
  if (control) {
    if (isBox(control)) {
      const group = control.type === 'radio' && control.name
        ? [...root.querySelectorAll<HTMLInputElement>(byName(control.name))].filter(r => r.type === 'radio' && r.form === control.form)
        : [control];
      for (const r of group) add(r, 'prop', 'checked', r.checked, true);
    } else add(control, 'prop', 'value', isSelect(control) ? selectedValues(control) : control.value, true);
  } else {
    const button = (ev as SubmitEvent).submitter ?? target.closest?.('button');
    // A button that states its own predictions stays clickable (rapid clicks all count), unless it asks for a loading text.
    if (button && el.contains(button) && (!el.hasAttribute('lv-optimistic') || button.hasAttribute('data-loading-text'))) {
      add(button, 'attr', 'disabled', '');
      const text = button.getAttribute('data-loading-text') ?? button.getAttribute('lv-disable-with');
      if (text != null) setText(button, text);
    }
  }

  for (const directive of (el.getAttribute('lv-optimistic') ?? '').split(';')) {
    const d = directive.trim();
    if (!d) continue;
    const before = ops.length;
    try {
      const [, action, arg = '', where = 'this'] = DIRECTIVE.exec(d) ?? fail();
      const targets = where === 'this' ? [el]
        : where.startsWith('closest:') ? [el.closest(where.slice(8)) ?? fail()]
        : [...(el.closest('[data-lv-c]') ?? root).querySelectorAll(where)]; // a component's own elements, or the view's
      if (!targets.length) fail();
      const value = unquote(arg);
      for (const t of targets) {
        switch (action) {
          case 'increment':
          case 'decrement': {
            const n = parseFloat(t.textContent!), by = arg ? +arg : 1;
            if (isNaN(n) || isNaN(by)) fail();
            setText(t, String(n + (action[0] === 'i' ? by : -by)));
            break;
          }
          case 'text': setText(t, value); break;
          case 'toggle-class':
          case 'add-class':
          case 'remove-class':
            add(t, 'class', value && !/\s/.test(value) ? value : fail(), action[0] === 't' ? !t.classList.contains(value) : action[0] === 'a');
            break;
          case 'attr': {
            const [name, ...rest] = value.split('='); // name=value, or name alone for ''
            document.createElement('i').setAttribute(name, ''); // throws now for a name that would throw mid-rebase
            add(t, 'attr', name, rest.join('='));
            break;
          }
          case 'hide':
          case 'show': add(t, 'attr', 'hidden', action === 'hide' ? '' : null); break;
          default: fail();
        }
      }
    } catch {
      ops.length = before;
      console.warn(`lv-optimistic: ignored "${d}"`, el);
    }
  }
  return ops;
}

/**
 * `lv-disable-with="Saving…"` for an event of a handler that is not `[Optimistic]`: while it is in flight the buttons
 * of a submitted form that carry it (or the clicked element itself) are disabled and show that text; like any
 * prediction it is reverted when the reply lands, and flagged on an error.
 */
export function disableWith(root: Element, el: Element, ev: Event): OptimisticOp[] {
  const ops: OptimisticOp[] = [];
  for (const b of ev.type === 'submit' ? el.querySelectorAll('[lv-disable-with]') : el.matches('[lv-disable-with]') ? [el] : []) {
    const loc = locator(root, b);
    ops.push({ el: b, loc, kind: 'attr', name: 'disabled', value: '' }, { el: b, loc, kind: 'text', name: '', value: b.getAttribute('lv-disable-with') });
  }
  return ops;
}

function fail(): never {
  throw 0;
}
