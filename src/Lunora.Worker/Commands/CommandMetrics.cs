using System.Diagnostics.Metrics;
using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Commands;

/// <summary>
/// On meter <c>Lunora.Worker</c> (the worker's one meter): <c>lunora.commands{lunora.command.type, lunora.command.outcome}</c>,
/// every message the consumer finished with (outcome applied, duplicate, stale, in_progress_elsewhere, rejected,
/// transient_failure); <c>lunora.commands.dead_lettered{lunora.reason}</c>, rejected messages by <see cref="CommandRejection"/>.
/// The type tag is one of the known wire names or <c>unknown</c>: it comes from the message, and a sender's free text
/// must never become a series (cardinality, and it could carry anything).
/// </summary>
public sealed class CommandMetrics
{
    public const string MeterName = LunoraMetrics.MeterName;
    public const string CommandsInstrument = "lunora.commands";
    public const string DeadLetteredInstrument = "lunora.commands.dead_lettered";
    public const string UnknownType = "unknown";

    private static readonly string[] Outcomes = ["applied", "duplicate", "stale", "in_progress_elsewhere", "rejected", "transient_failure"];

    private readonly Counter<long> _commands;
    private readonly Counter<long> _deadLettered;

    public CommandMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _commands = meter.CreateCounter<long>(CommandsInstrument, "{command}", "SQS commands by type and outcome.");
        _deadLettered = meter.CreateCounter<long>(DeadLetteredInstrument, "{message}", "Command messages sent to the dead-letter queue, by reason.");

        // Series exist at zero before the first command, so rates and alarms see them from the start.
        foreach (var type in CommandTypeNames.All)
        {
            foreach (var outcome in Outcomes)
            {
                _commands.Add(0, Tags(type, outcome));
            }
        }

        foreach (var rejection in Enum.GetValues<CommandRejection>())
        {
            _deadLettered.Add(0, new KeyValuePair<string, object?>("lunora.reason", ReasonTag(rejection)));
        }
    }

    public void Handled(string? typeName, string outcome) => _commands.Add(1, Tags(TypeTag(typeName), outcome));

    public void Rejected(string? typeName, CommandRejection rejection)
    {
        Handled(typeName, "rejected");
        _deadLettered.Add(1, new KeyValuePair<string, object?>("lunora.reason", ReasonTag(rejection)));
    }

    public static string TypeTag(string? typeName) =>
        typeName is not null && CommandTypeNames.TryParse(typeName, out var type) ? type.ToWireName() : UnknownType;

    public static string ReasonTag(CommandRejection rejection) => rejection switch
    {
        CommandRejection.NotJson => "not_json",
        CommandRejection.UnsupportedSchemaVersion => "unsupported_schema_version",
        CommandRejection.UnknownType => "unknown_type",
        CommandRejection.MissingField => "missing_field",
        CommandRejection.InvalidField => "invalid_field",
        CommandRejection.UnknownChannel => "unknown_channel",
        CommandRejection.UnknownDestination => "unknown_destination",
        CommandRejection.BadUrl => "bad_url",
        CommandRejection.IssuedInFuture => "issued_in_future",
        CommandRejection.NotApplicable => "not_applicable",
        _ => "other",
    };

    private static KeyValuePair<string, object?>[] Tags(string type, string outcome) =>
        [new("lunora.command.type", type), new("lunora.command.outcome", outcome)];
}
