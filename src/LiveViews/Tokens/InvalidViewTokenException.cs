namespace LiveViews.Tokens;

/// <summary>A view token failed to verify: tampered, expired, rendered for another user, or naming an unknown view.</summary>
public sealed class InvalidViewTokenException(string message, Exception? inner = null) : Exception(message, inner);
