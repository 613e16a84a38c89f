using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lunora.Domain.Planning;

namespace Lunora.Worker.Commands;

/// <summary>
/// Strict reading of a command message (docs/commands.md): unknown fields, duplicate fields and wrong JSON kinds are
/// rejected rather than guessed at, because a command that is half understood is worse than one that is dead-lettered.
/// Never throws for bad input.
/// </summary>
public static partial class CommandParser
{
    public const int SupportedSchemaVersion = 1;

    private const string SchemaVersionField = "schema_version";
    private const string CommandIdField = "command_id";
    private const string TypeField = "type";
    private const string IssuedAtField = "issued_at";
    private const string ChannelIdField = "channel_id";
    private const string DestinationIdField = "destination_id";
    private const string BackupUrlField = "backup_rtmp_url";
    private const string BackupKeyParameterField = "backup_stream_key_param";

    private static readonly string[] CommonFields = [SchemaVersionField, CommandIdField, TypeField, IssuedAtField, ChannelIdField];
    private static readonly string[] KnownFields = [.. CommonFields, DestinationIdField, BackupUrlField, BackupKeyParameterField];

    /// <param name="body">The SQS message body.</param>
    /// <param name="configuredChannelId">The channel this worker manages; commands for another channel are rejected, and
    /// commands without <c>channel_id</c> are for this one. Null: every command must name its channel.</param>
    /// <param name="managedChannelIds">Every channel the deployment manages (LUNORA_CHANNEL_IDS); a command may name any of them.</param>
    public static CommandParseResult Parse(string? body, string? configuredChannelId, IReadOnlyCollection<string>? managedChannelIds = null)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return CommandParseResult.Invalid(CommandRejection.NotJson, "message body is empty", null, null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            // The exception message can quote the input; only its position is safe to repeat.
            return CommandParseResult.Invalid(
                CommandRejection.NotJson,
                $"message body is not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})",
                null,
                null);
        }

