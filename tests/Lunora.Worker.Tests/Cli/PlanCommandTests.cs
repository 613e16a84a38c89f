using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Lunora.Worker.Cli;
using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.Cli;

/// <summary><c>plan</c> and <c>status</c> only look: against dynalite and the emulator, they leave every record as it was.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class PlanCommandTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    [Fact]
    public async Task PlanAndStatus_LegacyRecord_InterpretedButNotMigrated()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("legacy", "rtmp://127.0.0.1:1935/legacy");
        await stack.Dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = stack.Tables.DestinationsTable,
            Key = new() { ["destination_id"] = new("legacy") },
            UpdateExpression = "SET streaming_status = :on REMOVE desired_state, desired_version",
            ExpressionAttributeValues = new() { [":on"] = new("streaming") },
        });
        var before = await stack.DestinationAsync("legacy");
        var cli = stack.Environment().Select(p => $"--{p.Key}={p.Value}").ToArray();

        using var plan = new StringWriter(CultureInfo.InvariantCulture);
        await PlanCommand.RunAsync(cli, plan);
        using var status = new StringWriter(CultureInfo.InvariantCulture);
        await StatusCommand.RunAsync(cli, status);

        Assert.Contains("start channel", plan.ToString(), StringComparison.Ordinal);
        Assert.Contains("legacy", status.ToString(), StringComparison.Ordinal);
        var after = await stack.DestinationAsync("legacy");
        Assert.False(after.ContainsKey("desired_state"), "the legacy record is not migrated by a read-only verb");
        Assert.False(after.ContainsKey("migrated_at"));
        Assert.Equal(Text(before), Text(after));
    }

    private static string Text(Dictionary<string, AttributeValue> item) =>
        string.Join('\n', item.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + (kv.Value.S ?? kv.Value.N ?? kv.Value.BOOL?.ToString())));
}
