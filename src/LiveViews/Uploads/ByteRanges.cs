namespace LiveViews.Uploads;

/// <summary>
/// The byte ranges of a file received so far, kept sorted and merged, so chunks may arrive in any order and be sent
/// twice. <see cref="Contiguous"/> is what the server acknowledges: the bytes from 0 without a gap.
/// </summary>
internal sealed class ByteRanges
{
    private readonly List<(long Start, long End)> _ranges = []; // half-open [Start, End), sorted, disjoint, not adjacent

    public ByteRanges() { }

    public ByteRanges(IEnumerable<long[]> ranges)
    {
        foreach (var r in ranges)
            if (r is [var start, var end]) Add(start, end);
    }

    /// <summary>Bytes from offset 0 without a gap.</summary>
    public long Contiguous => _ranges.Count > 0 && _ranges[0].Start == 0 ? _ranges[0].End : 0;

    /// <summary>The ranges as <c>[start, end)</c> pairs, for the metadata file.</summary>
    public long[][] ToArray() => _ranges.Select(r => new[] { r.Start, r.End }).ToArray();

    /// <summary>Adds <c>[start, end)</c>, merging it with the ranges it overlaps or touches.</summary>
    public void Add(long start, long end)
    {
        if (start < 0 || end < start) throw new ArgumentOutOfRangeException(nameof(start), $"Bad range [{start}, {end}).");
        if (start == end) return;
        var i = 0;
        while (i < _ranges.Count && _ranges[i].End < start) i++;
        var j = i;
        while (j < _ranges.Count && _ranges[j].Start <= end)
        {
            start = Math.Min(start, _ranges[j].Start);
            end = Math.Max(end, _ranges[j].End);
            j++;
        }
        _ranges.RemoveRange(i, j - i);
        _ranges.Insert(i, (start, end));
    }
}
