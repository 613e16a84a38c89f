using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lunora.Emulator.State;

namespace Lunora.Emulator.Api;

/// <summary>CloudWatch GetMetricData over awsJson 1.0 (<c>POST /</c>, <c>X-Amz-Target</c>), for the AWS/MediaLive namespace.</summary>
internal static partial class CloudWatchEndpoints
{
    private const string TargetPrefix = "GraniteServiceVersion20100801.";

    public static void Map(IEndpointRouteBuilder app, EmulatorAccount account, RequestGate gate)
    {
        app.MapPost("/", async (HttpContext c) =>
        {
            string? target = c.Request.Headers["X-Amz-Target"];
            if (target is not null && target.StartsWith(EventBridgeEndpoints.TargetPrefix, StringComparison.Ordinal))
            {
                await EventBridgeEndpoints.HandleAsync(c, target, account.EventRules, gate);
                return;
            }

            var operation = target is not null && target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : null;
            if (operation != "GetMetricData")
            {
                await RequestGate.WriteErrorAsync(
                    c,
                    new ApiException(400, "UnknownOperationException", $"Operation '{target}' is not emulated; only {TargetPrefix}GetMetricData is."),
                    ServiceKind.CloudWatch);
                return;
            }

            await gate.RunAsync(c, "GetMetricData", ServiceKind.CloudWatch, async () =>
                GetMetricData(account, await JsonBody.ReadObjectAsync(c.Request, Invalid)));
        });
    }

    private static JsonObject GetMetricData(EmulatorAccount account, JsonObject request)
    {
        if (request["MetricDataQueries"] is not JsonArray queries || queries.Count == 0)
        {
            throw Invalid("MetricDataQueries is required.");
        }

        var start = Epoch(request["StartTime"], "StartTime");
        var end = Epoch(request["EndTime"], "EndTime");
        if (end <= start)
        {
            throw Invalid("The parameter StartTime must be less than the parameter EndTime.");
        }

        var descending = (string?)request["ScanBy"] != "TimestampAscending";
        var maxDatapoints = request["MaxDatapoints"] is JsonValue max ? max.GetValue<int>() : 100_800;
        var offset = ParseToken((string?)request["NextToken"]);

        var all = new List<(string Id, string Label, List<(DateTimeOffset At, double Value)> Points)>();
        foreach (var query in queries.OfType<JsonObject>())
        {
            var id = (string?)query["Id"] ?? throw Invalid("MetricDataQueries.member.Id is required.");
            if (!IdPattern().IsMatch(id))
            {
                throw Invalid($"The value {id} for parameter MetricDataQueries.member.Id is not valid: it must start with a lowercase letter.");
            }

            if (query["ReturnData"] is JsonValue returnData && !returnData.GetValue<bool>())
            {
                continue;
            }

            var stat = query["MetricStat"] as JsonObject;
            var metric = stat?["Metric"] as JsonObject;
            var points = new List<(DateTimeOffset, double)>();
            var label = (string?)query["Label"] ?? (string?)metric?["MetricName"] ?? id;
            if (stat is not null && metric is not null && (string?)metric["Namespace"] == "AWS/MediaLive")
            {
                var dimensions = (metric["Dimensions"] as JsonArray ?? [])
                    .OfType<JsonObject>()
                    .ToDictionary(d => (string)d["Name"]!, d => (string)d["Value"]!, StringComparer.Ordinal);
                var period = stat["Period"] is JsonValue p ? p.GetValue<int>() : throw Invalid("MetricStat.Period is required.");
                if (period < 1)
                {
                    throw Invalid("MetricStat.Period must be at least 1.");
                }

                points.AddRange(account.Datapoints(
                    (string?)metric["MetricName"] ?? string.Empty,
                    dimensions,
                    (string?)stat["Stat"] ?? "Average",
                    start,
                    end,
                    TimeSpan.FromSeconds(period)));
            }

            if (descending)
            {
                points.Reverse();
            }

            all.Add((id, label, points));
        }

        // Pages cut the flattened datapoints; a query split over pages reappears with the same Id, as CloudWatch does.
        var flat = all.SelectMany((q, index) => q.Points.Select(point => (Index: index, Point: point))).ToList();
        var page = flat.Skip(offset).Take(maxDatapoints).ToList();
        var taken = page.Count;
        var results = new JsonArray();
        for (var index = 0; index < all.Count; index++)
        {
            var slice = page.Where(p => p.Index == index).Select(p => p.Point).ToList();
            if (slice.Count == 0 && (offset > 0 || all[index].Points.Count > 0))
            {
                continue;
            }

            var remaining = flat.Skip(offset + taken).Any(p => p.Index == index);
            results.Add(new JsonObject
            {
                ["Id"] = all[index].Id,
                ["Label"] = all[index].Label,
                ["Timestamps"] = new JsonArray([.. slice.Select(s => (JsonNode)s.At.ToUnixTimeSeconds())]),
                ["Values"] = new JsonArray([.. slice.Select(s => (JsonNode)s.Value)]),
                ["StatusCode"] = remaining ? "PartialData" : "Complete",
            });
        }

        var total = flat.Count;
        var response = new JsonObject { ["MetricDataResults"] = results, ["Messages"] = new JsonArray() };
        if (offset + taken < total)
        {
            response["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + taken).ToString(CultureInfo.InvariantCulture)));
        }

        return response;
    }

    private static int ParseToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            return int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new ApiException(400, "InvalidNextToken", "The service couldn't process the NextToken.");
        }
    }

    private static DateTimeOffset Epoch(JsonNode? node, string name)
    {
        if (node is null)
        {
            throw Invalid($"{name} is required.");
        }

        if (node.GetValueKind() == JsonValueKind.Number)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(node.GetValue<double>() * 1000));
        }

        return DateTimeOffset.TryParse((string?)node, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw Invalid($"{name} must be a timestamp.");
    }

    private static ApiException Invalid(string message) => new(400, "InvalidParameterValueException", message);

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")]
    private static partial Regex IdPattern();
}
