using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace LiveViews;

/// <summary>
/// The URL a routed view shows, as <see cref="LiveView.HandleParamsAsync"/> receives it: the route values of its
/// <c>MapLiveView</c> pattern and the query string, with typed getters.
/// </summary>
/// <remarks>
/// A URL is user input (anyone can type one): unlike <see cref="MountContext.Params"/>, which travel signed, treat these
/// values as untrusted. Lookups are case-insensitive; a route value wins over a query value of the same name.
/// Conversion (invariant culture): <c>string</c> as is; <c>bool</c> accepts true/false, on/off, 1/0, yes/no; enums by
/// member name, case-insensitive (numbers are refused); other types through their <c>TypeConverter</c> (numbers,
/// <c>Guid</c>, <c>DateTime</c>, <c>DateOnly</c>, <c>TimeSpan</c>, …). <see cref="Get{T}(string)"/> throws
/// <see cref="LiveParamException"/> (a <see cref="LiveViewException"/>: the message reaches the user) for a missing or
/// invalid value; <see cref="Get{T}(string, T)"/> returns the fallback for a missing, empty or invalid one.
/// </remarks>
public sealed class LiveParams
{
    private readonly IReadOnlyDictionary<string, string> _route;
    private readonly Dictionary<string, StringValues> _query;

    /// <summary>Creates the params of <paramref name="url"/> (a local URL: <c>/path?query</c>) with the route values its pattern matched.</summary>
    public LiveParams(string url, IReadOnlyDictionary<string, string>? routeValues = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        (Path, QueryString) = Navigation.LocalUrl.Split(url);
        _route = routeValues is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string>(routeValues, StringComparer.OrdinalIgnoreCase);
        _query = new Dictionary<string, StringValues>(QueryHelpers.ParseQuery(QueryString), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The path, e.g. <c>/todos</c>.</summary>
    public string Path { get; }

    /// <summary>The query string with its leading <c>?</c>, or empty.</summary>
    public string QueryString { get; }

    /// <summary>Path and query, e.g. <c>/todos?filter=done</c>.</summary>
    public string Url => Path + QueryString;

    /// <summary>The values of the route pattern's parameters (e.g. <c>{id}</c>), as text.</summary>
    public IReadOnlyDictionary<string, string> RouteValues => _route;

    /// <summary>The query string's values (a key may repeat).</summary>
    public IQueryCollection Query => new QueryCollection(_query);

    /// <summary>The route value, else the first query value, of <paramref name="name"/>; null when absent.</summary>
    public string? this[string name] => TryGetText(name, out var text) ? text : null;

    /// <summary>True when the URL has a route value or a query value named <paramref name="name"/>.</summary>
    public bool Contains(string name) => TryGetText(name, out _);

    /// <summary>
    /// The value of <paramref name="name"/> converted to <typeparamref name="T"/>. Throws <see cref="LiveParamException"/>
    /// when it is missing or not a valid <typeparamref name="T"/> (a nullable <typeparamref name="T"/> gives null for an empty value).
    /// </summary>
    public T Get<T>(string name)
    {
        if (!TryGetText(name, out var text)) throw new LiveParamException(name, $"The URL needs a '{name}' parameter.");
        if (text.Length == 0 && default(T) is null && typeof(T) != typeof(string)) return default!;
        return Navigation.ParamConverter.TryConvert(text, typeof(T), out var value)
            ? (T)value!
            : throw new LiveParamException(name, $"The URL parameter '{name}' is not a valid {Navigation.ParamConverter.FriendlyName(typeof(T))}.");
    }

    /// <summary>The value of <paramref name="name"/> as <typeparamref name="T"/>, or <paramref name="fallback"/> when it is missing, empty or invalid. Never throws.</summary>
    public T Get<T>(string name, T fallback) => TryGet<T>(name, out var value) ? value : fallback;

    /// <summary>Converts the value of <paramref name="name"/>; false (and default) when it is missing, empty or invalid.</summary>
    public bool TryGet<T>(string name, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (!TryGetText(name, out var text) || text.Length == 0 || !Navigation.ParamConverter.TryConvert(text, typeof(T), out var converted)) return false;
        value = (T)converted!;
        return true;
    }

    /// <summary>Every query value of <paramref name="name"/> that converts to <typeparamref name="T"/>, in order (invalid ones are skipped).</summary>
    public IReadOnlyList<T> GetAll<T>(string name)
    {
        var result = new List<T>();
        if (_route.TryGetValue(name, out var routeValue) && Navigation.ParamConverter.TryConvert(routeValue, typeof(T), out var r)) result.Add((T)r!);
        else if (_query.TryGetValue(name, out var values))
            foreach (var text in values)
                if (text is { Length: > 0 } && Navigation.ParamConverter.TryConvert(text, typeof(T), out var v)) result.Add((T)v!);
        return result;
    }

    /// <summary>
    /// This URL with query parameter <paramref name="name"/> set to <paramref name="value"/> (null or empty removes it),
    /// the other parameters kept in order: <c>p.With("filter", "done")</c> → <c>/todos?delay=800&amp;filter=done</c>. For links
    /// and <see cref="LiveView.PushPatch"/>.
    /// </summary>
    public string With(string name, string? value)
    {
        var builder = new StringBuilder(Path);
        var separator = '?';
        var replaced = false;
        foreach (var (key, values) in QueryHelpers.ParseQuery(QueryString))
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                if (replaced) continue;
                replaced = true;
                if (!string.IsNullOrEmpty(value)) Append(key, value);
                continue;
            }
            foreach (var v in values) Append(key, v ?? "");
        }
        if (!replaced && !string.IsNullOrEmpty(value)) Append(name, value);
        return builder.ToString();

        void Append(string key, string v)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(v));
            separator = '&';
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Url;

    private bool TryGetText(string name, out string text)
    {
        if (_route.TryGetValue(name, out text!)) return true;
        if (_query.TryGetValue(name, out var values) && values.Count > 0) { text = values[0] ?? ""; return true; }
        text = "";
        return false;
    }
}
