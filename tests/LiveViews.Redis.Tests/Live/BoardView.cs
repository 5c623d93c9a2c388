namespace LiveViews.Redis.Tests.Live;

/// <summary>A shared board: every view subscribes to <c>board</c>; <c>Post</c> publishes a note that every view (on every server) shows.</summary>
public sealed class BoardView : LiveView
{
    public const string Topic = "board";

    public List<string> Notes { get; } = [];

    /// <summary>Persisted: a page that moves to another server gets it back from Redis.</summary>
    [PersistentState] public string Draft { get; private set; } = "";

    public override Task MountAsync(MountContext context)
    {
        Subscribe(Topic);
        return Task.CompletedTask;
    }

    public override Task HandleInfoAsync(string topic, object message)
    {
        if (topic == Topic && message is string note) Notes.Add(note);
        return Task.CompletedTask;
    }

    [LiveEvent]
    public Task Post(string text) => PublishAsync(Topic, text);

    [LiveEvent]
    public void Write(string text) => Draft = text;
}
