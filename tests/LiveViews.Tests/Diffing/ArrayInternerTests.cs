using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// Immutable arrays shared by content (<see cref="ArrayInterner{T}"/>): equal elements give one array, any difference
/// (an element, the order, the length) gives another, short arrays are copied, and arrays nobody holds are swept.
/// </summary>
public class ArrayInternerTests
{
    private static readonly object[] Items = Enumerable.Range(0, 64).Select(i => (object)("item " + i)).ToArray();

    [Fact]
    public void Arrays_with_the_same_elements_are_one_array_equal_to_what_was_asked()
    {
        var interner = new ArrayInterner<object>(ReferenceEqualityComparer.Instance);
        var a = interner.Intern(Items);
        var b = interner.Intern(Items.ToArray());
        Assert.Same(a, b);
        Assert.NotSame(Items, a); // a copy: the caller's buffer stays the caller's
        Assert.Equal(Items, a);
    }

    [Fact]
    public void Any_difference_gives_another_array()
    {
        var interner = new ArrayInterner<object>(ReferenceEqualityComparer.Instance);
        var first = interner.Intern(Items);
        var changed = Items.ToArray();
        changed[10] = "item " + 10; // equal text, another object: compared by reference
        var swapped = Items.ToArray();
        (swapped[1], swapped[2]) = (swapped[2], swapped[1]);
        var withNull = Items.ToArray();
        withNull[63] = null!;
        foreach (var other in new[] { changed, swapped, withNull, Items[..63] })
        {
            var interned = interner.Intern(other);
            Assert.NotSame(first, interned);
            Assert.Equal(other, interned);
        }
        Assert.Same(interner.Intern(withNull), interner.Intern(withNull.ToArray()));
    }

    [Fact]
    public void Short_arrays_are_copied_and_not_kept()
    {
        var interner = new ArrayInterner<object>(ReferenceEqualityComparer.Instance);
        var shortOne = Items[..(ArrayInterner<object>.MinLength - 1)];
        Assert.NotSame(interner.Intern(shortOne), interner.Intern(shortOne));
        Assert.Equal(0, interner.Count);
        Assert.Empty(interner.Intern([]));
    }

    [Fact]
    public void Arrays_nobody_holds_any_more_are_swept()
    {
        var interner = new ArrayInterner<object>(ReferenceEqualityComparer.Instance);
        InternMany(interner, 100);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(100, interner.Sweep());
        Assert.Equal(0, interner.Count);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void InternMany(ArrayInterner<object> interner, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var items = Items.ToArray();
            items[0] = i;
            interner.Intern(items);
        }
    }
}
