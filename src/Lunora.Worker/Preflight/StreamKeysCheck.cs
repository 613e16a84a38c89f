using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Planning;
using Lunora.Worker.Secrets;
using Lunora.Worker.State;

namespace Lunora.Worker.Preflight;

/// <summary>
/// Every key parameter every destination record names (primary and backup), each on its own row, read through the
/// worker's own key provider: records of channels the deployment does not manage included, so a key that would break
/// the moment that channel is added is seen now. Only the parameter's name is shown, never the key; a key pasted where
/// its name belongs is refused without being read or echoed.
/// </summary>
public sealed class StreamKeysCheck(DestinationScanner scanner, StreamKeyResolver keys, StateOptions tables)
{
    public const string Name = "stream keys";

    private const string KeyFix = "create the parameter (SecureString) under PARAMETER_STORE_PREFIX, or correct the record's parameter name";

    public async Task<IReadOnlyList<PreflightResult>> RunAsync(CancellationToken cancellationToken)
    {
        List<Dictionary<string, AttributeValue>> items;
        try
        {
            items = await scanner.SharedScanAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            return [PreflightResult.Skip(Name, $"table {tables.DestinationsTable} does not exist")];
        }

        var rows = new List<PreflightResult>();
        var readings = new Dictionary<string, StreamKeyReading>(StringComparer.Ordinal);
        foreach (var record in items.Select(DestinationRecordReader.Read).Where(r => r.Spec.Id.Length > 0).OrderBy(r => r.Spec.Id, StringComparer.Ordinal))
        {
            foreach (var (endpoint, role) in new[] { (record.Spec.Primary, "primary"), (record.Spec.Backup, "backup") })
            {
                if (endpoint?.KeyParameter is { } name && !string.IsNullOrWhiteSpace(name))
                {
                    rows.Add(await RowAsync($"key {record.Spec.Id} {role}", record.ChannelId, name, readings, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        rows.Insert(0, rows.Count == 0
            ? PreflightResult.Pass(Name, "no destination names a key yet")
            : PreflightResult.Pass(Name, $"{rows.Count} key parameter(s) named, {rows.Count(r => !r.Failed)} readable"));
        return rows;
    }

    private async Task<PreflightResult> RowAsync(
        string check, string? channelId, string name, Dictionary<string, StreamKeyReading> readings, CancellationToken cancellationToken)
    {
        var channel = channelId is null ? "" : $" (channel {channelId})";
        if (!KeyShape.IsParameterName(name) || KeyShape.LooksLikeKey(name))
        {
            return PreflightResult.Fail(
                check,
                "the field holds something that looks like a stream key, not a Parameter Store name" + channel,
                "store the key in Parameter Store and put the parameter's name in the record; treat the pasted key as leaked and rotate it");
        }

        if (!readings.TryGetValue(name, out var reading))
        {
            readings[name] = reading = await keys.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        }

        return reading.Fingerprint is not null
            ? PreflightResult.Pass(check, $"{name} readable{channel}")
            : PreflightResult.Fail(check, $"{name} {reading.Problem}{channel}", reading.Problem?.Contains("not found", StringComparison.Ordinal) == true
                ? KeyFix
                : "allow ssm:GetParameter (and kms:Decrypt for SecureString) on PARAMETER_STORE_PREFIX/* for the task role, and keep the parameter inside the prefix");
    }
}
