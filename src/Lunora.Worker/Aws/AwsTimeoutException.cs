namespace Lunora.Worker.Aws;

/// <summary>
/// A call that got no answer in time. Deliberately not an <see cref="OperationCanceledException"/>: a timeout is
/// transient and retried, a cancellation never is.
/// </summary>
public sealed class AwsTimeoutException : Exception
{
    public AwsTimeoutException()
    {
    }

    public AwsTimeoutException(string message)
        : base(message)
    {
    }

    public AwsTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
