using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Lunora.Worker.Tests.Secrets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.State;

/// <summary>Fresh tables on the shared dynalite for one test, plus the pieces the state classes need.</summary>
public sealed class StateTestBed : IDisposable
{
    private StateTestBed(DynaliteFixture dynalite, StateOptions options)
    {
        Dynamo = dynalite.CreateClient();
        Options = options;
    }

    public AmazonDynamoDBClient Dynamo { get; }

    public StateOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    public InMemoryStreamKeyProvider Keys { get; } = new();

    public static async Task<StateTestBed> CreateAsync(DynaliteFixture dynalite, Func<StateOptions, StateOptions>? configure = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var options = new StateOptions
        {
            DestinationsTable = "dest-" + suffix,
            PresetsTable = "presets-" + suffix,
            SessionsTable = "sessions-" + suffix,
            WorkerTable = "worker-" + suffix,
            DefaultChannelId = "1234567",
        };
        var bed = new StateTestBed(dynalite, configure?.Invoke(options) ?? options);
        await LocalTables.CreateAllAsync(bed.Dynamo, bed.Options, CancellationToken.None);
        return bed;
    }

    public SessionRecorder Sessions() => new(Dynamo, Options, Time, NullLogger<SessionRecorder>.Instance);

    public DestinationStore Store() => new(Dynamo, Options, Keys, Sessions(), Time);

    public Task PutAsync(Dictionary<string, AttributeValue> item) =>
        Dynamo.PutItemAsync(new PutItemRequest { TableName = Options.DestinationsTable, Item = item });

    public async Task<Dictionary<string, AttributeValue>> GetAsync(string destinationId, string? table = null, string key = "destination_id")
    {
        var response = await Dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table ?? Options.DestinationsTable,
            Key = new Dictionary<string, AttributeValue> { [key] = new() { S = destinationId } },
            ConsistentRead = true,
        });
        return response.Item ?? [];
    }

    /// <summary>A destination as today's UI writes it, with intent; tweak with the returned dictionary.</summary>
    public static Dictionary<string, AttributeValue> Destination(string id, string desired = "streaming") => new()
    {
        ["destination_id"] = S(id),
        ["name"] = S("Dest " + id),
        ["platform"] = S("youtube"),
        ["rtmp_url"] = S("rtmp://a.rtmp.youtube.com/live2"),
        ["stream_key_param"] = S("keys/" + id),
        ["preset_id"] = S("p720"),
        ["enabled"] = new() { BOOL = true },
        ["streaming_status"] = S("ready"),
        ["created_at"] = S("2026-11-20T08:00:00.000Z"),
        ["updated_at"] = S("2026-11-25T08:00:00.000Z"),
        ["desired_state"] = S(desired),
        ["desired_version"] = new() { N = "3" },
    };

    public static AttributeValue S(string value) => new() { S = value };

    public void Dispose() => Dynamo.Dispose();
}
