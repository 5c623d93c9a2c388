import type { Captured } from './protocol';

/** A field's value, or several values when the name repeats (or for a multiple select). */
export type FieldValue = string | string[];

/** The elements that hold a user-set value. */
export const CONTROL = 'input,select,textarea';

/** Input types that carry no typed text (buttons, files, boxes). */
export const NOT_TEXT = /^(checkbox|radio|file|submit|button|reset|image)$/;

/** True for a `<select>`. */
export const isSelect = (el: Element): el is HTMLSelectElement => el.nodeName === 'SELECT';

/** True for a checkbox or radio (whose state is `checked`, not its value). */
export const isBox = (el: Element) => /^(checkbox|radio)$/.test((el as HTMLInputElement).type);

/** Selector of the elements named `name`. */
export const byName = (name: string) => `[name="${CSS.escape(name)}"]`;

/** The values of the selected options of `select`. */
export const selectedValues = (select: Element): string[] =>
  [...(select as HTMLSelectElement).options].filter(o => o.selected).map(o => o.value);

/**
 * The arguments of an event on `el` (docs/protocol.md, "Bindings"): a form's fields (the view adds, under `""`, its
 * metadata: `formMeta` in forms.ts); `{value}` for inputs (an array for a multiple select); `{checked, value}` for checkboxes and radios;
 * `key` for key events; plus every `lv-value-NAME` attribute as `NAME`. `snap` gives the values the inline capture read
 * when the event happened, before the client loaded (value, checked, the form's entries). `fields` serializes a form
 * (`formFields` of forms.ts, which throws for a named file input without `lv-upload`).
 */
export function eventArgs(el: Element, ev: Event, snap?: Captured, fields?: typeof import('./forms').formFields): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const c = el as HTMLInputElement;
  const [, value = c.value, checked = c.checked, entries] = snap ?? [];
  if ('key' in ev) args.key = (ev as KeyboardEvent).key;
  if (el.nodeName === 'FORM') Object.assign(args, fields!(el as HTMLFormElement, (ev as SubmitEvent).submitter, entries));
  else if (el.matches(CONTROL)) {
    if (isBox(el)) args.checked = checked;
    args.value = (el as HTMLSelectElement).multiple ? selectedValues(el) : value;
  }
  for (const { name, value } of el.attributes) if (name.startsWith('lv-value-')) args[name.slice(9)] = value;
  return args;
}
