namespace LiveViews.Tests.Live;

/// <summary>A view whose template embeds another live view: refused, pointing to live components.</summary>
public sealed class NestingView : LiveView;
