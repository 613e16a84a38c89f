using Lunora.Domain.Desired;

namespace Lunora.Worker.State;

/// <summary>One destinations item as read: the spec (keys not yet resolved) plus the worker-owned values stored with it.</summary>
internal sealed record DestinationRecord(
    DestinationSpec Spec,
    string? ChannelId,
    bool HasDesiredState,
    StatusSnapshot Stored);
