import { describe, expect, test, vi } from 'vitest';
import { ERROR } from '../src/error-flags';
import { mount, type } from './helpers';

const FORM = '<form id="f" lv-change="Validate" lv-submit="Save"><input name="Name"><input name="Email">'
  + '<span id="error-Name"></span><button id="go" lv-disable-with="Saving…">Save</button></form>';
const meta = (t: string[]) => ({ '': { t } });

describe('touched fields', () => {
  test('typing sends the form with the fields touched so far, an untouched field stays untouched', async () => {
    const { $, t } = await mount(FORM);
    type($<HTMLInputElement>('[name=Name]'), 'A');
    expect(t.events()).toEqual([{ ref: 1, handler: 'Validate', args: { Name: 'A', Email: '', ...meta(['Name']) } }]);
  });

  test('focusing and leaving a field the first time sends the form (so its errors show); again does not', async () => {
    const { $, t } = await mount(FORM);
    const email = $<HTMLInputElement>('[name=Email]');
    email.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(t.events()).toEqual([]);
    email.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    email.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(t.events()).toEqual([{ ref: 1, handler: 'Validate', args: { Name: '', Email: '', ...meta(['Email']) } }]);
  });

  test('a submit touches every field; a click or a key does not touch', async () => {
    const { $, t } = await mount(FORM);
    $('[name=Name]').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    $('[name=Name]').dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    $('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(t.events()).toEqual([{ ref: 1, handler: 'Save', args: { Name: '', Email: '', ...meta(['Name', 'Email']) } }]);
  });

  test('a debounced validation is flushed when a field of its form loses focus', async () => {
    vi.useFakeTimers();
    try {
      const { $, t } = await mount(FORM, { Validate: { d: 300 } });
      const name = $<HTMLInputElement>('[name=Name]');
      type(name, 'Ad');
      expect(t.events()).toEqual([]);
      name.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
      expect(t.events()).toEqual([{ ref: 1, handler: 'Validate', args: { Name: 'Ad', Email: '', ...meta(['Name']) } }]);
      vi.advanceTimersByTime(1000);
      expect(t.events().length).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a user field cannot overwrite the metadata, not even through lv-value-', async () => {
    const { $, t } = await mount('<form lv-submit="Save" lv-value-=""><input name="x" value="1"></form>');
    $('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(t.events()[0].args).toEqual({ x: '1', ...meta(['x']) });
  });
});

describe('submits', () => {
  test('lv-disable-with disables the submit button and shows its text while in flight, then reverts', async () => {
    const { $, reply } = await mount(FORM);
    const go = $<HTMLButtonElement>('#go');
    $('form').dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true, submitter: go }));
    expect(go.disabled).toBe(true);
    expect(go.textContent).toBe('Saving…');
    reply({ r: 1, a: 1 });
    expect(go.disabled).toBe(false);
    expect(go.textContent).toBe('Save');
  });

  test('lv-disable-with is reverted and flagged when the submit fails', async () => {
    const { $, reply } = await mount(FORM);
    $('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    reply({ r: 1, a: 1, e: 'nope' });
    expect($<HTMLButtonElement>('#go').disabled).toBe(false);
    expect($('#go').textContent).toBe('Save');
    expect($('#go').classList.contains(ERROR)).toBe(true);
  });

  test('a form rendered with errors keeps what the user typed and focus goes to its first invalid field', async () => {
    const { $, reply } = await mount(FORM);
    const [name, email] = [$<HTMLInputElement>('[name=Name]'), $<HTMLInputElement>('[name=Email]')];
    name.value = 'A';
    email.value = 'a@b.c';
    email.focus();
    $('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    reply({ r: 1, a: 1, o: [[1, [0, 0], 'aria-invalid', 'true', 'INPUT', 4], [4, [0, 2], 0, 'Too short', 'SPAN', 0]] });
    expect($('#error-Name').textContent).toBe('Too short');
    expect(name.value).toBe('A');
    expect(email.value).toBe('a@b.c');
    expect(document.activeElement).toBe(name);
  });

  test('a submit accepted without errors shows the server render of the fields (a to-do input is cleared)', async () => {
    const { $, reply } = await mount(FORM);
    const name = $<HTMLInputElement>('[name=Name]');
    name.value = 'Ada';
    name.focus();
    $('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    reply({ r: 1, a: 1 });
    expect(name.value).toBe('');
    expect(document.activeElement).toBe(name);
  });

  test('a named file input without lv-upload is an error, not a silently missing file', async () => {
    const { $, t, root } = await mount('<form lv-submit="Save"><input type="file" name="avatar"><input name="x"></form>');
    const errors: unknown[] = [];
    root.addEventListener('lv:error', e => errors.push((e as CustomEvent).detail));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ev = new Event('submit', { bubbles: true, cancelable: true });
    $('form').dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    expect(t.events()).toEqual([]);
    expect(errors).toEqual([{ handler: 'Save', message: 'lv: <input type=file name=avatar> needs lv-upload: form events carry no files', ref: 0 }]);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});
