using System.Collections.Immutable;

namespace Lunora.Domain.Desired;

/// <summary>Everything the intent store says about one channel.</summary>
public sealed record DesiredChannel(string ChannelId, ImmutableArray<DestinationSpec> Destinations);
