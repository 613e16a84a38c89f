using System.Diagnostics;

namespace Lunora.Bench.Harness;

/// <summary>Sits in the worker's MediaLive HttpClient: records every attempt as it is sent, and its status.</summary>
public sealed class RecordingHandler(CallRecorder recorder) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var at = Stopwatch.GetTimestamp();
        var (operation, channel) = CallRecorder.Classify(request.Method, request.RequestUri?.AbsolutePath ?? "");
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            recorder.Add(new CallRecord(at, channel, operation, (int)response.StatusCode));
            return response;
        }
        catch (Exception)
        {
            recorder.Add(new CallRecord(at, channel, operation, 0));
            throw;
        }
    }
}
