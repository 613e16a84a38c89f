using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lunora.Worker.Doctor;
using Lunora.Worker.Tests.Contract;
using Lunora.Worker.Tests.Emulator;

namespace Lunora.Worker.Tests.Doctor;

/// <summary>The doctor against the emulator: DescribeChannel and GetMetricData on the wire, metrics set through the control API.</summary>
public sealed class DoctorEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string ChannelId = "3714710";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RunAsync_RunningChannelWithFillFramesAndTooMuchInput_FindsThemWithWhenTheyStarted()
    {
        var (mediaLive, _) = TestAws.MediaLive(new SocketsHttpHandler(), emulator.Server.BaseAddress);
        var (cloudWatch, _) = TestAws.CloudWatch(new SocketsHttpHandler(), emulator.Server.BaseAddress);
        await mediaLive.StartChannelAsync(ChannelId, CancellationToken.None);
        for (var i = 0; i < 100 && (await mediaLive.DescribeChannelAsync(ChannelId, CancellationToken.None))["state"]!.GetValue<string>() != "RUNNING"; i++)
        {
            emulator.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var runningAt = emulator.Time.GetUtcNow();
        await MetricAsync("FillMsec", "0", 800);
        await MetricAsync("NetworkIn", null, 26);
        emulator.Time.Advance(TimeSpan.FromMinutes(5));
        var examination = new DoctorExamination(mediaLive, new DoctorMetricsReader(cloudWatch, emulator.Time));

        var result = await examination.RunAsync(ChannelId, DoctorOptions.Default, CancellationToken.None);

        var rules = result.Findings.Select(f => f.Rule + " " + f.Subject).ToList();
        Assert.Contains("fill-frames pipeline 0", rules);
        Assert.DoesNotContain("fill-frames pipeline 1", rules);
        Assert.Contains("input-bitrate pipeline 0", rules);
        Assert.Contains("input-bitrate pipeline 1", rules);
        Assert.DoesNotContain(result.Findings, f => f.Rule == "dropped-frames");
        var fill = result.Findings.Single(f => f.Rule == "fill-frames");
        var since = Regex.Match(fill.Problem, @"since (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC").Groups[1].Value;
        var started = DateTimeOffset.ParseExact(since + "Z", "yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture);
        // No datapoints before the channel ran: the first fill is in the first running period.
        Assert.InRange(started, runningAt.AddSeconds(-DoctorOptions.Default.PeriodSeconds), runningAt);
        Assert.Null(result.DestinationsProblem);
    }

    [Fact]
    public async Task RunAsync_InputLossOnPipeline1_FoundFromTheMetricOnTheWire()
    {
        var (mediaLive, _) = TestAws.MediaLive(new SocketsHttpHandler(), emulator.Server.BaseAddress);
        var (cloudWatch, _) = TestAws.CloudWatch(new SocketsHttpHandler(), emulator.Server.BaseAddress);
        await emulator.SendAsync(HttpMethod.Put, $"/_emulator/channels/{ChannelId}/state", new JsonObject { ["state"] = "RUNNING" }, HttpStatusCode.OK);
        await MetricAsync("InputLossSeconds", "1", 7);
        emulator.Time.Advance(TimeSpan.FromMinutes(2));
        var examination = new DoctorExamination(mediaLive, new DoctorMetricsReader(cloudWatch, emulator.Time));

        var result = await examination.RunAsync(ChannelId, DoctorOptions.Default, CancellationToken.None);

        Assert.Contains(result.Findings, f => f.Rule == "input-loss" && f.Subject == "pipeline 1");
        Assert.DoesNotContain(result.Findings, f => f.Rule == "input-loss" && f.Subject == "pipeline 0");
        Assert.Empty(result.Unread);
    }

    private async Task MetricAsync(string metric, string? pipeline, double value)
    {
        var body = new JsonObject { ["metricName"] = metric, ["value"] = value };
        if (pipeline is not null)
        {
            body["pipeline"] = pipeline;
        }

        await emulator.SendAsync(HttpMethod.Put, $"/_emulator/channels/{ChannelId}/metrics", body, HttpStatusCode.OK);
    }
}
