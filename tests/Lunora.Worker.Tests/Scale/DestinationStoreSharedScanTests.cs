using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Desired;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using static Lunora.Worker.Tests.State.StateTestBed;

namespace Lunora.Worker.Tests.Scale;

/// <summary>Concurrent reads of the destinations table share scans, and never one that started before they asked.</summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class DestinationStoreSharedScanTests(DynaliteFixture dynalite)
{
    private const string Channel = "1234567";

    [Fact]
    public async Task ReadAsync_IntentWrittenWhileScanRuns_LaterReadSeesIt()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/d1"] = "k";
        await bed.PutAsync(Destination("d1", "stopped"));
        var (client, gate) = GatedScanDynamo.Wrap(bed.Dynamo);
        var store = new DestinationStore(client, bed.Options, bed.Keys, bed.Sessions(), bed.Time);

        var early = store.ReadAsync(Channel, CancellationToken.None);
        Assert.True(await UntilAsync(() => gate.Scans == 1), "the first scan started");
        // The UI turns the destination on after that scan read the table; a reconcile triggered by it reads now.
        await bed.Dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = bed.Options.DestinationsTable,
            Key = new() { ["destination_id"] = S("d1") },
            UpdateExpression = "SET desired_state = :s",
            ExpressionAttributeValues = new() { [":s"] = S("streaming") },
        });
        var late = store.ReadAsync(Channel, CancellationToken.None);
        gate.Release();
        Assert.True(await UntilAsync(() => gate.Scans == 2), "the late read got a scan of its own");
        gate.Release();

        Assert.Equal(DesiredState.Stopped, Assert.Single((await early).Destinations).DesiredState);
        Assert.Equal(DesiredState.Streaming, Assert.Single((await late).Destinations).DesiredState);
    }

    [Fact]
    public async Task ReadAsync_ManyReadsDuringOneScan_ShareOneNextScan()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/d1"] = "k";
        await bed.PutAsync(Destination("d1"));
        var (client, gate) = GatedScanDynamo.Wrap(bed.Dynamo);
        var store = new DestinationStore(client, bed.Options, bed.Keys, bed.Sessions(), bed.Time);

        var first = store.ReadAsync(Channel, CancellationToken.None);
        Assert.True(await UntilAsync(() => gate.Scans == 1), "the first scan started");
        var waiting = Enumerable.Range(0, 10).Select(_ => store.ReadAsync(Channel, CancellationToken.None)).ToList();
        gate.Release();
        Assert.True(await UntilAsync(() => gate.Scans == 2), "one next scan started");
        gate.Release();
        var all = await Task.WhenAll(waiting.Prepend(first));

        Assert.Equal(2, gate.Scans);
        Assert.All(all, d => Assert.Equal("d1", Assert.Single(d.Destinations).Id));
    }

    [Fact]
    public async Task ReadAsync_OneCallerCancels_OthersStillGetTheScan()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/d1"] = "k";
        await bed.PutAsync(Destination("d1"));
        var (client, gate) = GatedScanDynamo.Wrap(bed.Dynamo);
        var store = new DestinationStore(client, bed.Options, bed.Keys, bed.Sessions(), bed.Time);
        using var cancel = new CancellationTokenSource();

        var quitter = store.ReadAsync(Channel, cancel.Token);
        var stayer = store.ReadAsync(Channel, CancellationToken.None);
        Assert.True(await UntilAsync(() => gate.Scans >= 1), "a scan started");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quitter);
        gate.Release();
        await UntilAsync(() => stayer.IsCompleted || gate.Scans == 2);
        gate.Release();

        Assert.Equal("d1", Assert.Single((await stayer).Destinations).Id);
    }

    private static async Task<bool> UntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
