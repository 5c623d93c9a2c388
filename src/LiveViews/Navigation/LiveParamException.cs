namespace LiveViews;

/// <summary>A required URL parameter of a live view is missing or invalid (see <see cref="LiveParams.Get{T}(string)"/>).</summary>
/// <param name="name">The parameter's name.</param>
/// <param name="message">What is wrong, for the user.</param>
public sealed class LiveParamException(string name, string message) : LiveViewException(message)
{
    /// <summary>The parameter's name.</summary>
    public string ParameterName { get; } = name;
}
