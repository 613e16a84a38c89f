using Lunora.Emulator.State;

namespace Lunora.Emulator.RealVideo;

/// <summary>
/// Real-video mode: every <see cref="RealVideoOptions.PollInterval"/> it compares RUNNING channels with running encodes,
/// starts a <see cref="ChannelRun"/> for each new run and stops the ones whose channel left RUNNING.
/// </summary>
internal sealed class RealVideoSupervisor : IAsyncDisposable
{
    private readonly EmulatorAccount _account;
    private readonly RealVideoOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ChannelRun> _runs = new(StringComparer.Ordinal);
    private readonly HashSet<(string, DateTimeOffset)> _warned = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _activeRuns;

    public RealVideoSupervisor(EmulatorAccount account, RealVideoOptions options, TimeProvider time, ILogger logger)
    {
        _account = account;
        _options = options;
        _time = time;
        _logger = logger;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>Channel runs with an encoder and outputs still going (0 once every stopped channel has flushed and closed).</summary>
    public int ActiveRuns => Volatile.Read(ref _activeRuns);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        foreach (var run in _runs.Values)
        {
            await run.DisposeAsync();
        }

        _runs.Clear();
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // One channel's broken run (e.g. an unwritable HLS folder) must not stop the others from being supervised.
                RealVideoLog.SupervisorFailed(_logger, error);
            }

            try
            {
                await Task.Delay(_options.PollInterval, _time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReconcileAsync()
    {
        var running = _account.RunningChannels().ToDictionary(c => c.ChannelId, StringComparer.Ordinal);
        foreach (var (id, run) in _runs.ToList())
        {
            if (!running.TryGetValue(id, out var channel) || channel.RunStart != run.RunStart)
            {
                _runs.Remove(id);
                await run.DisposeAsync();
                Volatile.Write(ref _activeRuns, _runs.Count);
            }
        }

        foreach (var channel in running.Values.Where(c => !_runs.ContainsKey(c.ChannelId)))
        {
            try
            {
                var run = new ChannelRun(channel, _options, _time, (target, reachable) => _account.SetReachable(target.Url, reachable), _logger);
                _runs[channel.ChannelId] = run;
                Volatile.Write(ref _activeRuns, _runs.Count);
                run.Start();
            }
            catch (InvalidOperationException error)
            {
                if (_warned.Add((channel.ChannelId, channel.RunStart)))
                {
                    RealVideoLog.CannotRun(_logger, channel.ChannelId, error.Message);
                }
            }
        }
    }
}
