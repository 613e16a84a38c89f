using System.Collections.Immutable;
using Lunora.Domain.Desired;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.Aws;
using Lunora.Worker.Encodings;
using Lunora.Worker.Secrets;
using Lunora.Worker.State;

namespace Lunora.Worker.MediaLive;

/// <summary>MediaLive behind <see cref="IChannelGateway"/>: read the document, patch only Lunora's outputs, send it back.</summary>
/// <param name="presets">Reads a preset the reader did not resolve; without either, every output uses the channel's own descriptions.</param>
/// <param name="vault">
/// The keys the desired-state reader fingerprinted: each target is sent with exactly the key its plan was made with.
/// Without it (or for a key the vault does not hold) the key is looked up by its parameter.
/// </param>
public sealed partial class ChannelGateway(
    MediaLiveClient client,
    IStreamKeyProvider streamKeys,
    ILogger<ChannelGateway> logger,
    IPresetStore? presets = null,
    StreamKeyVault? vault = null,
    ResolvedPresets? resolvedPresets = null) : IChannelGateway
{
    public async Task<ObservedChannel> ObserveAsync(string channelId, CancellationToken cancellationToken)
    {
        var document = await client.DescribeChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        return ChannelDocument.ToObserved(document, channelId);
    }

    public async Task ApplyOutputsAsync(string channelId, UpdateOutputs action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        // Always patch a fresh read: the body replaces what it names, so it must be built from what is there now.
        var document = await client.DescribeChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        var resolved = ImmutableArray.CreateBuilder<ResolvedOutput>(action.Outputs.Length);
        foreach (var output in action.Outputs)
        {
            var keys = ImmutableArray.CreateBuilder<string>(output.Pipelines.Length);
            foreach (var target in output.Pipelines)
            {
                // The vault holds the last good key even while its parameter is unreadable: an output kept on the
                // channel with that key is rewritten with it, not dropped.
                var key = vault?.KeyFor(target.KeyFingerprint)
                    ?? await streamKeys.GetAsync(target.KeyParameter, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Stream key parameter {target.KeyParameter} for {output.GroupName} does not exist.");
                keys.Add(key);
            }

            resolved.Add(new ResolvedOutput(output, keys.MoveToImmutable()));
        }

        var outputs = resolved.MoveToImmutable();
        var encodings = await PresetsAsync(action, cancellationToken).ConfigureAwait(false);
        var body = ChannelUpdateBuilder.Build(document, outputs, action.ExpectedUnmanagedFingerprint, encodings);
        try
        {
            await client.UpdateChannelAsync(channelId, body, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            var redacted = AwsErrorParser.Redact(e, [.. outputs.SelectMany(o => o.StreamKeys)]);
            // A refusal aimed only at some of our destinations' settings fails those, not the channel.
            if (redacted is AwsUnprocessableEntityException unprocessable
                && RejectedOutputs.Attribute(body, unprocessable, action.Outputs.ToDictionary(o => o.GroupName, o => o.DestinationId, StringComparer.Ordinal)) is { Count: > 0 } rejected)
            {
                throw new OutputsRejectedException(rejected, redacted);
            }

            if (!ReferenceEquals(redacted, e))
            {
                throw redacted;
            }

            throw;
        }

        LogOutputsApplied(channelId, action.Outputs.Length);
    }

    private async Task<Dictionary<string, EncodingPreset>> PresetsAsync(UpdateOutputs action, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, EncodingPreset>(StringComparer.Ordinal);
        foreach (var id in action.Outputs.Select(o => o.PresetId).OfType<string>().Where(PresetEncoding.IsSafeId).Distinct(StringComparer.Ordinal))
        {
            // The desired-state reader already read the preset the plan names; the table is read only for one it did not.
            var preset = resolvedPresets?.For(id)
                ?? (presets is null ? null : await presets.GetAsync(id, cancellationToken).ConfigureAwait(false));
            if (preset is not null && PresetEncoding.IsUsable(preset))
            {
                found[id] = preset;
            }
        }

        return found;
    }

    public async Task StartAsync(string channelId, CancellationToken cancellationToken)
    {
        await client.StartChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        LogStarted(channelId);
    }

    public async Task StopAsync(string channelId, CancellationToken cancellationToken)
    {
        await client.StopChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        LogStopped(channelId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {ChannelId}: managed outputs updated ({Count} RTMP groups)")]
    private partial void LogOutputsApplied(string channelId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {ChannelId}: start requested")]
    private partial void LogStarted(string channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {ChannelId}: stop requested")]
    private partial void LogStopped(string channelId);
}
