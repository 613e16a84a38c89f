using Lunora.Worker.State;

namespace Lunora.Worker.Loop;

/// <summary>Turns intent-change signals (the DynamoDB watcher, commands) into work-queue entries.</summary>
public sealed class IntentFeedPump(IntentChangeFeed feed, IReconcileTrigger trigger, KnownChannels channels) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in feed.Reader.ReadAllAsync(stoppingToken))
            {
                channels.Add(change.ChannelId);
                trigger.Trigger(change.ChannelId, change.FullResync ? "resync" : "intent changed");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
