using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace LiveViews.Rendering;

/// <summary>
/// The method of a memoized segment's template delegate, which names its call site (<see cref="SegmentMemo"/>).
/// </summary>
/// <remarks>
/// A Razor template (<c>@&lt;li&gt;…&lt;/li&gt;</c>) is a new delegate on every call, and <see cref="Delegate.Method"/> of a
/// new delegate asks the runtime for its method each time (a handle lookup and a reflection cache behind a lock): at
/// 1,000 rows that was ~0.1 ms of a ~0.5 ms event (dotnet-trace of <c>LoadGen serial --rows 1000</c>). The delegate's
/// code pointers are read instead and mapped to the method once. Equal pointers are the same method (they are its code
/// addresses; a multicast delegate, whose pointer is a shared stub, is excluded); the same method can show other pointers
/// (before and after it is compiled), which only adds an entry. A runtime without these fields (not CoreCLR) falls back
/// to <see cref="Delegate.Method"/>.
/// </remarks>
internal static class TemplateSite
{
    private static readonly ConcurrentDictionary<(nint Code, nint Aux), MethodInfo> Methods = new();
    private static bool s_pointersUnavailable;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_methodPtr")]
    private static extern ref nint CodePointer(Delegate template);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_methodPtrAux")]
    private static extern ref nint AuxPointer(Delegate template);

    /// <summary>The method <paramref name="template"/> calls (its <see cref="Delegate.Method"/>).</summary>
    public static MethodInfo Of(Delegate template)
    {
        if (s_pointersUnavailable || !template.HasSingleTarget) return template.Method;
        (nint, nint) code;
        try
        {
            code = (CodePointer(template), AuxPointer(template));
        }
        catch (MissingFieldException)
        {
            s_pointersUnavailable = true;
            return template.Method;
        }
        return Methods.TryGetValue(code, out var method) ? method : Methods.GetOrAdd(code, template.Method);
    }
}