        using (document)
        {
            return Parse(document.RootElement, configuredChannelId, managedChannelIds ?? []);
        }
    }

    private static CommandParseResult Parse(JsonElement root, string? configuredChannelId, IReadOnlyCollection<string> managedChannelIds)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return CommandParseResult.Invalid(CommandRejection.NotJson, "message body is not a JSON object", null, null);
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!fields.TryAdd(property.Name, property.Value))
            {
                return CommandParseResult.Invalid(
                    CommandRejection.InvalidField, $"field {Quote(property.Name)} appears more than once", null, null);
            }
        }

        // Read id and type first so that every later rejection can name the command it rejects.
        string? commandId = null;
        if (fields.TryGetValue(CommandIdField, out var idElement) && idElement.ValueKind == JsonValueKind.String
            && idElement.GetString() is { } rawId && CommandIdPattern().IsMatch(rawId))
        {
            commandId = rawId;
        }

        string? typeName = null;
        CommandType? type = null;
        if (fields.TryGetValue(TypeField, out var typeElement) && typeElement.ValueKind == JsonValueKind.String
            && typeElement.GetString() is { } rawType)
        {
            if (CommandTypeNames.TryParse(rawType, out var parsed))
            {
                type = parsed;
                typeName = rawType;
            }
            else if (SafeTokenPattern().IsMatch(rawType))
            {
                typeName = rawType;
            }
        }

        CommandParseResult Reject(CommandRejection rejection, string reason) =>
            CommandParseResult.Invalid(rejection, reason, commandId, typeName);

        if (!fields.TryGetValue(SchemaVersionField, out var versionElement))
        {
            return Reject(CommandRejection.MissingField, $"{SchemaVersionField} is missing");
        }

        if (versionElement.ValueKind != JsonValueKind.Number || !versionElement.TryGetInt32(out var schemaVersion))
        {
            return Reject(CommandRejection.InvalidField, $"{SchemaVersionField} must be an integer");
        }

        if (schemaVersion != SupportedSchemaVersion)
        {
            return Reject(
                CommandRejection.UnsupportedSchemaVersion,
                string.Create(CultureInfo.InvariantCulture, $"{SchemaVersionField} {schemaVersion} is not supported (supported: {SupportedSchemaVersion})"));
        }

        if (idElement.ValueKind == JsonValueKind.Undefined || (idElement.ValueKind == JsonValueKind.String && idElement.GetString()!.Length == 0))
        {
            return Reject(CommandRejection.MissingField, $"{CommandIdField} is missing");
        }

        if (commandId is null)
        {
            return Reject(CommandRejection.InvalidField, $"{CommandIdField} must be a string of 1-128 characters from [A-Za-z0-9._:-]");
        }

        if (typeElement.ValueKind == JsonValueKind.Undefined)
        {
            return Reject(CommandRejection.MissingField, $"{TypeField} is missing");
        }

        if (type is not { } commandType)
        {
            // The value is not echoed: whatever a sender put there (a pasted key, say) would reach logs and the DLQ reason.
            return Reject(CommandRejection.UnknownType, $"unknown {TypeField} (expected one of: {string.Join(", ", CommandTypeNames.All)})");
        }

        foreach (var name in fields.Keys)
        {
            if (!IsAllowed(commandType, name))
            {
                return Reject(CommandRejection.InvalidField, $"field {Quote(name)} is not allowed in {typeName}");
            }
        }

        if (ReadString(fields, IssuedAtField, required: true, out var issuedAtText) is { } issuedAtProblem)
        {
            return Reject(issuedAtProblem.Rejection, issuedAtProblem.Reason);
        }

        if (!IsoTimestampPattern().IsMatch(issuedAtText!)
            || !DateTimeOffset.TryParse(issuedAtText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var issuedAt))
        {
            return Reject(CommandRejection.InvalidField, $"{IssuedAtField} must be an ISO 8601 time with a zone, e.g. 2026-01-31T18:00:00Z");
        }

        if (ReadString(fields, ChannelIdField, required: false, out var channelId) is { } channelProblem)
        {
            return Reject(channelProblem.Rejection, channelProblem.Reason);
        }

        if (channelId is null)
        {
            if (configuredChannelId is null)
            {
                return Reject(CommandRejection.MissingField, $"{ChannelIdField} is missing (this worker has no default channel)");
            }

            channelId = configuredChannelId;
        }
        else if (configuredChannelId is not null
            && !string.Equals(channelId, configuredChannelId, StringComparison.Ordinal)
            && !managedChannelIds.Contains(channelId, StringComparer.Ordinal))
        {
            return Reject(CommandRejection.UnknownChannel, $"{ChannelIdField} names a channel this worker does not manage");
        }

        string? destinationId = null;
        if (commandType.TargetsDestination()
            && ReadString(fields, DestinationIdField, required: true, out destinationId) is { } destinationProblem)
        {
            return Reject(destinationProblem.Rejection, destinationProblem.Reason);
        }

        string? backupUrl = null;
        string? backupKeyParameter = null;
        if (commandType == CommandType.SetBackup)
        {
            if (ReadString(fields, BackupUrlField, required: true, out backupUrl) is { } urlProblem)
            {
                return Reject(urlProblem.Rejection, urlProblem.Reason);
            }

            if (DestinationValidator.CheckUrl(backupUrl, BackupUrlField) is { } badUrl)
            {
                return Reject(CommandRejection.BadUrl, badUrl);
            }

            if (ReadString(fields, BackupKeyParameterField, required: true, out backupKeyParameter) is { } keyProblem)
            {
                return Reject(keyProblem.Rejection, keyProblem.Reason);
            }

            // Someone may paste the key itself here; the value is never echoed, only the rule.
            if (!ParameterNamePattern().IsMatch(backupKeyParameter!))
            {
                return Reject(
                    CommandRejection.InvalidField,
                    $"{BackupKeyParameterField} must be a Parameter Store name starting with '/' (the key itself never goes in a command)");
            }
        }

        return CommandParseResult.Valid(new Command(
            schemaVersion, commandId, commandType, issuedAt, channelId, destinationId, backupUrl, backupKeyParameter));
    }

    private static bool IsAllowed(CommandType type, string field) =>
        CommonFields.Contains(field, StringComparer.Ordinal)
        || (field == DestinationIdField && type.TargetsDestination())
        || (field is BackupUrlField or BackupKeyParameterField && type == CommandType.SetBackup);

    private static (CommandRejection Rejection, string Reason)? ReadString(
        Dictionary<string, JsonElement> fields, string name, bool required, out string? value)
    {
        value = null;
        if (!fields.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? (CommandRejection.MissingField, $"{name} is missing") : null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return (CommandRejection.InvalidField, $"{name} must be a string");
        }

        var text = element.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return (CommandRejection.MissingField, $"{name} is empty");
        }

        if (text.Length > 2048 || text.Any(char.IsControl))
        {
            return (CommandRejection.InvalidField, $"{name} is too long or contains control characters");
        }

        value = text;
        return null;
    }

    /// <summary>Field names and ids come from the sender; only repeat them when they are plainly identifiers.</summary>
    // Only names we define are echoed; any other name is the sender's text, and a key looks like a harmless token.
    private static string Quote(string text) =>
        KnownFields.Contains(text, StringComparer.Ordinal) ? $"'{text}'" : "(a field commands do not have)";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommandIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._:/-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeTokenPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoTimestampPattern();

    [GeneratedRegex("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterNamePattern();
}
