namespace Lunora.Domain.Delivery;

/// <summary>How the channel's picture reaches the platforms (setting <c>LUNORA_DELIVERY_MODE</c>).</summary>
public enum DeliveryMode
{
    /// <summary>MediaLive pushes to every destination itself: a destination change is a channel restart.</summary>
    Direct,

    /// <summary>MediaLive pushes one fixed output per pipeline to a relay; the relay makes one session per destination.</summary>
    Relay,
}
