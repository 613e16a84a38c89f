using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Preflight;

/// <summary>The channel exists and is in a state the worker can take over from.</summary>
public sealed class ChannelCheck(MediaLiveClient medialive, string channelId, string region) : IPreflightCheck
{
    public string Name => $"channel {channelId}";

    public string Permission => "medialive:DescribeChannel";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        string? state;
        try
        {
            state = MediaLiveClient.State(await medialive.DescribeChannelAsync(channelId, cancellationToken).ConfigureAwait(false));
        }
        catch (AwsNotFoundException)
        {
            return PreflightResult.Fail(
                Name,
                $"channel {channelId} does not exist in {region}",
                "set MEDIALIVE_CHANNEL_ID to the channel's id and MEDIALIVE_REGION to its region (aws medialive list-channels)");
        }

        return state switch
        {
            "IDLE" or "STARTING" or "RUNNING" or "RECOVERING" or "STOPPING" or "UPDATING" or "UPDATE_FAILED" =>
                PreflightResult.Pass(Name, state),
            "CREATING" => PreflightResult.Fail(Name, $"channel {channelId} is still CREATING", "wait until it is IDLE, then deploy"),
            "CREATE_FAILED" or "DELETING" or "DELETED" => PreflightResult.Fail(
                Name,
                $"channel {channelId} is {state}: there is nothing to reconcile",
                "point MEDIALIVE_CHANNEL_ID at a live channel"),
            _ => PreflightResult.Fail(
                Name,
                $"channel {channelId} is in state '{state}', which this version of Lunora does not know",
                "upgrade Lunora before deploying against this channel"),
        };
    }
}
