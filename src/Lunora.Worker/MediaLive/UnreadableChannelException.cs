namespace Lunora.Worker.MediaLive;

/// <summary>DescribeChannel answered with a state or channel class this worker does not know: terminal until it is upgraded.</summary>
public sealed class UnreadableChannelException : Exception
{
    public UnreadableChannelException()
    {
    }

    public UnreadableChannelException(string message)
        : base(message)
    {
    }

    public UnreadableChannelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
