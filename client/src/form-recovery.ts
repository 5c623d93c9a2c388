import { isSelect, NOT_TEXT } from './form';

/**
 * Form recovery after a rejoin (as Phoenix LiveView does): runs `replace` (which re-renders the root) and puts back
 * what the user had typed into named text fields, textareas and selects of forms, matched by form id (or position)
 * and field name. A field whose typed value the new render does not hold (the focused one included, whose value the
 * re-render kept) fires `change` when its form has `lv-change`, so the server learns the values again.
 * Checkboxes and radios are left alone: a click is an event, already reverted when the connection dropped.
 */
export function recoverForms(root: Element, replace: () => void): void {
  const typed = new Map<string, string>();
  eachField(root, (el, key) => {
    if (el.name && !NOT_TEXT.test(el.type) && el.value !== defaultOf(el)) typed.set(key, el.value);
  });
  replace();
  eachField(root, (el, key, form) => {
    const value = typed.get(key);
    // The new render does not hold it: put it back (the focused field already has it back, see keepFocus) and tell
    // the server, which rendered without it.
    if (value === undefined || value === defaultOf(el)) return;
    el.value = value;
    if (form.hasAttribute('lv-change')) el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Visits every field of the forms under `root`, with a key made of its form's id (or position) and its name. */
function eachField(root: Element, visit: (el: HTMLInputElement, key: string, form: HTMLFormElement) => void): void {
  root.querySelectorAll('form').forEach((form, i) => {
    for (const el of form.elements as unknown as HTMLInputElement[]) visit(el, (form.id || i) + '\u0000' + el.name, form);
  });
}

/** The value a field shows before the user touches it. */
function defaultOf(el: HTMLInputElement): string {
  if (isSelect(el)) {
    const options = [...el.options];
    return (options.find(o => o.defaultSelected) ?? options[0])?.value ?? '';
  }
  return el.defaultValue;
}
