using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>SINGLE_PIPELINE and no backup URL on any destination: one encoder or ingest failure ends the stream with nothing to fail over to.</summary>
public sealed class PipelineRedundancyRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Text(input.Channel["channelClass"]) != "SINGLE_PIPELINE")
        {
            yield break;
        }

        // The channel itself cannot hold a second URL per destination in SINGLE_PIPELINE; Lunora's destinations can.
        var backups = input.Desired?.Destinations.Count(d => d.Backup?.Url is { Length: > 0 }) ?? 0;
        if (backups == 0)
        {
            yield return new Finding(
                "redundancy",
                "channel",
                "the channel is SINGLE_PIPELINE and no destination has a backup URL, so nothing can take over when the pipeline or an ingest fails",
                "add a backup URL to each destination (Lunora fails over to it), or recreate the channel as STANDARD");
        }
    }
}
