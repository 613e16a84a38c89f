namespace Lunora.Domain.Desired;

/// <summary>Where a destination streams to, in the words the UI stores (<c>platform</c>).</summary>
public enum Platform
{
    YouTube,
    Twitch,
    Restream,
    Custom,

    /// <summary>The HLS player behind MediaPackage: delivered by an output group Lunora does not own, so it only asks for the channel to run.</summary>
    Hls,
}
