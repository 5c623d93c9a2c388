/**
 * Touched-field tracking for live forms (docs/protocol.md, "Forms"). A field is touched once the user typed in it,
 * changed it or focused and left it; a submit touches every field. Form events carry the touched names under the
 * empty-string key, which no field can use (a field without a name is never serialized), so the server shows errors
 * only for those fields.
 */

/** A form element with its touched field names (an expando: survives patches of the form, dies with it). */
type Tracked = Element & { lvTouched?: Set<string> };

/** The touched names of `form`. */
const namesOf = (form: Tracked) => (form.lvTouched ??= new Set());

/** Marks `name` of `form` touched; true when it was not touched before. */
function touch(form: Element, name: string): boolean {
  const names = namesOf(form);
  return !!name && names.size < names.add(name).size;
}

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
