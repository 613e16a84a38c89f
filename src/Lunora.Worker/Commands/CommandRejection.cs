namespace Lunora.Worker.Commands;

/// <summary>Why a message is not a command we can apply; low cardinality, used as a metric tag.</summary>
public enum CommandRejection
{
    NotJson,
    UnsupportedSchemaVersion,
    UnknownType,
    MissingField,
    InvalidField,
    UnknownChannel,
    UnknownDestination,
    BadUrl,
}
