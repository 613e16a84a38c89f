namespace Lunora.Worker.State;

/// <summary>Who asked and when: the command id and the time it was issued (newer wins).</summary>
public readonly record struct IntentStamp(string CommandId, DateTimeOffset IssuedAt);
