using System.Diagnostics;

namespace Lunora.Bench.Harness;

/// <summary>CPU time and memory of this process (the worker under test plus the harness's light measuring).</summary>
public sealed class ProcessMeter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peakWorkingSet;

    public ProcessMeter()
    {
        _sampler = SampleAsync(_stop.Token);
    }

    public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

    public static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public static long WorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampler;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var ws = WorkingSet();
            if (ws > Interlocked.Read(ref _peakWorkingSet))
            {
                Interlocked.Exchange(ref _peakWorkingSet, ws);
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
