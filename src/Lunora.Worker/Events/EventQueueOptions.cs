namespace Lunora.Worker.Events;

public sealed record EventQueueOptions
{
    public required string QueueUrl { get; init; }

    /// <summary>Events for other channels are dropped. Null: every channel's events are taken.</summary>
    public string? ChannelId { get; init; }

    /// <summary>Every channel the deployment manages; their events are taken too.</summary>
    public IReadOnlyList<string> ManagedChannelIds { get; init; } = [];

    public TimeSpan WaitTime { get; init; } = TimeSpan.FromSeconds(20);

    public int MaxMessages { get; init; } = 10;

    public TimeSpan PollErrorDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>From <c>EVENTS_QUEUE_URL</c> and <c>MEDIALIVE_CHANNEL_ID</c>; null when no queue is configured.</summary>
    public static EventQueueOptions? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var queueUrl = configuration["EVENTS_QUEUE_URL"];
        if (string.IsNullOrWhiteSpace(queueUrl))
        {
            return null;
        }

        var channels = Configuration.ChannelSettings.Parse(configuration, new List<string>());
        var channel = channels.DefaultChannelId;
        return new EventQueueOptions
        {
            QueueUrl = queueUrl,
            ChannelId = string.IsNullOrWhiteSpace(channel) ? null : channel,
            ManagedChannelIds = channels.ChannelIds,
        };
    }
}
