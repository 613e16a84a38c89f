namespace Lunora.Worker.MediaLive;

public enum AlertStateFilter
{
    All,
    Set,
    Cleared,
}
