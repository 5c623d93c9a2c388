namespace LiveViews.Redis.Tests;

/// <summary>A registered message type (<c>RegisterMessageType&lt;Note&gt;("note")</c>).</summary>
public sealed record Note(string Author, string Text, int Priority);
