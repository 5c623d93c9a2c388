namespace LiveViews.Diffing;

/// <summary>
/// Longest increasing subsequence, O(n log n) patience sorting with predecessor links — the algorithm keyed-list
/// differs use to choose which children stay in place so that the fewest are moved (Vue 3 <c>getSequence</c> in
/// runtime-core/src/renderer.ts; Inferno <c>lis_algorithm</c>; ivi).
/// </summary>
internal static class LongestIncreasingSubsequence
{
    /// <summary>Marks the members of one longest strictly increasing subsequence of <paramref name="values"/>.</summary>
    /// <param name="values">Distinct values (new-list indexes of the kept children, in old order).</param>
    /// <param name="member">Receives true at the positions that belong to the subsequence (same length as values).</param>
    /// <returns>The subsequence's length.</returns>
    public static int Mark(ReadOnlySpan<int> values, Span<bool> member)
    {
        int n = values.Length;
        member.Clear();
        if (n == 0) return 0;
        var tails = new int[n];        // tails[k]: position of the smallest tail of an increasing run of length k+1
        var previous = new int[n];     // predecessor position in the run ending at i
        int length = 0;
        for (int i = 0; i < n; i++)
        {
            int v = values[i];
            if (length > 0 && values[tails[length - 1]] < v)
            {
                previous[i] = tails[length - 1];
                tails[length++] = i;
                continue;
            }
            int lo = 0, hi = length; // first tail >= v
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (values[tails[mid]] < v) lo = mid + 1; else hi = mid;
            }
            previous[i] = lo > 0 ? tails[lo - 1] : -1;
            tails[lo] = i;
            if (lo == length) length++;
        }
        for (int k = length, i = tails[length - 1]; k > 0; k--, i = previous[i]) member[i] = true;
        return length;
    }
}
