/**
 * Runs tests/vectors/optimistic-vectors.json against the client: scripted gestures, focus moves, replies, clock moves
 * and connection drops on one view, with the DOM, the focus, the sends and the reported errors expected after each step. The C# test
 * harness (src/LiveViews.Testing) runs the same file (tests/LiveViews.Tests/Harness/OptimisticVectorTests.cs), so the two
 * implementations of the client's behaviour cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ClientOptions, HandlerMeta, Reply } from '../src/protocol';
import { createView } from '../src/view';
import { fakeTransport } from './helpers';

type Step = Record<string, any>;
interface Case { name: string; html: string; meta?: Record<string, HandlerMeta>; options?: ClientOptions; joined?: boolean; steps: Step[] }

const FILE = resolve(__dirname, '../../tests/vectors/optimistic-vectors.json');
const cases: Case[] = JSON.parse(readFileSync(FILE, 'utf8')).cases;

const VOID = new Set('area base br col embed hr img input link meta source track wbr'.split(' '));
const esc = (s: string, attr = false) => s.replace(/&/g, '&amp;').replace(attr ? /"/g : /[<>]/g, c => ({ '"': '&quot;', '<': '&lt;', '>': '&gt;' }[c]!));

/** The canonical serialization both runners share: attributes sorted by name, class tokens sorted, an empty class dropped. */
export function canonical(node: Node): string {
  let out = '';
  for (const n of node.childNodes) {
    if (n.nodeType === 3) out += esc((n as Text).data);
    else if (n.nodeType === 8) out += `<!--${(n as Comment).data}-->`;
    else if (n.nodeType === 1) {
      const el = n as Element;
      const tag = el.localName;
      const attrs = [...el.attributes]
        .map(a => [a.name, a.name === 'class' ? a.value.split(/\s+/).filter(Boolean).sort().join(' ') : a.value])
        .filter(([name, value]) => !(name === 'class' && value === ''))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      out += `<${tag}${attrs.map(([k, v]) => ` ${k}="${esc(v, true)}"`).join('')}>`;
      if (!VOID.has(tag)) out += canonical(tag === 'template' ? (el as HTMLTemplateElement).content : el) + `</${tag}>`;
    }
  }
  return out;
}

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

describe('optimistic vectors (tests/vectors/optimistic-vectors.json)', () => {
  test('the file has cases', () => expect(cases.length).toBeGreaterThan(20));
  for (const c of cases) {
    test(c.name, async () => {
      document.body.innerHTML = '';
      const root = document.createElement('div');
      root.setAttribute('data-lv-root', '');
      root.setAttribute('data-lv-token', 'tok');
      if (c.meta) root.setAttribute('data-lv-m', JSON.stringify(c.meta));
      root.innerHTML = c.html;
      document.body.append(root);
      const t = fakeTransport({ m: c.meta ?? {} });
      const errors: unknown[] = [];
      root.addEventListener('lv:error', e => errors.push((e as CustomEvent).detail));
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const error = vi.spyOn(console, 'error').mockImplementation(() => {}); // a refused form event is logged with console.error
      const view = createView(root, t, c.options ?? {});
      if (c.joined !== false) await view.join();
      let sentSeen = 0, errorsSeen = 0;
      const $ = (s: string) => {
        const el = root.querySelector(s);
        if (!el) throw new Error(`${c.name}: no element ${s}`);
        return el as HTMLInputElement;
      };
      for (const [i, step] of c.steps.entries()) {
        const at = `${c.name}, step ${i + 1} (${JSON.stringify(step).slice(0, 80)})`;
        if ('click' in step) $(step.click).dispatchEvent(new MouseEvent('click', { bubbles: true }));
        else if ('input' in step || 'change' in step) {
          const el = $(step.input ?? step.change);
          if (el instanceof HTMLSelectElement) for (const o of el.options) o.selected = ([] as string[]).concat(step.value).includes(o.value);
          else el.value = step.value;
          el.dispatchEvent(new Event('input' in step ? 'input' : 'change', { bubbles: true }));
        } else if ('keydown' in step) $(step.keydown).dispatchEvent(new KeyboardEvent('keydown', { key: step.key, bubbles: true }));
        else if ('focusout' in step) $(step.focusout).dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
        else if ('focus' in step) $(step.focus).focus();
        else if ('blur' in step) (document.activeElement as HTMLElement | null)?.blur();
        else if ('submit' in step) {
          const submitter = step.submitter ? $(step.submitter) : null;
          $(step.submit).dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true, submitter }));
        } else if ('reply' in step) view.receive({ r: 0, a: view.ref, o: [], v: view.v + 1, ...step.reply } as Reply);
        else if ('advance' in step) vi.advanceTimersByTime(step.advance);
        else if ('disconnect' in step) view.disconnected();
        else if ('join' in step) {
          t.result = { m: c.meta ?? {}, ...step.join };
          await view.join();
        } else if ('sendFails' in step) t.fail = step.sendFails;
        else if ('expect' in step) {
          await Promise.resolve(); // a failed send is reported asynchronously
          await Promise.resolve();
          const x = step.expect;
          if ('html' in x) expect(canonical(root), at).toBe(x.html);
          for (const [s, text] of Object.entries(x.text ?? {})) expect($(s).textContent, `${at}: text of ${s}`).toBe(text);
          for (const [s, cls] of Object.entries(x.classes ?? {}))
            expect([...$(s).classList].sort().join(' '), `${at}: classes of ${s}`).toBe(cls);
          for (const [s, attrs] of Object.entries(x.attrs ?? {}) as [string, Record<string, string | null>][])
            for (const [name, value] of Object.entries(attrs)) expect($(s).getAttribute(name), `${at}: ${s}[${name}]`).toBe(value);
          for (const [s, props] of Object.entries(x.props ?? {}) as [string, Record<string, unknown>][]) {
            const el = $(s);
            if ('checked' in props) expect(el.checked, `${at}: ${s}.checked`).toBe(props.checked);
            if ('value' in props) expect(el.value, `${at}: ${s}.value`).toBe(props.value);
            if ('selected' in props) expect([...(el as unknown as HTMLSelectElement).options].filter(o => o.selected).map(o => o.value), `${at}: ${s} selected`).toEqual(props.selected);
          }
          if ('root' in x) expect([...root.classList].sort().join(' '), `${at}: root classes`).toBe(x.root);
          if ('focused' in x) expect(document.activeElement, `${at}: focused`).toBe(x.focused == null ? document.body : $(x.focused));
          for (const [s, ns] of Object.entries(x.ns ?? {})) expect($(s).namespaceURI, `${at}: namespace of ${s}`).toBe(ns);
          if ('sent' in x) expect(t.sent.slice(sentSeen), `${at}: sent`).toEqual(x.sent);
          sentSeen = t.sent.length;
          if ('errors' in x) expect(errors.slice(errorsSeen), `${at}: errors`).toEqual(x.errors);
          errorsSeen = errors.length;
          if ('warnings' in x) expect(warn.mock.calls.length, `${at}: warnings`).toBe(x.warnings);
          if ('pending' in x) expect(view.log.entries.map(e => e.ref), `${at}: pending refs`).toEqual(x.pending);
        } else throw new Error(`${at}: unknown step`);
      }
      warn.mockRestore();
      error.mockRestore();
    });
  }
});
