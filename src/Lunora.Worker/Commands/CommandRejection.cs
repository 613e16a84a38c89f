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

    /// <summary><c>issued_at</c> too far ahead of the worker's clock: it would make every later command look stale.</summary>
    IssuedInFuture,

    /// <summary>Well formed, but meaningless for the channel as it is (failover on a STANDARD channel).</summary>
    NotApplicable,
}
