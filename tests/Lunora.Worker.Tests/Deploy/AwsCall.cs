namespace Lunora.Worker.Tests.Deploy;

/// <summary>
/// A place in the worker's source that calls an AWS operation, and the IAM action that call needs. For DynamoDB,
/// <see cref="Table"/> is the settings property naming the table the request targets (<c>DestinationsTable</c>...), or
/// null when the source does not say (a table passed in from elsewhere): such a call may target any table.
/// </summary>
internal sealed record AwsCall(string IamAction, string Operation, string File, int Line, string? Table = null)
{
    public string Where => $"{File}:{Line}";
}
