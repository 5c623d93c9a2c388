namespace LiveViews;

/// <summary>
/// Marks a public property of a <see cref="LiveView"/> whose value survives a reconnect to another server and a deploy:
/// it is serialized with System.Text.Json after every event that changed it (before that event's reply is sent), when
/// the connection drops and at graceful shutdown, kept encrypted in the app's <c>IDistributedCache</c>, and assigned back
/// after <see cref="LiveView.MountAsync"/> when the same page (the same view token) joins again on any server.
/// </summary>
/// <remarks>
/// The property needs a getter and a setter (the setter may be private). Its type must round-trip through
/// System.Text.Json. Limits: <c>LiveViewOptions.MaxPersistentStateBytes</c> and <c>PersistentStateLifetime</c>. For
/// state that is not a property, override <see cref="LiveView.SaveState"/> and <see cref="LiveView.RestoreState"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class PersistentStateAttribute : Attribute;
