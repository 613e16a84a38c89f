using System.Diagnostics.CodeAnalysis;

namespace Lunora.Worker.Commands;

/// <summary>
/// Either a command or a rejection with a reason a person can act on. <see cref="CommandId"/> and <see cref="TypeName"/>
/// are filled in as far as they could be read, so that a rejection can still be traced; reasons never quote field values
/// that could hold a key.
/// </summary>
public sealed record CommandParseResult
{
    private CommandParseResult()
    {
    }

    public Command? Command { get; private init; }

    public CommandRejection? Rejection { get; private init; }

    public string? Reason { get; private init; }

    public string? CommandId { get; private init; }

    public string? TypeName { get; private init; }

    [MemberNotNullWhen(true, nameof(Command))]
    [MemberNotNullWhen(false, nameof(Rejection), nameof(Reason))]
    public bool IsValid => Command is not null;

    public static CommandParseResult Valid(Command command) =>
        new() { Command = command, CommandId = command.CommandId, TypeName = command.Type.ToWireName() };

    public static CommandParseResult Invalid(CommandRejection rejection, string reason, string? commandId, string? typeName) =>
        new() { Rejection = rejection, Reason = reason, CommandId = commandId, TypeName = typeName };
}
