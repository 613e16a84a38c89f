namespace Lunora.Worker.Aws;

/// <summary>
/// A mutation not sent, or abandoned in flight, because this process may no longer mutate (the lease is lost, or what
/// remains of it is shorter than the call may take). Never retried by the AWS pipeline: the next holder observes the
/// channel afresh and decides.
/// </summary>
public sealed class MutationFencedException : Exception
{
    public MutationFencedException()
        : this("mutation fenced")
    {
    }

    public MutationFencedException(string message)
        : base(message)
    {
    }

    public MutationFencedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
