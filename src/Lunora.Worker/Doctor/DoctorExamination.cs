using Lunora.Domain.Desired;
using Lunora.Worker.MediaLive;
using Lunora.Worker.State;

namespace Lunora.Worker.Doctor;

/// <summary>Reads the channel, its metrics and Lunora's destinations, and examines them. Reads only; never changes anything.</summary>
public sealed class DoctorExamination(MediaLiveClient mediaLive, DoctorMetricsReader metrics, IDesiredStateStore? destinations = null)
{
    public async Task<DoctorResult> RunAsync(string channelId, DoctorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var channel = await mediaLive.DescribeChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        var pipelines = ChannelDocument.ClassOf(channel) == Domain.Observed.ChannelClass.Standard ? 2 : 1;
        var history = await metrics.ReadAsync(channelId, pipelines, options, cancellationToken).ConfigureAwait(false);
        DesiredChannel? desired = null;
        string? destinationsProblem = null;
        if (destinations is not null)
        {
            try
            {
                desired = await destinations.ReadAsync(channelId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The channel can still be examined; only the redundancy rule needs the destinations.
                destinationsProblem = e.GetType().Name;
            }
        }

        var input = new DoctorInput(channel, history, desired, options);
        return new DoctorResult(channel, ChannelDoctor.Examine(input), destinationsProblem);
    }
}
