using Lunora.Worker.State;

namespace Lunora.Worker.Commands;

/// <summary>
/// A parsed, valid command. <see cref="DestinationId"/> is set exactly for the destination commands, the backup fields
/// exactly for <c>set-backup</c>. The stream key never travels in a command: only the name of its parameter.
/// </summary>
public sealed record Command(
    int SchemaVersion,
    string CommandId,
    CommandType Type,
    DateTimeOffset IssuedAt,
    string ChannelId,
    string? DestinationId = null,
    string? BackupUrl = null,
    string? BackupKeyParameter = null)
{
    public IntentStamp Stamp => new(CommandId, IssuedAt);
}
