using System.Diagnostics.Metrics;

namespace Lunora.Worker.Commands;

/// <summary>
/// <c>lunora.commands.handled{lunora.result}</c>: every message the consumer finished with, by result
/// (applied, duplicate, stale, in_progress_elsewhere, rejected, transient_failure);
/// <c>lunora.commands.rejected{lunora.reason}</c>: rejected commands by <see cref="CommandRejection"/>.
/// </summary>
public sealed class CommandMetrics
{
    public const string MeterName = "Lunora.Worker.Commands";

    private readonly Counter<long> _handled;
    private readonly Counter<long> _rejected;

    public CommandMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _handled = meter.CreateCounter<long>("lunora.commands.handled", "{message}", "Command messages handled, by result");
        _rejected = meter.CreateCounter<long>("lunora.commands.rejected", "{message}", "Command messages dead-lettered, by reason");
    }

    public void Handled(string result) => _handled.Add(1, new KeyValuePair<string, object?>("lunora.result", result));

    public void Rejected(CommandRejection rejection)
    {
        Handled("rejected");
        _rejected.Add(1, new KeyValuePair<string, object?>("lunora.reason", ReasonTag(rejection)));
    }

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
        _ => "other",
    };
}
