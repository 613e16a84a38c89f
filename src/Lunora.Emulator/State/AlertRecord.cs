namespace Lunora.Emulator.State;

/// <summary>One alert of one channel run; ids restart at 1 every time the channel starts.</summary>
internal sealed class AlertRecord(string id, string alertType, string groupName, int pipeline, string message, DateTimeOffset setAt)
{
    public string Id { get; } = id;

    public string AlertType { get; } = alertType;

    public string GroupName { get; } = groupName;

    public int Pipeline { get; } = pipeline;

    public string Message { get; } = message;

    public DateTimeOffset SetAt { get; } = setAt;

    public DateTimeOffset? ClearedAt { get; set; }
}
