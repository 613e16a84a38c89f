namespace Lunora.Worker.Tests.Deploy;

/// <summary>A place in the worker's source that calls an AWS operation, and the IAM action that call needs.</summary>
internal sealed record AwsCall(string IamAction, string Operation, string File, int Line)
{
    public string Where => $"{File}:{Line}";
}
