using System.Text.Json.Nodes;
using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Preflight;

/// <summary>The channel has an input attached, and that input exists and says it is ATTACHED: without one it cannot start.</summary>
public sealed class ChannelInputCheck(MediaLiveClient medialive, string channelId) : IPreflightCheck
{
    public string Name => $"channel input {channelId}";

    public string Permission => "medialive:DescribeChannel, medialive:DescribeInput";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        JsonObject channel;
        try
        {
            channel = await medialive.DescribeChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsNotFoundException)
        {
            return PreflightResult.Skip(Name, $"channel {channelId} not found");
        }

        var inputIds = (channel["inputAttachments"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(a => a["inputId"]?.GetValue<string>())
            .OfType<string>()
            .ToList();
        if (inputIds.Count == 0)
        {
            return PreflightResult.Fail(
                Name,
                $"channel {channelId} has no input attached",
                "attach the channel's input in the MediaLive console (Channel > Input attachments) while the channel is idle");
        }

        foreach (var inputId in inputIds)
        {
            JsonObject input;
            try
            {
                input = await medialive.DescribeInputAsync(inputId, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsNotFoundException)
            {
                return PreflightResult.Fail(
                    Name,
                    $"input {inputId} attached to channel {channelId} does not exist",
                    "attach an existing input to the channel in the MediaLive console");
            }

            var state = input["state"]?.GetValue<string>();
            if (state != "ATTACHED")
            {
                return PreflightResult.Fail(
                    Name,
                    $"input {inputId} of channel {channelId} is {state ?? "in no state"}, not ATTACHED",
                    "re-attach the input to the channel in the MediaLive console");
            }
        }

        return PreflightResult.Pass(Name, $"{string.Join(", ", inputIds)} ATTACHED");
    }
}
