/** A field's value, or several values when the name repeats (or for a multiple select). */
export type FieldValue = string | string[];

const SKIPPED = /^(file|submit|button|reset|image)$/;

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
    if (!name || el.disabled || !('value' in el) || (SKIPPED.test(type) && el !== submitter)) continue;
    if ((type === 'checkbox' || type === 'radio') && !el.checked) continue;
    if (el.nodeName === 'SELECT') for (const o of (el as unknown as HTMLSelectElement).options) o.selected && add(name, o.value);
    else add(name, el.value);
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
  else if (c.type === 'checkbox' || c.type === 'radio') Object.assign(args, { checked: c.checked, value: c.value });
  else if (el.nodeName === 'SELECT' && (el as HTMLSelectElement).multiple)
    args.value = [...(el as HTMLSelectElement).options].filter(o => o.selected).map(o => o.value);
  else if (el.matches('input,select,textarea')) args.value = c.value;
  for (const a of el.attributes) if (a.name.startsWith('lv-value-')) args[a.name.slice(9)] = a.value;
  return args;
}
