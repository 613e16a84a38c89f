namespace Lunora.Worker.Loop;

/// <param name="Waited">How long the key waited since first queued (the work-queue wait metric).</param>
public readonly record struct QueueItem(string Key, string Reason, TimeSpan Waited);
