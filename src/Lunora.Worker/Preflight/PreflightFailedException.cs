namespace Lunora.Worker.Preflight;

/// <summary>The start-up preflight found problems; each was logged on its own line before this was thrown.</summary>
public sealed class PreflightFailedException : Exception
{
    public PreflightFailedException()
        : this("preflight failed")
    {
    }

    public PreflightFailedException(string message)
        : base(message)
    {
    }

    public PreflightFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
