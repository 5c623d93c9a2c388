namespace LiveViews.PubSub;

/// <summary>
/// Publish/subscribe between views (other tabs, other users). The default implementation is in-process; a multi-server
/// backplane implements this interface and is registered in its place.
/// </summary>
public interface ILivePubSub
{
    /// <summary>Calls <paramref name="handler"/> (topic, message) for every message published to <paramref name="topic"/> until the returned handle is disposed.</summary>
    IDisposable Subscribe(string topic, Func<string, object, Task> handler);

    /// <summary>Delivers <paramref name="message"/> to every current subscriber of <paramref name="topic"/>. A failing subscriber does not affect the others.</summary>
    Task PublishAsync(string topic, object message);
}
