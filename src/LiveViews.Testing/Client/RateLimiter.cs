using AngleSharp.Dom;
using LiveViews.Testing.Protocol;

namespace LiveViews.Testing.Client;

/// <summary>
/// Debounce and throttle per (element, handler) (client/src/rate-limit.ts), on the client's timers. <c>send</c> receives the
/// payload to send; <c>merge(held, next)</c> coalesces a new event into the one already held; <c>dropped</c> receives held
/// payloads that <see cref="Cancel"/> discards.
/// </summary>
internal sealed class RateLimiter<T>(ClientTimers timers, Action<T> send, Func<T, T, T> merge, Action<T> dropped) where T : class
{
    /// <summary>The state of one (element, handler) while it debounces or its throttle window is open.</summary>
    private sealed class Slot(IElement el, string handler, bool debounce)
    {
        public IElement El { get; } = el;
        public string Handler { get; } = handler;
        public bool Debounce { get; } = debounce;
        public Action Fire { get; set; } = () => { };
        public T? Held { get; set; }
        public ClientTimers.Timeout? Timer { get; set; }
        public ClientTimers.Timeout? Max { get; set; }
    }

    private readonly List<Slot> _slots = [];

    private void Hold(Slot slot, T payload) => slot.Held = slot.Held is null ? payload : merge(slot.Held, payload);

    private static void Stop(Slot slot)
    {
        ClientTimers.Clear(slot.Timer);
        ClientTimers.Clear(slot.Max);
    }

    /// <summary>Sends <paramref name="payload"/> now, or holds it according to <paramref name="meta"/>.</summary>
    public void Submit(IElement el, string handler, HandlerMeta meta, T payload)
    {
        var (d, w, t) = (meta.Debounce, meta.MaxWait, meta.Throttle);
        if (d == 0 && t == 0)
        {
            send(payload);
            return;
        }
        var found = _slots.FirstOrDefault(s => ReferenceEquals(s.El, el) && s.Handler == handler);
        var slot = found ?? new Slot(el, handler, d != 0);
        void Fire()
        {
            Stop(slot);
            var held = slot.Held;
            slot.Held = null;
            if (d != 0 || held is null) _slots.Remove(slot);
            else slot.Timer = timers.Set(Fire, t); // a trailing send opens a new throttle window
            if (held is not null) send(held);
        }
        if (found is null)
        {
            slot.Fire = Fire;
            _slots.Add(slot);
        }
        if (d == 0)
        {
            // throttle: the first event of a window goes at once, the latest of the others when it ends
            if (found is not null)
            {
                Hold(slot, payload);
                return;
            }
            slot.Timer = timers.Set(Fire, t);
            send(payload);
            return;
        }
        Hold(slot, payload);
        ClientTimers.Clear(slot.Timer);
        slot.Timer = timers.Set(Fire, d);
        if (w != 0 && slot.Max is null) slot.Max = timers.Set(Fire, w);
    }

    /// <summary>Sends now what debounces of <paramref name="el"/> hold (on blur).</summary>
    public void Flush(IElement el)
    {
        foreach (var slot in _slots.ToList())
            if (ReferenceEquals(slot.El, el) && slot.Debounce) slot.Fire();
    }

    /// <summary>True while an event is held (a debounce timer is armed or a throttle holds its trailing event).</summary>
    public bool Busy => _slots.Any(s => s.Held is not null);

    /// <summary>Discards the held events of elements <paramref name="which"/> selects (all if null), e.g. the inputs of a submitted form.</summary>
    public void Cancel(Func<IElement, bool>? which = null)
    {
        foreach (var slot in _slots.ToList())
        {
            if (which is not null && !which(slot.El)) continue;
            Stop(slot);
            if (slot.Held is not null) dropped(slot.Held);
            _slots.Remove(slot);
        }
    }
}
