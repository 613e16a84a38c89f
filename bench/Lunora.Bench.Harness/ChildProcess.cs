using System.Diagnostics;

namespace Lunora.Bench.Harness;

/// <summary>A stand-in the harness runs beside the worker (dynalite, the emulator), so their CPU is not counted as the worker's.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process) => _process = process;

    public Process Process => _process;

    /// <summary>Starts <paramref name="file"/> and waits for a stdout line that starts with <paramref name="readyPrefix"/> (null: don't wait).</summary>
    public static async Task<(ChildProcess Child, string ReadyLine)> StartAsync(
        string file, IEnumerable<string> arguments, string workingDirectory, string? readyPrefix, TimeSpan deadline)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (readyPrefix is not null && e.Data is { } line && line.StartsWith(readyPrefix, StringComparison.Ordinal))
            {
                child._ready.TrySetResult(line);
            }
        };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (readyPrefix is null)
        {
            return (child, "");
        }

        try
        {
            return (child, await child._ready.Task.WaitAsync(deadline));
        }
        catch (TimeoutException)
        {
            child.Dispose();
            throw new InvalidOperationException($"{file} did not say '{readyPrefix}' within {deadline}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
