namespace Lunora.Worker.Commands;

/// <summary>How the commands queue is consumed. Defaults are for production; tests shorten the waits.</summary>
public sealed record CommandQueueOptions
{
    public required string QueueUrl { get; init; }

    /// <summary>Where rejected commands go, with their reason. Null: discovered from the queue's redrive policy.</summary>
    public string? DeadLetterQueueUrl { get; init; }

    /// <summary>The channel this worker manages (<c>MEDIALIVE_CHANNEL_ID</c>): the default for commands without <c>channel_id</c>.</summary>
    public string? ChannelId { get; init; }

    /// <summary>Every channel the deployment manages (<c>LUNORA_CHANNEL_IDS</c>): a command may name any of them.</summary>
    public IReadOnlyList<string> ManagedChannelIds { get; init; } = [];

    /// <summary>
    /// How far ahead of this worker's clock <c>issued_at</c> may be (clock skew between senders and the worker). A stamp
    /// further ahead is dead-lettered: stored as the record's intent stamp, it would make every later command stale.
    /// </summary>
    public TimeSpan MaxIssuedAhead { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Long poll; SQS allows at most 20 s.</summary>
    public TimeSpan WaitTime { get; init; } = TimeSpan.FromSeconds(20);

    public int MaxMessages { get; init; } = 10;

    /// <summary>Set on receive and renewed every <see cref="VisibilityExtendEvery"/> while a batch is being handled.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan VisibilityExtendEvery { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>After a transient failure the message reappears after this, doubling with each receive, jittered.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Pause after the queue itself failed (receive error) before polling again.</summary>
    public TimeSpan PollErrorDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a ledger claim shields a command being applied; as long as the message stays invisible.</summary>
    public TimeSpan LedgerClaimFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longer than SQS keeps a message (14 days at most), so any redelivery still finds the mark.</summary>
    public TimeSpan LedgerKeepFor { get; init; } = TimeSpan.FromDays(15);

    /// <summary>Source of jitter in [0, 1); injected so tests are deterministic.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>From <c>COMMANDS_QUEUE_URL</c>, <c>COMMANDS_DLQ_URL</c> (optional) and <c>MEDIALIVE_CHANNEL_ID</c>; null when no queue is configured.</summary>
    public static CommandQueueOptions? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var queueUrl = configuration["COMMANDS_QUEUE_URL"];
        if (string.IsNullOrWhiteSpace(queueUrl))
        {
            return null;
        }

        var channels = Configuration.ChannelSettings.Parse(configuration, new List<string>());
        return new CommandQueueOptions
        {
            QueueUrl = queueUrl,
            DeadLetterQueueUrl = NullIfEmpty(configuration["COMMANDS_DLQ_URL"]),
            ChannelId = NullIfEmpty(channels.DefaultChannelId),
            ManagedChannelIds = channels.ChannelIds,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
