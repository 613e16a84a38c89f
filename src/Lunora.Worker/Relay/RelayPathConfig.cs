using System.Collections.Immutable;
using Lunora.Domain.Observed;

namespace Lunora.Worker.Relay;

/// <summary>A configured path as read back (<c>/v3/config/paths/list</c>): its source and its forwards, keys reduced to fingerprints.</summary>
public sealed record RelayPathConfig(string Name, string? Source, ImmutableArray<ObservedTarget> Forwards);
