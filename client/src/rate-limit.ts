/** Debounce/throttle settings of a handler, in ms (from `HandlerMeta`). */
export interface RateMeta {
  /** Debounce: send `d` ms after the last event (trailing edge). */
  d?: number;
  /** Debounce max wait: send at the latest `w` ms after the first held event. */
  w?: number;
  /** Throttle: at most one send per `t` ms; leading edge at once, trailing edge with the latest value. */
  t?: number;
}

/** Rate limiting per (element, handler) (see `createRateLimiter`). */
export interface RateLimiter<T> {
  /** Sends `payload` now, or holds it according to `meta`. */
  submit(el: Element, handler: string, meta: RateMeta, payload: T): void;
  /**
   * Sends now what debounces of `el` and of the elements containing it (its form) hold (on blur), or, without `el`,
   * everything held (before a navigation).
   */
  flush(el?: Element): void;
  /** Discards the held events of elements `which` selects (all if omitted), e.g. the inputs of a submitted form. */
  cancel(which?: (el: Element) => boolean): void;
  /** True while an event is held (a debounce timer is armed or a throttle holds its trailing event). */
  busy(): boolean;
}

type Timer = ReturnType<typeof setTimeout>;

/** The state of one (element, handler) while it debounces or its throttle window is open. */
interface Slot<T> { el: Element; handler: string; debounce: boolean; fire: () => void; held?: T; timer?: Timer; max?: Timer }

/**
 * Rate limiting per (element, handler). `send` receives the payload to send; `merge(held, next)` coalesces a new
 * event into the one already held (the result is what is finally sent); `dropped` receives held payloads that
 * `cancel` discards.
 */
export function createRateLimiter<T>(send: (p: T) => void, merge: (held: T, next: T) => T, dropped: (p: T) => void): RateLimiter<T> {
  const slots = new Set<Slot<T>>();
  const hold = (slot: Slot<T>, p: T) => { slot.held = slot.held === undefined ? p : merge(slot.held, p); };
  const stop = (slot: Slot<T>) => { clearTimeout(slot.timer); clearTimeout(slot.max); };

  return {
    submit(el, handler, { d, w, t }, payload) {
      if (!d && !t) return send(payload);
      const found = [...slots].find(s => s.el === el && s.handler === handler);
      const fire = () => {
        stop(slot);
        const { held } = slot;
        slot.held = undefined;
        if (d || held === undefined) slots.delete(slot);
        else slot.timer = setTimeout(fire, t); // a trailing send opens a new throttle window
        if (held !== undefined) send(held);
      };
      const slot = found ?? { el, handler, debounce: !!d, fire };
      slots.add(slot);
      if (!d) {
        // throttle: the first event of a window goes at once, the latest of the others when it ends
        if (found) return hold(slot, payload);
        slot.timer = setTimeout(fire, t);
        return send(payload);
      }
      hold(slot, payload);
      clearTimeout(slot.timer);
      slot.timer = setTimeout(fire, d);
      if (w && !slot.max) slot.max = setTimeout(fire, w);
    },
    flush(el) {
      for (const slot of slots) if (!el || (slot.el.contains(el) && slot.debounce)) slot.fire();
    },
    busy: () => [...slots].some(s => s.held !== undefined),
    cancel(which = () => true) {
      for (const slot of slots) {
        if (!which(slot.el)) continue;
        stop(slot);
        if (slot.held !== undefined) dropped(slot.held);
        slots.delete(slot);
      }
    },
  };
}
