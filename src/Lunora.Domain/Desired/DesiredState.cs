namespace Lunora.Domain.Desired;

public enum DesiredState
{
    Stopped,
    Streaming,
}
