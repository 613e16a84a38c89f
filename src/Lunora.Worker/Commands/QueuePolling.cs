namespace Lunora.Worker.Commands;

/// <summary>
/// The receive loop both queue consumers share: poll until stopped; a failed poll is reported and retried after a
/// pause, never ends the consumer.
/// </summary>
internal static class QueuePolling
{
    public static async Task RunAsync(
        Func<CancellationToken, Task> pollOnce,
        Action<Exception> onFailure,
        TimeSpan errorDelay,
        TimeProvider time,
        CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pollOnce(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                onFailure(ex);
                try
                {
                    await Task.Delay(errorDelay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
