using System.Net;
using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.Emulator;

public sealed class EmulatorServerStateMachineTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Channel = "3714710";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task StartChannel_Idle_GoesStartingThenRunning()
    {
        var started = await emulator.SendAsync(HttpMethod.Post, $"/prod/channels/{Channel}/start", expect: HttpStatusCode.OK);

        Assert.Equal("STARTING", (string?)started.Body!["state"]);
        emulator.Time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Equal("STARTING", await emulator.StateAsync(Channel));
        emulator.Time.Advance(TimeSpan.FromMilliseconds(1));
        var running = await emulator.DescribeAsync(Channel);
        Assert.Equal("RUNNING", (string?)running["state"]);
        Assert.Equal(2, (int?)running["pipelinesRunningCount"]);
        Assert.Equal(2, running["pipelineDetails"]!.AsArray().Count);
    }

    [Fact]
    public async Task StopChannel_Running_GoesStoppingThenIdle()
    {
        await emulator.SendAsync(HttpMethod.Put, $"/_emulator/channels/{Channel}/state", new JsonObject { ["state"] = "RUNNING" }, HttpStatusCode.OK);

        var stopped = await emulator.SendAsync(HttpMethod.Post, $"/prod/channels/{Channel}/stop", expect: HttpStatusCode.OK);

        Assert.Equal("STOPPING", (string?)stopped.Body!["state"]);
        emulator.Time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal("IDLE", await emulator.StateAsync(Channel));
    }

    [Fact]
    public async Task StopChannel_Idle_Conflict()
    {
        var reply = await emulator.SendAsync(HttpMethod.Post, $"/prod/channels/{Channel}/stop", expect: HttpStatusCode.Conflict);

        Assert.Equal("ConflictException", reply.ErrorType);
        Assert.NotNull((string?)reply.Body!["message"]);
    }

    [Theory]
    [InlineData("RUNNING")]
    [InlineData("STARTING")]
    [InlineData("STOPPING")]
    [InlineData("UPDATING")]
    public async Task UpdateAndStart_NotIdle_Conflict(string state)
    {
        var body = EmulatorFixture.UpdateBody(await emulator.DescribeAsync(Channel));
        await emulator.SendAsync(HttpMethod.Put, $"/_emulator/channels/{Channel}/state", new JsonObject { ["state"] = state }, HttpStatusCode.OK);

        var update = await emulator.SendAsync(HttpMethod.Put, $"/prod/channels/{Channel}", body, HttpStatusCode.Conflict);
        var start = await emulator.SendAsync(HttpMethod.Post, $"/prod/channels/{Channel}/start", expect: HttpStatusCode.Conflict);

        Assert.Equal("ConflictException", update.ErrorType);
        Assert.Equal("ConflictException", start.ErrorType);
    }

    [Fact]
    public async Task UpdateChannel_Idle_WrapsChannelAndAppliesAfterUpdating()
    {
        var body = EmulatorFixture.UpdateBody(await emulator.DescribeAsync(Channel));
        body["name"] = "renamed";

        var reply = await emulator.SendAsync(HttpMethod.Put, $"/prod/channels/{Channel}", body, HttpStatusCode.OK);

        Assert.Equal("UPDATING", (string?)reply.Body!["channel"]!["state"]);
        Assert.Equal("renamed", (string?)reply.Body!["channel"]!["name"]);
        emulator.Time.Advance(TimeSpan.FromMilliseconds(100));
        var after = await emulator.DescribeAsync(Channel);
        Assert.Equal("IDLE", (string?)after["state"]);
        Assert.Equal("renamed", (string?)after["name"]);
    }

    [Fact]
    public async Task UpdateChannel_WithoutRoleArn_RemovesRole()
    {
        var body = EmulatorFixture.UpdateBody(await emulator.DescribeAsync(Channel));
        body.Remove("roleArn");

        await emulator.SendAsync(HttpMethod.Put, $"/prod/channels/{Channel}", body, HttpStatusCode.OK);
        emulator.Time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Null((await emulator.DescribeAsync(Channel))["roleArn"]);
    }

    [Fact]
    public async Task DescribeChannel_Unknown_NotFound()
    {
        var reply = await emulator.SendAsync(HttpMethod.Get, "/prod/channels/1", expect: HttpStatusCode.NotFound);

        Assert.Equal("NotFoundException", reply.ErrorType);
    }

    [Fact]
    public async Task ListChannels_MaxResults_PaginatesWithNextToken()
    {
        var first = await emulator.SendAsync(HttpMethod.Get, "/prod/channels?maxResults=2", expect: HttpStatusCode.OK);
        var token = Uri.EscapeDataString((string)first.Body!["nextToken"]!);
        var second = await emulator.SendAsync(HttpMethod.Get, $"/prod/channels?maxResults=2&nextToken={token}", expect: HttpStatusCode.OK);

        var ids = first.Body!["channels"]!.AsArray().Concat(second.Body!["channels"]!.AsArray()).Select(c => (string)c!["id"]!);
        Assert.Equal(["3714710", "6802366", "6890857"], ids);
        Assert.Null(second.Body!["nextToken"]);
    }

    [Fact]
    public async Task DescribeInput_AttachedInput_ReportsChannel()
    {
        var reply = await emulator.SendAsync(HttpMethod.Get, "/prod/inputs/4739436", expect: HttpStatusCode.OK);

        Assert.Equal("SRT_CALLER", (string?)reply.Body!["type"]);
        Assert.Equal("ATTACHED", (string?)reply.Body!["state"]);
        Assert.Equal("6802366", (string?)reply.Body!["attachedChannels"]![0]);
    }
}
