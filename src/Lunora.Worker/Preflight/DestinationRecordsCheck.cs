using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Planning;
using Lunora.Worker.State;

namespace Lunora.Worker.Preflight;

/// <summary>
/// Every destination record of the channel, read and judged exactly as the worker does (same reader, same validator),
/// one row per record with a problem. Only <c>check</c> runs it: a bad record is that destination's <c>error</c>
/// status in the running worker, never a reason to refuse to start. Reads only: legacy records are not migrated.
/// </summary>
/// <remarks>One summary row per managed channel; records naming a channel the deployment does not manage come with the first (default) channel's, as the worker reads them.</remarks>
public sealed class DestinationRecordsCheck(DesiredStateReader reader, DestinationNotices notices, StateOptions tables, IReadOnlyList<string> channelIds)
{
    public const string Name = "destinations";

    private const string KeyFix = "create the parameter (SecureString) under PARAMETER_STORE_PREFIX, or correct the destination's stream_key_param";
    private const string AccessFix = "allow ssm:GetParameter (and kms:Decrypt for SecureString) on PARAMETER_STORE_PREFIX/* for the task role, and keep stream_key_param inside the prefix";
    private const string RecordFix = "correct the destination record; until then the worker shows this as its error status and goes on with the others";

    public async Task<IReadOnlyList<PreflightResult>> RunAsync(CancellationToken cancellationToken)
    {
        var rows = new List<PreflightResult>();
        foreach (var channelId in channelIds)
        {
            var channelRows = await RunAsync(channelId, cancellationToken).ConfigureAwait(false);
            rows.AddRange(channelRows);
            if (channelRows is [{ Status: PreflightStatus.Skip }])
            {
                break;
            }
        }

        return rows;
    }

    private async Task<IReadOnlyList<PreflightResult>> RunAsync(string channelId, CancellationToken cancellationToken)
    {
        Domain.Desired.DesiredChannel desired;
        try
        {
            desired = await reader.ReadAsync(channelId, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            return [PreflightResult.Skip(Name, $"table {tables.DestinationsTable} does not exist")];
        }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            return [PreflightResult.Fail(Name, $"the destinations could not be read ({e.ErrorCode})", $"allow dynamodb:Scan on {tables.DestinationsTable} for the task role")];
        }
        catch (Aws.AwsServiceException e)
        {
            // Only while a key is unreadable does the read ask the channel (for the key its output has).
            return [PreflightResult.Fail(Name, $"the channel could not be read for the keys it sends with ({e.ErrorType})", "see the channel rows above; allow medialive:DescribeChannel")];
        }

        if (desired.Destinations.IsEmpty)
        {
            return [PreflightResult.Pass(Name, $"no destination of channel {channelId} yet")];
        }

        var (_, errors) = DestinationValidator.Validate(desired.Destinations);
        var rows = new List<PreflightResult>();
        foreach (var destination in desired.Destinations.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            if (errors.TryGetValue(destination.Id, out var error))
            {
                rows.Add(PreflightResult.Fail($"destination {destination.Id}", error, FixFor(error)));
            }
            else if (notices.For(destination.Id) is { } notice)
            {
                rows.Add(PreflightResult.Fail($"destination {destination.Id}", notice, FixFor(notice)));
            }
        }

        rows.Insert(0, PreflightResult.Pass(
            Name,
            $"{desired.Destinations.Length} destination(s) of channel {channelId} read, {desired.Destinations.Length - rows.Count} without problems"));
        return rows;
    }

    private static string FixFor(string problem) =>
        problem.Contains("not found", StringComparison.Ordinal) ? KeyFix
        : problem.Contains("stream key parameter", StringComparison.Ordinal) ? AccessFix
        : RecordFix;
}
