using System.Text.Json;
using System.Text.Json.Nodes;
using Lunora.Worker.Aws;
using Polly;

namespace Lunora.Worker.CloudWatch;

/// <summary>CloudWatch GetMetricData over awsJson 1.0 (POST / with X-Amz-Target), paginated by NextToken.</summary>
public sealed class CloudWatchClient
{
    private const string Target = "GraniteServiceVersion20100801.GetMetricData";

    private readonly AwsHttpTransport _transport;
    private readonly ResiliencePipeline _pipeline;

    public CloudWatchClient(
        HttpClient httpClient,
        AwsClientSettings settings,
        TimeProvider timeProvider,
        AwsRetryOptions? retry = null,
        Func<double>? randomizer = null,
        IAwsCallObserver? observer = null)
    {
        _transport = new AwsHttpTransport(httpClient, settings, timeProvider, observer);
        _pipeline = AwsRetryPipeline.Create(retry ?? AwsRetryOptions.Default, timeProvider, randomizer);
    }

    public async Task<IReadOnlyDictionary<string, MetricSeries>> GetMetricDataAsync(
        IReadOnlyList<MetricQuery> queries,
        DateTimeOffset start,
        DateTimeOffset end,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var merged = new Dictionary<string, (string? Label, List<DateTimeOffset> Times, List<double> Values, string? Status)>(StringComparer.Ordinal);
        // GetMetricData takes at most 500 queries per call.
        foreach (var chunk in queries.Chunk(500))
        {
            string? token = null;
            do
            {
                var body = RequestBody(chunk, start, end, token);
                var attempt = 0;
                var page = await _pipeline.ExecuteAsync(
                    async ct =>
                    {
                        if (attempt++ > 0)
                        {
                            _transport.RecordRetry("GetMetricData");
                        }

                        return await SendAsync(body, ct).ConfigureAwait(false);
                    },
                    cancellationToken).ConfigureAwait(false);
                foreach (var result in page["MetricDataResults"] as JsonArray ?? [])
                {
                    if (result is not JsonObject r || r["Id"]?.GetValue<string>() is not { } id)
                    {
                        continue;
                    }

                    if (!merged.TryGetValue(id, out var series))
                    {
                        series = (r["Label"]?.GetValue<string>(), [], [], null);
                    }

                    series.Times.AddRange((r["Timestamps"] as JsonArray ?? []).Select(t => DateTimeOffset.FromUnixTimeMilliseconds((long)(t!.GetValue<double>() * 1000))));
                    series.Values.AddRange((r["Values"] as JsonArray ?? []).Select(v => v!.GetValue<double>()));
                    merged[id] = series with { Status = r["StatusCode"]?.GetValue<string>() ?? series.Status };
                }

                token = page["NextToken"]?.GetValue<string>();
            }
            while (!string.IsNullOrEmpty(token));
        }

        return merged.ToDictionary(
            p => p.Key,
            p => new MetricSeries(p.Key, p.Value.Label, [.. p.Value.Times], [.. p.Value.Values], p.Value.Status),
            StringComparer.Ordinal);
    }

    private async Task<JsonObject> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-amz-json-1.0",
            ["x-amz-target"] = Target,
        };
        var response = await _transport.SendAsync("GetMetricData", HttpMethod.Post, "/", null, body, headers, cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(response.Body) as JsonObject
            ?? throw new AwsServiceException(response.StatusCode, "MalformedResponse", "GetMetricData: the answer is not a JSON object");
    }

    private static byte[] RequestBody(IEnumerable<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end, string? token)
    {
        var list = new JsonArray();
        foreach (var q in queries)
        {
            if (q.Id.Length == 0 || !char.IsAsciiLetterLower(q.Id[0]))
            {
                throw new ArgumentException($"Metric query id '{q.Id}' must start with a lowercase letter.", nameof(queries));
            }

            var dimensions = new JsonArray();
            foreach (var d in q.Dimensions)
            {
                dimensions.Add(new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value });
            }

            list.Add(new JsonObject
            {
                ["Id"] = q.Id,
                ["MetricStat"] = new JsonObject
                {
                    ["Metric"] = new JsonObject { ["Namespace"] = q.Namespace, ["MetricName"] = q.MetricName, ["Dimensions"] = dimensions },
                    ["Period"] = q.PeriodSeconds,
                    ["Stat"] = q.Stat,
                },
                ["ReturnData"] = true,
            });
        }

        var body = new JsonObject
        {
            ["MetricDataQueries"] = list,
            ["StartTime"] = start.ToUnixTimeSeconds(),
            ["EndTime"] = end.ToUnixTimeSeconds(),
            ["ScanBy"] = "TimestampDescending",
        };
        if (token is not null)
        {
            body["NextToken"] = token;
        }

        return JsonSerializer.SerializeToUtf8Bytes(body);
    }
}
