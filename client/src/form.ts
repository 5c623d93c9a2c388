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
 * The fields of `form` as an object, like a browser submission: unchecked boxes, disabled fields and buttons
 * are left out (except the `submitter`); repeated names become arrays. Throws an Error for a named file input without
 * `lv-upload`: its files would silently be missing.
 */
export function formFields(form: HTMLFormElement, submitter?: Element | null): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const el of form.elements as unknown as HTMLInputElement[]) {
    const { name } = el;
    if (name && el.type === 'file' && !el.hasAttribute('lv-upload')) throw Error(`lv: <input type=file name=${name}> needs lv-upload: form events carry no files`);
    if (!name || el.disabled || !('value' in el) || (isBox(el) ? !el.checked : NOT_TEXT.test(el.type) && el !== submitter)) continue;
    for (const value of isSelect(el) ? selectedValues(el) : [el.value]) add(out, name, value);
  }
  return out;
}

/**
 * The arguments of an event on `el` (docs/protocol.md, "Bindings"): a form's fields (the view adds, under `""`, its
 * metadata: `formMeta` in forms.ts); `{value}` for inputs (an array for a multiple select); `{checked, value}` for checkboxes and radios;
 * `key` for key events; plus every `lv-value-NAME` attribute as `NAME`. `snap` gives the values the inline capture read
 * when the event happened, before the client loaded (value, checked, the form's entries). Throws as `formFields`.
 */
export function eventArgs(el: Element, ev: Event, snap?: Captured): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const c = el as HTMLInputElement;
  const [, value = c.value, checked = c.checked, entries] = snap ?? [];
  if ('key' in ev) args.key = (ev as KeyboardEvent).key;
  if (entries) for (const [name, v] of entries) typeof v == 'string' && add(args, name, v);
  else if (el.nodeName === 'FORM') Object.assign(args, formFields(el as HTMLFormElement, (ev as SubmitEvent).submitter));
  else if (el.matches(CONTROL)) {
    if (isBox(el)) args.checked = checked;
    args.value = (el as HTMLSelectElement).multiple ? selectedValues(el) : value;
  }
  for (const { name, value } of el.attributes) if (name.startsWith('lv-value-')) args[name.slice(9)] = value;
  return args;
}

/** Adds a field value; a repeated name becomes an array. */
const add = (out: Record<string, unknown>, name: string, value: string) =>
  (out[name] = name in out ? ([] as unknown[]).concat(out[name], value) : value);
