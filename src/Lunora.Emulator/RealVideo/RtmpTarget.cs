namespace Lunora.Emulator.RealVideo;

/// <summary>
/// Where one pipeline of one RTMP output sends: destination <c>settings[pipeline]</c>, with the output's retry settings.
/// <see cref="ToString"/> leaves the stream name out, so a target can be logged.
/// </summary>
internal sealed record RtmpTarget(
    string GroupName,
    int Pipeline,
    string Url,
    string StreamName,
    TimeSpan ConnectionRetryInterval,
    int NumRetries,
    TimeSpan RestartDelay)
{
    public override string ToString() => $"{GroupName} pipeline {Pipeline} -> {Url}";
}
