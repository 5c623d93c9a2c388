using AngleSharp.Dom;

namespace LiveViews.Testing.Client;

/// <summary>
/// A DOM event as the client's root listener sees it: its type (<c>click change input submit keydown keyup focusin
/// focusout</c>), its target, the key of a key event and the submitter of a submit.
/// </summary>
internal sealed record DomEvent(string Type, IElement Target, string? Key = null, IElement? Submitter = null);
