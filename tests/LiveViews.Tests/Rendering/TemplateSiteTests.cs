using LiveViews.Rendering;

namespace LiveViews.Tests.Rendering;

/// <summary>
/// <see cref="TemplateSite"/> names a template delegate's method as <see cref="Delegate.Method"/> does, for the fresh
/// delegate a Razor template is on every call, for closures over other values, and for delegates it does not map.
/// </summary>
public class TemplateSiteTests
{
    private int _offset = 3;

    [Fact]
    public void Fresh_delegates_of_one_lambda_name_its_method_and_two_lambdas_name_two()
    {
        var first = new List<Func<int, string>>();
        var second = new List<Func<int, string>>();
        for (int i = 0; i < 5; i++)
        {
            int captured = i; // a closure per iteration: another target each time, one method
            first.Add(item => (item + captured + _offset).ToString());
            second.Add(item => (item * captured).ToString());
        }
        Assert.All(first.Concat(second), d => Assert.Same(d.Method, TemplateSite.Of(d)));
        Assert.Single(first.Select(TemplateSite.Of).Distinct());
        Assert.Single(second.Select(TemplateSite.Of).Distinct());
        Assert.NotSame(TemplateSite.Of(first[0]), TemplateSite.Of(second[0]));
    }

    [Fact]
    public void Instance_and_static_method_groups_and_a_multicast_delegate_name_what_delegate_method_names()
    {
        Func<int, string> instance = Describe, other = new TemplateSiteTests().Describe, open = Twice;
        Assert.Same(instance.Method, TemplateSite.Of(instance));
        Assert.Same(instance.Method, TemplateSite.Of(other)); // another target, the same method
        Assert.Same(open.Method, TemplateSite.Of(open));
        Assert.NotSame(TemplateSite.Of(instance), TemplateSite.Of(open));
        var multicast = (Func<int, string>)Delegate.Combine(instance, open)!;
        Assert.Same(multicast.Method, TemplateSite.Of(multicast));
    }

    private string Describe(int item) => (item + _offset).ToString();

    private static string Twice(int item) => (item * 2).ToString();
}
