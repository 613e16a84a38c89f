using Lunora.Domain.Desired;
using Lunora.Domain.Planning;

namespace Lunora.Worker.State;

/// <summary>The lower-case words the UI stores for enums.</summary>
public static class WireNames
{
    public static string Of(DestinationStatus status) => status switch
    {
        DestinationStatus.Ready => "ready",
        DestinationStatus.Starting => "starting",
        DestinationStatus.Streaming => "streaming",
        DestinationStatus.Stopping => "stopping",
        DestinationStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Of(UrlType type) => type switch
    {
        UrlType.Primary => "primary",
        UrlType.Backup => "backup",
        UrlType.Both => "both",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Of(DesiredState state) => state == DesiredState.Streaming ? "streaming" : "stopped";

    public static string Of(UrlPreference preference) => preference switch
    {
        UrlPreference.Auto => "auto",
        UrlPreference.Primary => "primary",
        UrlPreference.Backup => "backup",
        _ => throw new ArgumentOutOfRangeException(nameof(preference), preference, null),
    };
}
