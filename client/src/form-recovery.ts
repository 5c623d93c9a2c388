import { NOT_TEXT } from './form';

/**
 * Form recovery after a rejoin (as Phoenix LiveView does): runs `replace` (which re-renders the root) and puts back
 * what the user had typed into named text fields, textareas and selects of forms, matched by form id (or position)
 * and field name. A restored field of a form with `lv-change` fires `change`, so the server learns the values again.
 * Checkboxes and radios are left alone: a click is an event, already reverted when the connection dropped.
 */
export function recoverForms(root: Element, replace: () => void): void {
  const key = (f: HTMLFormElement, i: number) => f.id || String(i);
  const typed = new Map<string, string>();
  root.querySelectorAll('form').forEach((form, i) => {
    for (const el of form.elements as unknown as HTMLInputElement[])
      if (el.name && !NOT_TEXT.test(el.type) && el.value !== defaultOf(el)) typed.set(key(form, i) + '\u0000' + el.name, el.value);
  });
  replace();
  if (!typed.size) return;
  root.querySelectorAll('form').forEach((form, i) => {
    for (const el of form.elements as unknown as HTMLInputElement[]) {
      const value = typed.get(key(form, i) + '\u0000' + el.name);
      if (value === undefined || el.value === value) continue;
      el.value = value;
      if (form.hasAttribute('lv-change')) el.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
}

/** The value a field shows before the user touches it. */
function defaultOf(el: HTMLInputElement): string {
  if (el.nodeName === 'SELECT') {
    const options = [...(el as unknown as HTMLSelectElement).options];
    return (options.find(o => o.defaultSelected) ?? options[0])?.value ?? '';
  }
  return el.defaultValue;
}
