namespace Lunora.Worker.Tests.RealVideo;

/// <summary>A real-video measurement (minutes, CPU-heavy): runs only with LUNORA_MEASURE=1, as scripts/video/measure.sh sets.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MeasureFactAttribute : FactAttribute
{
    public MeasureFactAttribute()
    {
        if (VideoTools.MissingReason is { } reason)
        {
            Skip = reason;
        }
        else if (Environment.GetEnvironmentVariable("LUNORA_MEASURE") != "1")
        {
            Skip = "Measurement: run scripts/video/measure.sh (LUNORA_MEASURE=1).";
        }
    }
}
