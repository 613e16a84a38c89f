using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Lunora.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Emulator;

/// <summary>One in-process emulator per test class, on fake time so transitions and the rate limit are deterministic.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public EmulatorServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Profile = TransitionProfile.Fast,
            TimeProvider = Time,
            RateLimitEnabled = false,
            RandomSeed = 7,
        });
        Http = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    public async Task ResetAsync() => await SendAsync(HttpMethod.Post, "/_emulator/reset", expect: HttpStatusCode.OK);

    public async Task<Reply> SendAsync(HttpMethod method, string path, JsonNode? body = null, HttpStatusCode? expect = null, string? target = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(target is null ? "application/json" : "application/x-amz-json-1.0");
        }

        if (target is not null)
        {
            request.Headers.Add("X-Amz-Target", target);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var reply = new Reply(
            response.StatusCode,
            response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.Single() : null,
            text.Length == 0 ? null : JsonNode.Parse(text));
        if (expect is { } expected)
        {
            Assert.True(expected == reply.Status, $"{method} {path}: expected {expected}, got {reply.Status} {text}");
        }

        return reply;
    }

    public async Task<JsonObject> DescribeAsync(string channelId) =>
        (await SendAsync(HttpMethod.Get, $"/prod/channels/{channelId}", expect: HttpStatusCode.OK)).Body!.AsObject();

    public async Task<string> StateAsync(string channelId) => (string)(await DescribeAsync(channelId))["state"]!;

    /// <summary>The members of a described channel that UpdateChannel accepts, as a client would send them back.</summary>
    public static JsonObject UpdateBody(JsonObject described)
    {
        var body = new JsonObject();
        foreach (var key in new[] { "name", "destinations", "encoderSettings", "inputAttachments", "inputSpecification", "logLevel", "roleArn" })
        {
            if (described[key] is { } value)
            {
                body[key] = value.DeepClone();
            }
        }

        return body;
    }

    public sealed record Reply(HttpStatusCode Status, string? ErrorType, JsonNode? Body);
}
