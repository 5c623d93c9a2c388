import { expect } from 'vitest';
import type { HandlerMeta, JoinResult, Reply } from '../src/protocol';
import { createView } from '../src/view';

/** A transport that records sends and answers `join` with `result`, other invocations with `other`. */
export function fakeTransport(result: Partial<JoinResult> = {}, other?: (method: string, ...args: unknown[]) => Promise<unknown>) {
  const sent: unknown[][] = [];
  return {
    sent,
    joins: 0,
    /** The argument of every `join`, in order. */
    requests: [] as unknown[],
    fail: false,
    result,
    send(...args: unknown[]) {
      if (this.fail) return Promise.reject(new Error('not connected'));
      sent.push(args);
    },
    async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
      if (other && method !== 'join') return other(method, ...args) as Promise<T>;
      expect(method).toBe('join');
      this.joins++;
      this.requests.push(args[0]);
      return { id: 'v1', v: 0, h: null, m: {}, ...this.result, token: args[0] } as T;
    },
    /** The `e` sends as `{ref, handler, args}`. */
    events() {
      return sent.filter(s => s[0] === 'e').map(([, , ref, handler, args]) => ({ ref, handler, args }) as {
        ref: number; handler: string; args: Record<string, unknown>;
      });
    },
  };
}

/** A joined view on a fresh root holding `html`, with handler metadata `m`. */
export async function mount(html: string, m: Record<string, HandlerMeta> = {}, timeoutMs?: number, other?: Parameters<typeof fakeTransport>[1]) {
  document.body.innerHTML = '';
  const root = document.createElement('div');
  root.setAttribute('data-lv-root', '');
  root.setAttribute('data-lv-token', 'tok');
  root.innerHTML = html;
  document.body.append(root);
  const t = fakeTransport({ m }, other);
  const view = createView(root, t, { t: timeoutMs });
  await view.join();
  const $ = <E extends Element = HTMLElement>(s: string) => root.querySelector(s) as unknown as E;
  /** Delivers a reply with the next version. */
  const reply = (r: Partial<Reply>) => view.receive({ r: 0, a: view.ref, o: [], v: view.v + 1, ...r });
  return { root, view, t, $, reply };
}

export function click(el: Element) {
  el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
}

/** Toggles a checkbox as a user click does . */
export function toggle(cb: HTMLInputElement) {
  click(cb); // a dispatched click toggles it and fires input + change (activation behaviour), as in browsers
}

export function type(input: HTMLInputElement, value: string, kind = 'input') {
  input.value = value;
  input.dispatchEvent(new Event(kind, { bubbles: true }));
}
