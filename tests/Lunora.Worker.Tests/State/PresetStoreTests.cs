using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Desired;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using static Lunora.Worker.Tests.State.StateTestBed;

namespace Lunora.Worker.Tests.State;

[Collection(DynaliteCollectionDefinition.Name)]
public sealed class PresetStoreTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task GetAsync_StoredVariants_ReadIntoPresets()
    {
        using var bed = await CreateAsync(dynalite);
        await Put(bed, new()
        {
            ["preset_id"] = S("p1080"),
            ["name"] = S("1080p60"),
            ["resolution"] = S("1920x1080"),
            ["frame_rate"] = new() { N = "60" },
            ["video_bitrate"] = new() { N = "6000000" },
            ["audio_bitrate"] = new() { N = "160000" },
            ["profile"] = S("high"),
        });
        await Put(bed, new()
        {
            ["preset_id"] = S("p720"),
            ["resolution"] = S("720p"),
            ["frame_rate"] = S("30000/1001"),
            ["video_bitrate"] = S("3500k"),
            ["audio_bitrate"] = new() { N = "128" },
        });
        await Put(bed, new() { ["preset_id"] = S("bad"), ["resolution"] = S("big"), ["frame_rate"] = S("fast") });
        var presets = new PresetStore(bed.Dynamo, bed.Options);

        Assert.Equal(new EncodingPreset("p1080", "1080p60", 1920, 1080, 60m, 6_000_000, 160_000, "high", null), await presets.GetAsync("p1080", CancellationToken.None));
        Assert.Equal(new EncodingPreset("p720", "p720", 1280, 720, 29.97m, 3_500_000, 128_000, null, null), await presets.GetAsync("p720", CancellationToken.None));
        var bad = await presets.GetAsync("bad", CancellationToken.None);
        Assert.Equal("resolution is not WIDTHxHEIGHT or NNNp; frame_rate is not a number; video_bitrate is missing; audio_bitrate is missing", bad!.Problem);
        Assert.Null(await presets.GetAsync("none", CancellationToken.None));
    }

    private static Task<PutItemResponse> Put(StateTestBed bed, Dictionary<string, AttributeValue> item) =>
        bed.Dynamo.PutItemAsync(new PutItemRequest { TableName = bed.Options.PresetsTable, Item = item });
}
