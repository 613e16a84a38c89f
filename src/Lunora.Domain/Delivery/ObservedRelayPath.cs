using System.Collections.Immutable;
using Lunora.Domain.Observed;

namespace Lunora.Domain.Delivery;

/// <summary>
/// A path as the relay reports it: its source and its forward list, each forward reduced to URL and key fingerprint by
/// the adapter (the key in a forward's <c>dest</c> never enters the domain).
/// </summary>
public sealed record ObservedRelayPath(string Name, string? Source, ImmutableArray<ObservedTarget> Forwards);
