using System.Net;
using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.Emulator;

public sealed class EmulatorServerValidationTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Channel = "3714710";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task UpdateChannel_BadEnum_UnprocessableWithValidationErrors()
    {
        var body = EmulatorFixture.UpdateBody(await emulator.DescribeAsync(Channel));
        body["encoderSettings"]!["timecodeConfig"]!["source"] = "SUNDIAL";

        var reply = await emulator.SendAsync(HttpMethod.Put, $"/prod/channels/{Channel}", body, (HttpStatusCode)422);

        Assert.Equal("UnprocessableEntityException", reply.ErrorType);
        var error = Assert.Single(reply.Body!["validationErrors"]!.AsArray());
        Assert.Equal("encoderSettings.timecodeConfig.source", (string?)error!["elementPath"]);
        Assert.Equal("IDLE", await emulator.StateAsync(Channel));
    }

    [Fact]
    public async Task UpdateChannel_ReadOnlyMemberSentBack_Unprocessable()
    {
        var described = await emulator.DescribeAsync(Channel);
        var body = EmulatorFixture.UpdateBody(described);
        body["arn"] = described["arn"]!.DeepClone();

        var reply = await emulator.SendAsync(HttpMethod.Put, $"/prod/channels/{Channel}", body, (HttpStatusCode)422);

        Assert.Equal("arn", (string?)reply.Body!["validationErrors"]![0]!["elementPath"]);
    }

    [Fact]
    public async Task UpdateChannel_StandardChannelSingleRtmpSetting_Unprocessable()
    {
        var body = EmulatorFixture.UpdateBody(await emulator.DescribeAsync(Channel));
        body["destinations"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "lunora-aaaaaaaaaaaaaaaa",
            ["settings"] = new JsonArray(new JsonObject { ["url"] = "rtmp://127.0.0.1/live", ["streamName"] = "k" }),
        });

        var reply = await emulator.SendAsync(HttpMethod.Put, $"/prod/channels/{Channel}", body, (HttpStatusCode)422);

        Assert.Equal("destinations[1].settings", (string?)reply.Body!["validationErrors"]![0]!["elementPath"]);
    }

    [Fact]
    public async Task UpdateChannel_MalformedJson_BadRequest()
    {
        using var content = new StringContent("{not json");
        using var response = await emulator.Http.PutAsync(new Uri($"/prod/channels/{Channel}", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequestException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }
}
