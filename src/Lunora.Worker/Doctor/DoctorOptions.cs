using System.Globalization;

namespace Lunora.Worker.Doctor;

/// <param name="SourceKeyframeSeconds">
/// The keyframe interval the source (OBS) sends. MediaLive does not report it, so it is configured:
/// <c>LUNORA_SOURCE_KEYFRAME_SECONDS</c>, default 2 s as OBS and the platforms recommend.
/// </param>
/// <param name="Window">How far back the metrics are read.</param>
public sealed record DoctorOptions(double SourceKeyframeSeconds, TimeSpan Window, int PeriodSeconds)
{
    public const string KeyframeVariable = "LUNORA_SOURCE_KEYFRAME_SECONDS";
    public const string WindowVariable = "LUNORA_DOCTOR_WINDOW_MINUTES";

    public static DoctorOptions Default { get; } = new(2, TimeSpan.FromMinutes(30), 60);

    /// <summary>From the configuration; a value that is not a positive number is a problem, not silently the default.</summary>
    public static DoctorOptions From(IConfiguration configuration, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var options = Default;
        if (configuration[KeyframeVariable] is { Length: > 0 } keyframe)
        {
            if (double.TryParse(keyframe, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                options = options with { SourceKeyframeSeconds = seconds };
            }
            else
            {
                problems.Add($"{KeyframeVariable} must be a positive number of seconds (got '{keyframe}')");
            }
        }

        if (configuration[WindowVariable] is { Length: > 0 } window)
        {
            if (int.TryParse(window, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes) && minutes > 0)
            {
                options = options with { Window = TimeSpan.FromMinutes(minutes) };
            }
            else
            {
                problems.Add($"{WindowVariable} must be a positive number of minutes (got '{window}')");
            }
        }

        return options;
    }
}
