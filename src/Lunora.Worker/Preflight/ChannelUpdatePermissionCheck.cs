using System.Text.Json.Nodes;
using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Preflight;

/// <summary>
/// The worker may update the channel, proven without changing it: UpdateChannel with <c>dryRun</c> carrying the
/// channel's own configuration back (every member as read, no managed output changed).
/// </summary>
public sealed class ChannelUpdatePermissionCheck(MediaLiveClient medialive, string channelId) : IPreflightCheck
{
    public string Name => $"update channel (dry run) {channelId}";

    public string Permission => "medialive:UpdateChannel, iam:PassRole on the channel's role";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        JsonObject described;
        try
        {
            described = await medialive.DescribeChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsNotFoundException)
        {
            return PreflightResult.Skip(Name, $"channel {channelId} not found");
        }

        var body = ChannelDocument.ToUpdateProjection(described);
        body["dryRun"] = true;
        try
        {
            await medialive.UpdateChannelAsync(channelId, body, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsConflictException)
        {
            // Authorisation comes before the state check: a 409 means the call was allowed and only the state refused it.
            return PreflightResult.Pass(Name, $"allowed; the channel is {MediaLiveClient.State(described)}, so the service declined the dry run for its state");
        }
        catch (AwsUnprocessableEntityException e)
        {
            // Only the paths: a validation message may quote a destination's stream name.
            var paths = string.Join(", ", e.ValidationErrors.Select(v => v.ElementPath).Distinct(StringComparer.Ordinal).Take(5));
            return PreflightResult.Fail(
                Name,
                $"the channel's own configuration fails validation when sent back ({e.ValidationErrors.Length} error(s){(paths.Length > 0 ? " at " + paths : "")})",
                "fix the channel in the MediaLive console until it saves unchanged; Lunora cannot update it before that");
        }
        catch (AwsForbiddenException e)
        {
            return PreflightResult.Fail(Name, $"UpdateChannel denied ({e.ErrorType})", $"allow {Permission} for the task role");
        }
        catch (AwsBadRequestException e)
        {
            return PreflightResult.Fail(
                Name,
                $"the dry-run UpdateChannel was rejected ({e.ErrorType})",
                "run `check` with debug logging and compare the channel with the MediaLive console; the worker's updates would be rejected too");
        }

        return PreflightResult.Pass(Name, "dry-run UpdateChannel accepted (nothing changed)");
    }
}
