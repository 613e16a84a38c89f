using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lunora.Relay;
using Lunora.Worker.Tests.RealVideo;

namespace Lunora.Worker.Tests.RelayStandIn;

/// <summary>
/// A stand-in relay for one test, with an authenticated HttpClient whose every call is checked against MediaMTX's
/// openapi.yaml (<see cref="Violations"/>), and an unauthenticated one for the refusals.
/// </summary>
internal sealed class StandInRelay : IAsyncDisposable
{
    public const string User = "lunora-worker";

    private StandInRelay(RelayServer server, string password)
    {
        Server = server;
        Password = password;
        Checking = new OpenApiCheckingHandler();
        Http = new HttpClient(Checking) { BaseAddress = server.ApiAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{password}")));
        AnonymousChecking = new OpenApiCheckingHandler();
        Anonymous = new HttpClient(AnonymousChecking) { BaseAddress = server.ApiAddress };
        Unchecked = new HttpClient { BaseAddress = server.ApiAddress };
        Unchecked.DefaultRequestHeaders.Authorization = Http.DefaultRequestHeaders.Authorization;
    }

    public RelayServer Server { get; }

    public string Password { get; }

    public HttpClient Http { get; }

    public HttpClient Anonymous { get; }

    public OpenApiCheckingHandler Checking { get; }

    public OpenApiCheckingHandler AnonymousChecking { get; }

    public IReadOnlyList<string> Violations => [.. Checking.Violations, .. AnonymousChecking.Violations];

    public static async Task<StandInRelay> StartAsync(TimeSpan? forwardRetryPause = null)
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var server = await RelayServer.StartAsync(new RelayOptions
        {
            ApiUsers = [new RelayUser(User, password)],
            FfmpegPath = VideoTools.Ffmpeg,
            NginxPath = VideoTools.Nginx,
            RtmpModule = VideoTools.RtmpModule,
            ForwardRetryPause = forwardRetryPause ?? TimeSpan.FromSeconds(5),
            SourceTimeout = TimeSpan.FromSeconds(3),
        });
        return new StandInRelay(server, password);
    }

    /// <summary>Authenticated but unchecked: for the requests a test sends malformed on purpose.</summary>
    public HttpClient Unchecked { get; }

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null) =>
        await SendAsync(Http, method, path, body);

    public async Task<(int Status, JsonNode? Body)> SendUncheckedAsync(HttpMethod method, string path, JsonNode? body = null) =>
        await SendAsync(Unchecked, method, path, body);

    private static async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>A destination path as the worker writes it: read the ingest, forward once to <paramref name="url"/> with <paramref name="key"/>.</summary>
    public JsonObject DestinationPath(string ingest, string url, string key) => new()
    {
        ["source"] = Server.IngestUrl(ingest),
        ["forward"] = new JsonArray(new JsonObject { ["dest"] = $"{url}#{key}" }),
    };

    public async Task<JsonObject> ForwardAsync(string path, int position = 0)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"/v3/paths/forward/list?path={Uri.EscapeDataString(path)}");
        Assert.Equal(200, status);
        return body!["items"]!.AsArray().OfType<JsonObject>().Single(f => (int)f["pos"]! == position);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        Unchecked.Dispose();
        await Server.DisposeAsync();
    }
}
