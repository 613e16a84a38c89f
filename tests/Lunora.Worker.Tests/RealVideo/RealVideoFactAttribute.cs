namespace Lunora.Worker.Tests.RealVideo;

/// <summary>A fact that needs ffmpeg and nginx-rtmp; skipped, saying what to install, only when they cannot be found.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealVideoFactAttribute : FactAttribute
{
    public RealVideoFactAttribute()
    {
        if (VideoTools.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
