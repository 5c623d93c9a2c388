/** Debounce/throttle settings of a handler, in ms (from `HandlerMeta`). */
export interface RateMeta {
  /** Debounce: send `d` ms after the last event (trailing edge). */
  d?: number;
  /** Debounce max wait: send at the latest `w` ms after the first held event. */
  w?: number;
  /** Throttle: at most one send per `t` ms; leading edge at once, trailing edge with the latest value. */
  t?: number;
}

type Timer = ReturnType<typeof setTimeout>;
interface Slot<T> { held?: T; timer?: Timer; max?: Timer; debounce: boolean; fire: () => void }

/**
 * Rate limiting per (element, handler). `send` receives the payload to send; `merge(held, next)` coalesces a new
 * event into the one already held (the result is what is finally sent); `dropped` receives held payloads that
 * `cancel` discards.
 */
export class RateLimiter<T> {
  private slots = new Map<Element, Map<string, Slot<T>>>();

  constructor(
    private readonly send: (p: T) => void,
    private readonly merge: (held: T, next: T) => T,
    private readonly dropped: (p: T) => void,
  ) {}

  /** Sends `payload` now, or holds it according to `meta`. */
  submit(el: Element, handler: string, meta: RateMeta, payload: T): void {
    const { d, w, t } = meta;
    if (!d && !t) return this.send(payload);
    const slots = this.slots.get(el) ?? this.slots.set(el, new Map()).get(el)!;
    let slot = slots.get(handler);
    const fire = () => {
      const s = slot!;
      clearTimeout(s.timer);
      clearTimeout(s.max);
      const held = s.held;
      s.held = undefined;
      if (d || held === undefined) this.remove(el, handler);
      else s.timer = setTimeout(fire, t); // a trailing send opens a new throttle window
      if (held !== undefined) this.send(held);
    };
    if (!d) {
      // throttle: the first event of a window goes at once, the latest of the others when it ends
      if (slot) slot.held = slot.held === undefined ? payload : this.merge(slot.held, payload);
      else {
        slots.set(handler, slot = { debounce: false, fire, timer: setTimeout(fire, t) });
        this.send(payload);
      }
      return;
    }
    if (!slot) slots.set(handler, slot = { debounce: true, fire });
    slot.held = slot.held === undefined ? payload : this.merge(slot.held, payload);
    clearTimeout(slot.timer);
    slot.timer = setTimeout(fire, d);
    if (w && !slot.max) slot.max = setTimeout(fire, w);
  }

  /** Sends now what debounces of `el` hold (on blur). */
  flush(el: Element): void {
    for (const slot of this.slots.get(el)?.values() ?? []) if (slot.debounce) slot.fire();
  }

  /** Discards the held events of elements `which` selects (all if omitted), e.g. the inputs of a submitted form. */
  cancel(which: (el: Element) => boolean = () => true): void {
    for (const [el, slots] of this.slots) {
      if (!which(el)) continue;
      for (const slot of slots.values()) {
        clearTimeout(slot.timer);
        clearTimeout(slot.max);
        if (slot.held !== undefined) this.dropped(slot.held);
      }
      this.slots.delete(el);
    }
  }

  private remove(el: Element, handler: string): void {
    const slots = this.slots.get(el);
    slots?.delete(handler);
    if (!slots?.size) this.slots.delete(el);
  }
}
