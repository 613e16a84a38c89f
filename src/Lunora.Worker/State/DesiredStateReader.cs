using System.Collections.Immutable;
using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.Encodings;
using Lunora.Worker.Secrets;

namespace Lunora.Worker.State;

/// <summary>
/// A channel's desired state, fully resolved: every record of the channel read tolerantly (a bad record is that
/// destination's <see cref="DestinationSpec.RecordProblem"/>, never an exception), every stream key fingerprinted once
/// per read, every preset read once (a preset that does not exist or cannot be encoded reads as no preset: the planner
/// compares presets with what the channel shows, and such an output can only ever show the channel's own encode). A key that cannot be read fails only the destinations that name it, and an output already on the channel
/// keeps the key it sends with (the reason says so) instead of being taken off by a restart.
/// </summary>
/// <param name="migration">Migrates legacy records as they are read; without it (the read-only <c>check</c>, <c>plan</c> and <c>status</c>) they are only interpreted.</param>
/// <param name="channelKeys">The keys on the channel, for parameters that cannot be read; without it, the last good key this process read.</param>
/// <param name="presets">The presets table; without it preset ids are passed on as stored.</param>
/// <param name="resolvedPresets">Where the usable presets of the last read are kept for the gateway.</param>
public sealed partial class DesiredStateReader(
    DestinationScanner scanner,
    StreamKeyResolver keys,
    StatusCache statuses,
    DestinationNotices notices,
    ILogger<DesiredStateReader> logger,
    LegacyIntentMigration? migration = null,
    IChannelKeySource? channelKeys = null,
    IPresetStore? presets = null,
    ResolvedPresets? resolvedPresets = null)
{
    private const string RefusedParameter = "(refused)";

    public async Task<DesiredChannel> ReadAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        var destinations = ImmutableArray.CreateBuilder<DestinationSpec>();
        var read = new ReadScope(channelId);
        foreach (var item in await scanner.SharedScanAsync(cancellationToken))
        {
            var record = DestinationRecordReader.Read(item);
            if (record.Spec.Id.Length > 0 && scanner.UnmanagedChannelProblem(record.ChannelId) is { } unmanaged)
            {
                // Never migrated and never looked up: the record is left alone apart from its error status.
                if (scanner.IsDefaultChannel(channelId))
                {
                    statuses.Set(record.Spec.Id, record.Stored);
                    destinations.Add(record.Spec with { RecordProblem = unmanaged });
                }

                continue;
            }

            if (!scanner.BelongsTo(record.ChannelId, channelId) || record.Spec.Id.Length == 0)
            {
                continue;
            }

            if (!record.HasDesiredState && migration is not null)
            {
                record = await migration.MigrateAsync(record, cancellationToken);
            }

            statuses.Set(record.Spec.Id, record.Stored);
            var (spec, notice) = await ResolveKeysAsync(record.Spec, read, cancellationToken);
            notices.Set(spec.Id, notice);
            destinations.Add(spec);
        }

        return new DesiredChannel(channelId, await ResolvePresetsAsync(destinations.ToImmutable(), cancellationToken));
    }

    private async Task<ImmutableArray<DestinationSpec>> ResolvePresetsAsync(ImmutableArray<DestinationSpec> destinations, CancellationToken cancellationToken)
    {
        if (presets is null)
        {
            return destinations;
        }

        var usable = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var id in destinations.Select(d => d.PresetId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var preset = PresetEncoding.IsSafeId(id) ? await presets.GetAsync(id, cancellationToken) : null;
            usable[id] = PresetEncoding.IsUsable(preset);
            resolvedPresets?.Set(id, usable[id] ? preset : null);
        }

        return usable.ContainsValue(false)
            ? [.. destinations.Select(d => d.PresetId is { } id && !usable[id] ? d with { PresetId = null } : d)]
            : destinations;
    }

    private async Task<(DestinationSpec Spec, string? Notice)> ResolveKeysAsync(DestinationSpec spec, ReadScope read, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        if (spec.RecordProblem is { } existing)
        {
            problems.Add(existing);
        }

        var primary = await ResolveAsync(spec.Primary, "stream_key_param", "stream key parameter", backup: false);
        var backup = await ResolveAsync(spec.Backup, "backup_stream_key_param", "backup stream key parameter", backup: true);
        return (
            spec with
            {
                Primary = primary,
                Backup = backup,
                RecordProblem = problems.Count > 0 ? string.Join("; ", problems) : null,
            },
            notes.Count > 0 ? string.Join("; ", notes) : null);

        async Task<EndpointSpec?> ResolveAsync(EndpointSpec? endpoint, string field, string label, bool backup)
        {
            if (endpoint?.KeyParameter is not { } name || string.IsNullOrWhiteSpace(name))
            {
                return endpoint;
            }

            // A key pasted where its parameter's name belongs: refused before it reaches Parameter Store, a reason or a log.
            if (!KeyShape.IsParameterName(name) || KeyShape.LooksLikeKey(name))
            {
                problems.Add($"{field} looks like a stream key, not a Parameter Store name; store the key in Parameter Store and put the parameter's name here");
                return endpoint with { KeyParameter = RefusedParameter, KeyFingerprint = null };
            }

            if (!read.Readings.TryGetValue(name, out var reading))
            {
                reading = await keys.ReadAsync(name, cancellationToken);
                read.Readings[name] = reading;
            }

            if (reading.Fingerprint is { } fresh)
            {
                return endpoint with { KeyFingerprint = fresh };
            }

            if (await KeptKeyAsync(spec.Id, endpoint, name, read, cancellationToken) is { } kept)
            {
                notes.Add($"{label} {name} {reading.Problem}; still sending with the last good key");
                LogKeptKey(logger, spec.Id, name, reading.Problem ?? "");
                return endpoint with { KeyFingerprint = kept };
            }

            if (backup)
            {
                // Without its key the backup is no backup (UsableBackup); the primary goes on as it is.
                notes.Add($"{label} {name} {reading.Problem}; failover to the backup is unavailable until it can be read");
            }
            else
            {
                problems.Add($"{label} {name} {reading.Problem}");
            }

            return endpoint with { KeyFingerprint = null };
        }
    }

    /// <summary>
    /// The key the destination's output on the channel sends to this endpoint with, or (without a channel to ask) the
    /// last good one. When the channel cannot be asked, the last good key stands in; with none, the read fails with the
    /// channel's error (retried as the reconcile's failure): marking the destination an error could take a working
    /// output off by a restart.
    /// </summary>
    private async Task<string?> KeptKeyAsync(string destinationId, EndpointSpec endpoint, string parameterName, ReadScope read, CancellationToken cancellationToken)
    {
        if (channelKeys is null)
        {
            return keys.Vault.LastGood(parameterName);
        }

        if (read.OnChannel is null)
        {
            try
            {
                read.OnChannel = await channelKeys.KeysOnChannelAsync(read.ChannelId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogChannelKeysUnavailable(logger, read.ChannelId, e.GetType().Name);
                if (keys.Vault.LastGood(parameterName) is { } lastGood)
                {
                    return lastGood;
                }

                // The channel's own failure, as it is: the reconcile classifies it (a throttle is retried) as its
                // DescribeChannel would have.
                throw;
            }
        }

        var group = OutputNaming.GroupName(destinationId);
        return read.OnChannel.FirstOrDefault(k => k.GroupName == group && k.Url == endpoint.Url)?.Fingerprint;
    }

    private sealed class ReadScope(string channelId)
    {
        public string ChannelId { get; } = channelId;

        public Dictionary<string, StreamKeyReading> Readings { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<ChannelKey>? OnChannel { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Destination {DestinationId}: stream key parameter {ParameterName} {Problem}; its output keeps the key it has")]
    private static partial void LogKeptKey(ILogger logger, string destinationId, string parameterName, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {ChannelId}: the keys on the channel could not be read ({ErrorType}); an unreadable key keeps its last good value, or the read is retried")]
    private static partial void LogChannelKeysUnavailable(ILogger logger, string channelId, string errorType);
}
