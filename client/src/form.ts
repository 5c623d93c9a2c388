/** A field's value, or several values when the name repeats (or for a multiple select). */
export type FieldValue = string | string[];

/** Input types that carry no typed text (buttons, files, boxes). */
export const NOT_TEXT = /^(checkbox|radio|file|submit|button|reset|image)$/;

/** The values of the selected options of `select`. */
export const selectedValues = (select: Element): string[] =>
  [...(select as HTMLSelectElement).options].filter(o => o.selected).map(o => o.value);

/**
 * The fields of `form` as an object, like a browser submission: unchecked boxes, disabled fields and buttons
 * are left out (except the `submitter`); repeated names become arrays.
 */
export function formFields(form: HTMLFormElement, submitter?: Element | null): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  const add = (name: string, value: string) => {
    const prev = out[name];
    out[name] = prev === undefined ? value : ([] as string[]).concat(prev, value);
  };
  for (const el of form.elements as unknown as HTMLInputElement[]) {
    const { name, type } = el;
    const box = type === 'checkbox' || type === 'radio';
    if (!name || el.disabled || !('value' in el) || (box ? !el.checked : NOT_TEXT.test(type) && el !== submitter)) continue;
    for (const v of el.nodeName === 'SELECT' ? selectedValues(el) : [el.value]) add(name, v);
  }
  return out;
}

/**
 * The arguments of an event on `el` (docs/protocol.md, "Bindings"): a form's fields; `{value}` for inputs
 * (an array for a multiple select); `{checked, value}` for checkboxes and radios; `key` for key events;
 * plus every `lv-value-NAME` attribute as `NAME`.
 */
export function eventArgs(el: Element, ev: Event): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const c = el as HTMLInputElement;
  if ('key' in ev) args.key = (ev as KeyboardEvent).key;
  if (el.nodeName === 'FORM') Object.assign(args, formFields(el as HTMLFormElement, (ev as SubmitEvent).submitter));
  else if (el.matches('input,select,textarea')) {
    if (c.type === 'checkbox' || c.type === 'radio') args.checked = c.checked;
    args.value = (el as HTMLSelectElement).multiple ? selectedValues(el) : c.value;
  }
  for (const a of el.attributes) if (a.name.startsWith('lv-value-')) args[a.name.slice(9)] = a.value;
  return args;
}
