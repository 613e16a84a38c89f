using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Lunora.Domain.Desired;
using Lunora.Worker.MediaLive;
using Lunora.Worker.State;
using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>
/// Reads the channel, its metrics, alerts and inputs, Lunora's destinations and (when given) a sample of the source, and
/// examines them. Reads only; never changes anything. What cannot be read is reported and the rest still examined.
/// </summary>
public sealed class DoctorExamination(MediaLiveClient mediaLive, DoctorMetricsReader metrics, IDesiredStateStore? destinations = null, HttpClient? http = null)
{
    public async Task<DoctorResult> RunAsync(string channelId, DoctorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var channel = await mediaLive.DescribeChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        var pipelines = ChannelDocument.ClassOf(channel) == Domain.Observed.ChannelClass.Standard ? 2 : 1;
        var history = await metrics.ReadAsync(channelId, pipelines, options, cancellationToken).ConfigureAwait(false);
        var unread = new List<string>();

        async Task<T?> Try<T>(string what, Func<Task<T>> read)
            where T : class
        {
            try
            {
                return await read().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Only the type: a message could carry what a service echoed back.
                unread.Add($"{what}: {e.GetType().Name}");
                return null;
            }
        }

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
                // The channel can still be examined; only the destination rules need them.
                destinationsProblem = e.GetType().Name;
            }
        }

        var alerts = await Try("alerts", () => mediaLive.ListAlertsAsync(channelId, AlertStateFilter.All, cancellationToken)).ConfigureAwait(false);
        var inputs = new List<JsonObject>();
        foreach (var inputId in InputIds(channel))
        {
            if (await Try($"input {inputId}", () => mediaLive.DescribeInputAsync(inputId, cancellationToken)).ConfigureAwait(false) is { } input)
            {
                inputs.Add(input);
            }
        }

        var groups = RtmpGroupNames(channel);
        var active = await Try("ActiveOutputs", () => metrics.ReadActiveOutputsAsync(channelId, groups, pipelines, options, cancellationToken)).ConfigureAwait(false);
        SourceMeasurement? source = null;
        if (options.SourceSample is { } sample)
        {
            source = await Try("source sample", () => MeasureAsync(sample, cancellationToken)).ConfigureAwait(false);
        }

        var examined = new DoctorInput(channel, history, desired, options)
        {
            Alerts = alerts is null ? [] : [.. alerts],
            Inputs = [.. inputs],
            ActiveOutputs = active ?? ImmutableDictionary<CloudWatch.ActiveOutputsKey, CloudWatch.MetricSeries>.Empty,
            Source = source,
        };
        return new DoctorResult(channel, ChannelDoctor.Examine(examined), destinationsProblem) { Unread = [.. unread], Source = source };
    }

    private async Task<SourceMeasurement> MeasureAsync(string sample, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(sample, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var client = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            try
            {
                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return await FlvSourceReader.ReadAsync(body, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (http is null)
                {
                    client.Dispose();
                }
            }
        }

        await using var file = File.OpenRead(sample);
        return await FlvSourceReader.ReadAsync(file, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<string> InputIds(JsonObject channel) =>
        (channel["inputAttachments"] as JsonArray ?? []).OfType<JsonObject>().Select(a => Text(a["inputId"])).OfType<string>().Distinct(StringComparer.Ordinal);

    private static List<string> RtmpGroupNames(JsonObject channel) =>
        [.. (channel["encoderSettings"]?["outputGroups"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(g => g["outputGroupSettings"]?["rtmpGroupSettings"] is JsonObject)
            .Select(g => Text(g["name"]))
            .OfType<string>()];
}
