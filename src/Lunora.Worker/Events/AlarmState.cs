namespace Lunora.Worker.Events;

public enum AlarmState
{
    Set,
    Cleared,
}
