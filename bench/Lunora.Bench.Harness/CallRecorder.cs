using System.Collections.Concurrent;

namespace Lunora.Bench.Harness;

/// <summary>Every MediaLive attempt of the worker under test, in order; fed by <see cref="RecordingHandler"/>.</summary>
public sealed class CallRecorder
{
    private readonly ConcurrentQueue<CallRecord> _calls = new();

    public void Add(CallRecord call) => _calls.Enqueue(call);

    public IReadOnlyList<CallRecord> Between(long from, long to) => [.. _calls.Where(c => c.At >= from && c.At < to)];

    /// <summary>The first call to <paramref name="channel"/> at or after <paramref name="from"/> matching <paramref name="filter"/>.</summary>
    public CallRecord? FirstAfter(string channel, long from, Func<CallRecord, bool> filter) =>
        _calls.FirstOrDefault(c => c.At >= from && c.Channel == channel && filter(c));

    public static bool IsMutation(CallRecord call) => call.Operation is "UpdateChannel" or "StartChannel" or "StopChannel";

    /// <summary>Operation and channel from a MediaLive REST path (/prod/channels/{id}[/start|/stop|/alerts]).</summary>
    public static (string Operation, string? Channel) Classify(HttpMethod method, string path)
    {
        var parts = path.Trim('/').Split('/');
        if (parts.Length < 2 || parts[0] != "prod")
        {
            return ($"{method.Method} {path}", null);
        }

        if (parts[1] != "channels")
        {
            return (parts[1] == "inputs" ? "DescribeInput" : $"{method.Method} {parts[1]}", null);
        }

        if (parts.Length == 2)
        {
            return ("ListChannels", null);
        }

        var channel = parts[2];
        var operation = (method.Method, parts.Length > 3 ? parts[3] : "") switch
        {
            ("GET", "") => "DescribeChannel",
            ("PUT", "") => "UpdateChannel",
            ("POST", "start") => "StartChannel",
            ("POST", "stop") => "StopChannel",
            ("GET", "alerts") => "ListAlerts",
            var (m, s) => $"{m} {s}",
        };
        return (operation, channel);
    }
}
