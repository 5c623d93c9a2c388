/**
 * Touched-field tracking for live forms (docs/protocol.md, "Forms"). A field is touched once the user typed in it,
 * changed it or focused and left it; a submit touches every field. Form events carry the touched names under the
 * empty-string key, which no field can use (a field without a name is never serialized), so the server shows errors
 * only for those fields. Also the serialization of a form's fields (`formFields`).
 */
import { isBox, isSelect, NOT_TEXT, selectedValues, type FieldValue } from './form';

/**
 * The fields of `form` as an object, like a browser submission: unchecked boxes, disabled fields and buttons
 * are left out (except the `submitter`); repeated names become arrays. `entries`: the form's entries read earlier
 * (a captured submit), used instead of its fields (files left out). Throws an Error for a named file input without
 * `lv-upload`: its files would silently be missing.
 */
export function formFields(form: HTMLFormElement, submitter?: Element | null, entries?: [string, FormDataEntryValue][] | false): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  if (entries) { // what the inline capture (or a view waiting for a module) read at the submit
    for (const [name, v] of entries) typeof v == 'string' && add(out, name, v);
    return out;
  }
  for (const el of form.elements as unknown as HTMLInputElement[]) {
    const { name } = el;
    if (name && el.type === 'file' && !el.hasAttribute('lv-upload')) throw Error(`lv: <input type=file name=${name}> needs lv-upload: form events carry no files`);
    if (!name || el.disabled || !('value' in el) || (isBox(el) ? !el.checked : NOT_TEXT.test(el.type) && el !== submitter)) continue;
    for (const value of isSelect(el) ? selectedValues(el) : [el.value]) add(out, name, value);
  }
  return out;
}

/** A form element with its touched field names (an expando: survives patches of the form, dies with it). */
type Tracked = Element & { lvTouched?: Set<string> };

/** The touched names of `form`. */
const namesOf = (form: Tracked) => (form.lvTouched ??= new Set());

/** Marks `name` of `form` touched; true when it was not touched before. */
function touch(form: Element, name: string): boolean {
  const names = namesOf(form);
  return !!name && names.size < names.add(name).size;
}

/** Adds a field value; a repeated name becomes an array. */
const add = (out: Record<string, FieldValue>, name: string, value: string) =>
  (out[name] = name in out ? ([] as string[]).concat(out[name], value) : value);

/**
 * Records what an event on `target` touches and returns the form whose `lv-change` it fires when the event has no
 * binding of its own: typing (`input`), or the first time the user leaves a field (`focusout`, so its errors show).
 */
export function touchField(type: string, target: Element): HTMLFormElement | undefined {
  const form = type === 'submit' ? (target as HTMLFormElement) : (target as HTMLInputElement).form;
  if (!form) return;
  if (type === 'submit') for (const el of form.elements as unknown as HTMLInputElement[]) touch(form, el.name);
  else if ((/^(input|change|focusout)$/.test(type) && touch(form, (target as HTMLInputElement).name)) || type === 'input')
    return form.hasAttribute('lv-change') ? form : undefined;
}

/** The metadata a form event carries: `{ t: touched field names }`. */
export const formMeta = (form: Element) => ({ t: [...namesOf(form)] });

/**
 * After the reply to a submit of `form` (`error`: the reply's error, if any). Accepted without errors (and no field
 * rendered `aria-invalid=true`), the fields take the server's render (e.g. a cleared input), even if focused. Rendered
 * with errors, the form keeps what the user typed and focus goes to its first invalid field; focus lost to the page
 * (the in-flight state disabled what had it) returns to `focus`.
 */
export function settleForm(form: HTMLFormElement, error?: string, focus?: Element | null): void {
  const bad = form.querySelector<HTMLElement>('[aria-invalid=true]');
  if (error == null && !bad) form.reset();
  const f = document.activeElement;
  if (f === document.body || (bad && form.contains(f) && !f!.matches('[aria-invalid=true]'))) ((bad ?? focus) as HTMLElement)?.focus();
}
