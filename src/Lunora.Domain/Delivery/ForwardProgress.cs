namespace Lunora.Domain.Delivery;

/// <summary>
/// What the health judge remembers about one forward between looks: the latest sample, since when it has been in its
/// state, and when its byte counter last moved.
/// </summary>
public sealed record ForwardProgress(ForwardSample Latest, DateTimeOffset StateSince, DateTimeOffset BytesMovedAt);
