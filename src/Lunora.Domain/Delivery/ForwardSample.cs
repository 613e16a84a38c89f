namespace Lunora.Domain.Delivery;

/// <summary>One look at one destination's forward on one relay. <see cref="LastError"/> is already redacted by the adapter.</summary>
public sealed record ForwardSample(ForwardState State, string? LastError, long OutboundBytes, DateTimeOffset At);
