namespace Lunora.Domain.Observed;

/// <summary>Every MediaLive <c>ChannelState</c>, in the service model's order.</summary>
public enum ChannelState
{
    Creating,
    CreateFailed,
    Idle,
    Starting,
    Running,
    Recovering,
    Stopping,
    Deleting,
    Deleted,
    Updating,
    UpdateFailed,
}
