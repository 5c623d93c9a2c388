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
  /** Sends now what debounces of `el` hold (on blur). */
  flush(el: Element): void;
  /** Discards the held events of elements `which` selects (all if omitted), e.g. the inputs of a submitted form. */
  cancel(which?: (el: Element) => boolean): void;
}

type Timer = ReturnType<typeof setTimeout>;
interface Slot<T> { held?: T; timer?: Timer; max?: Timer; debounce?: boolean; fire: () => void }

/**
 * Rate limiting per (element, handler). `send` receives the payload to send; `merge(held, next)` coalesces a new
 * event into the one already held (the result is what is finally sent); `dropped` receives held payloads that
 * `cancel` discards.
 */
export function createRateLimiter<T>(send: (p: T) => void, merge: (held: T, next: T) => T, dropped: (p: T) => void): RateLimiter<T> {
  const slots = new Map<Element, Map<string, Slot<T>>>();
  const hold = (slot: Slot<T>, p: T) => { slot.held = slot.held === undefined ? p : merge(slot.held, p); };
  const stop = (slot: Slot<T>) => { clearTimeout(slot.timer); clearTimeout(slot.max); };

  return {
    submit(el, handler, { d, w, t }, payload) {
      if (!d && !t) return send(payload);
      const mine = slots.get(el) ?? slots.set(el, new Map()).get(el)!;
      let slot = mine.get(handler)!;
      const fire = () => {
        stop(slot);
        const held = slot.held;
        slot.held = undefined;
        if (d || held === undefined) {
          mine.delete(handler);
          if (!mine.size) slots.delete(el);
        } else slot.timer = setTimeout(fire, t); // a trailing send opens a new throttle window
        if (held !== undefined) send(held);
      };
      if (!d) {
        // throttle: the first event of a window goes at once, the latest of the others when it ends
        if (slot) return hold(slot, payload);
        mine.set(handler, slot = { fire, timer: setTimeout(fire, t) });
        return send(payload);
      }
      if (!slot) mine.set(handler, slot = { debounce: true, fire });
      hold(slot, payload);
      clearTimeout(slot.timer);
      slot.timer = setTimeout(fire, d);
      if (w && !slot.max) slot.max = setTimeout(fire, w);
    },
    flush(el) {
      for (const slot of slots.get(el)?.values() ?? []) if (slot.debounce) slot.fire();
    },
    cancel(which = () => true) {
      for (const [el, mine] of slots) {
        if (!which(el)) continue;
        for (const slot of mine.values()) {
          stop(slot);
          if (slot.held !== undefined) dropped(slot.held);
        }
        slots.delete(el);
      }
    },
  };
}
