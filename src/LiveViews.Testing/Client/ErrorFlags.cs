using LiveViews.Testing.Dom;
using AngleSharp.Dom;

namespace LiveViews.Testing.Client;

/// <summary>
/// Flags the elements of failed optimistic entries with <c>optimistic-error</c> for 2 s (client/src/error-flags.ts). A later
/// server patch may rewrite <c>class</c>, so each call (one after every reply) puts the flags back while they last.
/// </summary>
internal sealed class ErrorFlags(IElement root, ClientTimers timers, double ms = 2000)
{
    /// <summary>Class carried for about 2 s by the elements of a failed optimistic entry.</summary>
    public const string ErrorClass = "optimistic-error";

    private List<OptimisticOp> _flagged = [];

    public void Flag(List<OptimisticOp> ops)
    {
        foreach (var el in ops.Select(o => o.El).Distinct(ReferenceEqualityComparer.Instance).Cast<IElement>())
        {
            var f = ops.First(o => ReferenceEquals(o.El, el)) with { };
            f.El = el;
            _flagged.Add(f);
            timers.Set(() =>
            {
                _flagged = _flagged.Where(x => !ReferenceEquals(x, f)).ToList();
                // a newer failure of the same element keeps its own, later window
                if (!_flagged.Any(x => ReferenceEquals(x.El, f.El))) PendingLog.Locate(root, f)?.ClassList.Remove(ErrorClass);
            }, ms);
        }
        foreach (var f in _flagged) PendingLog.Locate(root, f)?.ClassList.Add(ErrorClass);
    }
}
