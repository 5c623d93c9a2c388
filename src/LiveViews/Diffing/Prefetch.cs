using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace LiveViews.Diffing;

/// <summary>
/// Asks the CPU to start loading an object's first cache line now, for a loop that will read it a few iterations later.
/// A render that reuses its rows walks one object per row in several places (its memo entry's segment, the segment's parse,
/// the parse's element); when the caches hold none of them (an event after the browser painted on the same cores), each
/// is a wait for memory, ~0.1 µs, one row after the other. A hint a few rows ahead lets those loads overlap.
/// Only a hint: a stale address (the object moved) costs nothing. No-op where SSE is not available (not x86).
/// </summary>
internal static class Prefetch
{
    /// <summary>How many rows ahead the loops ask for.</summary>
    public const int Distance = 8;

    /// <summary>Hints that <paramref name="value"/>'s first cache line will be read soon.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Object(object? value)
    {
        if (Sse.IsSupported && value is not null) Sse.Prefetch0((void*)Unsafe.As<object, nint>(ref value));
    }
}
