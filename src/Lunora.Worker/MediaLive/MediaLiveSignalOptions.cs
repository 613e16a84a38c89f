namespace Lunora.Worker.MediaLive;

/// <summary>How far back and at what resolution ActiveOutputs is read. MediaLive metrics are high resolution (1 s), but land with some delay.</summary>
public sealed record MediaLiveSignalOptions(TimeSpan Window, int PeriodSeconds)
{
    public static readonly MediaLiveSignalOptions Default = new(TimeSpan.FromMinutes(2), 10);
}
