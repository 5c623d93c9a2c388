namespace LiveViews;

/// <summary>
/// Thrown by a handler to reject an event with a message meant for the user. The message is sent to the client
/// (as the reply's error) and optimistic changes of that event are reverted. Any other exception is reported to the
/// client as a generic failure and logged with the view and handler name.
/// </summary>
public class LiveViewException(string message) : Exception(message);
