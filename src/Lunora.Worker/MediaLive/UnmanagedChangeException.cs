namespace Lunora.Worker.MediaLive;

/// <summary>A patched channel would change something Lunora does not own, or the channel changed under the plan. Terminal for this run: re-observe and re-plan.</summary>
public sealed class UnmanagedChangeException : Exception
{
    public UnmanagedChangeException()
    {
    }

    public UnmanagedChangeException(string message)
        : base(message)
    {
    }

    public UnmanagedChangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
