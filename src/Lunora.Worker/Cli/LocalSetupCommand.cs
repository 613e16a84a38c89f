using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Lunora.Worker.Commands;
using Lunora.Worker.State;

namespace Lunora.Worker.Cli;

/// <summary>
/// <c>local-setup</c>: prepares the local stand-ins the way the existing UI and infrastructure would have: the four
/// tables, the queues (with a dead-letter queue and redrive policy), destinations like ours (YouTube with primary and
/// backup ingest, Restream, a custom RTMP server, the HLS player), presets, and a stream-key file. Writes the queue
/// URLs as shell assignments to the file named by --env-out. Safe to run twice; never runs against a non-loopback endpoint.
/// </summary>
internal static class LocalSetupCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var endpoint = configuration["AWS_ENDPOINT_URL_DYNAMODB"] ?? configuration["AWS_ENDPOINT_URL"] ?? "";
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !uri.IsLoopback)
        {
            await output.WriteLineAsync("local-setup only runs against local stand-ins: set AWS_ENDPOINT_URL_DYNAMODB to a loopback URL.");
            return 2;
        }

        var options = StateOptions.FromConfiguration(configuration);
        using var dynamo = DynamoDbClientFactory.Create(options);
        await LocalTables.CreateAllAsync(dynamo, options, CancellationToken.None);
        await SeedAsync(dynamo, options, options.DefaultChannelId ?? "3714710");
        await output.WriteLineAsync($"tables ready: {options.DestinationsTable}, {options.PresetsTable}, {options.SessionsTable}, {options.WorkerTable}");

        if (configuration["STREAM_KEYS_FILE"] is { Length: > 0 } keysFile)
        {
            var prefix = (configuration["PARAMETER_STORE_PREFIX"] ?? "/lunora/stream-keys").TrimEnd('/');
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keysFile))!);
            var keys = new Dictionary<string, string>
            {
                [$"{prefix}/youtube-main"] = "yt-" + Guid.NewGuid().ToString("N")[..16],
                [$"{prefix}/youtube-main-backup"] = "yt-" + Guid.NewGuid().ToString("N")[..16],
                [$"{prefix}/restream"] = "re-" + Guid.NewGuid().ToString("N")[..16],
                [$"{prefix}/custom-rtmp"] = "cu-" + Guid.NewGuid().ToString("N")[..16],
            };
            if (!File.Exists(keysFile))
            {
                await File.WriteAllTextAsync(keysFile, JsonSerializer.Serialize(keys, Indented));
            }

            await output.WriteLineAsync($"stream keys: {keysFile}");
        }

        var sqsEndpoint = configuration["AWS_ENDPOINT_URL_SQS"] ?? configuration["AWS_ENDPOINT_URL"];
        if (sqsEndpoint is not null)
        {
            using var sqs = SqsClientFactory.Create(Aws.AwsSdkSettings.From(configuration));
            var dlq = (await sqs.CreateQueueAsync("lunora-commands-dlq")).QueueUrl;
            var dlqArn = (await sqs.GetQueueAttributesAsync(dlq, ["QueueArn"])).Attributes["QueueArn"];
            var commands = (await sqs.CreateQueueAsync(new CreateQueueRequest
            {
                QueueName = "lunora-commands",
                Attributes = new Dictionary<string, string>
                {
                    ["RedrivePolicy"] = JsonSerializer.Serialize(new { deadLetterTargetArn = dlqArn, maxReceiveCount = 10 }),
                    ["VisibilityTimeout"] = "30",
                },
            })).QueueUrl;
            var events = (await sqs.CreateQueueAsync("lunora-medialive-events")).QueueUrl;
            await output.WriteLineAsync($"queues ready: {commands}, {events}, {dlq}");
            var envOut = Array.IndexOf(args, "--env-out") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            if (envOut is not null)
            {
                await File.WriteAllTextAsync(envOut, $"export COMMANDS_QUEUE_URL='{commands}'\nexport COMMANDS_DLQ_URL='{dlq}'\nexport EVENTS_QUEUE_URL='{events}'\n");
            }
        }

        return 0;
    }

    private static async Task SeedAsync(AmazonDynamoDBClient dynamo, StateOptions options, string channelId)
    {
        var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var prefix = "/lunora/stream-keys";
        var destinations = new[]
        {
            Destination("youtube-main", "YouTube (main channel)", "youtube", "rtmp://a.rtmp.youtube.com/live2", $"{prefix}/youtube-main", "hd720p30",
                backupUrl: "rtmp://b.rtmp.youtube.com/live2?backup=1", backupKey: $"{prefix}/youtube-main-backup"),
            Destination("restream", "Restream", "restream", "rtmp://live.restream.io/live", $"{prefix}/restream", "hd720p30"),
            Destination("custom-rtmp", "Partner RTMP server", "custom", "rtmp://127.0.0.1:1935/partner", $"{prefix}/custom-rtmp", "sd480p30"),
            Destination("hls-player", "Lunora player (HLS)", "hls", null, null, "hd720p30"),
        };

        foreach (var item in destinations)
        {
            item["channel_id"] = new AttributeValue(channelId);
            item["created_at"] = new AttributeValue(now);
            item["updated_at"] = new AttributeValue(now);
            try
            {
                await dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = options.DestinationsTable,
                    Item = item,
                    ConditionExpression = "attribute_not_exists(destination_id)",
                });
            }
            catch (ConditionalCheckFailedException)
            {
                // Already seeded: leave the operator's edits alone.
            }
        }

        foreach (var (id, width, height, fps, video, audio) in new[] { ("hd720p30", 1280, 720, 30, 3_500_000, 128_000), ("sd480p30", 854, 480, 30, 1_500_000, 96_000) })
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = options.PresetsTable,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["preset_id"] = new(id),
                    ["name"] = new(id),
                    ["width"] = new() { N = width.ToString(CultureInfo.InvariantCulture) },
                    ["height"] = new() { N = height.ToString(CultureInfo.InvariantCulture) },
                    ["frame_rate"] = new() { N = fps.ToString(CultureInfo.InvariantCulture) },
                    ["video_bitrate"] = new() { N = video.ToString(CultureInfo.InvariantCulture) },
                    ["audio_bitrate"] = new() { N = audio.ToString(CultureInfo.InvariantCulture) },
                    ["profile"] = new("HIGH"),
                },
            });
        }
    }

    private static Dictionary<string, AttributeValue> Destination(
        string id, string name, string platform, string? url, string? key, string preset, string? backupUrl = null, string? backupKey = null)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["destination_id"] = new(id),
            ["name"] = new(name),
            ["platform"] = new(platform),
            ["preset_id"] = new(preset),
            ["enabled"] = new() { BOOL = true },
            ["desired_state"] = new("stopped"),
            ["desired_version"] = new() { N = "1" },
            ["streaming_status"] = new("ready"),
            ["failover_enabled"] = new() { BOOL = backupUrl is not null },
        };
        if (url is not null)
        {
            item["rtmp_url"] = new(url);
            item["stream_key_param"] = new(key);
        }

        if (backupUrl is not null)
        {
            item["backup_rtmp_url"] = new(backupUrl);
            item["backup_stream_key_param"] = new(backupKey);
        }

        return item;
    }
}
