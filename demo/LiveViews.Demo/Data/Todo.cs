namespace LiveViews.Demo.Data;

/// <summary>A to-do item.</summary>
public sealed record Todo(long Id, string Title, bool Done);
