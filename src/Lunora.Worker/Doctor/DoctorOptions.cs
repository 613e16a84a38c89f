using System.Globalization;

namespace Lunora.Worker.Doctor;

/// <param name="SourceKeyframeSeconds">
/// The keyframe interval the source (OBS) sends, as the operator states it (<c>LUNORA_SOURCE_KEYFRAME_SECONDS</c>);
/// null when not stated. MediaLive does not report it, and it is not assumed: OBS's "auto" sends one every 250 frames
/// (8.3 s at 30 fps), not the 2 s the platforms ask for. A measured sample (<see cref="SourceSample"/>) wins over it.
/// </param>
/// <param name="SourceSample">
/// Where to read a sample of the source to measure its keyframe interval and resolution (<c>LUNORA_SOURCE_SAMPLE</c>):
/// an FLV file or an http(s) URL serving FLV (a recording of the OBS output, or a relay's HTTP-FLV playback); null for none.
/// </param>
/// <param name="Window">How far back the metrics are read.</param>
public sealed record DoctorOptions(double? SourceKeyframeSeconds, TimeSpan Window, int PeriodSeconds, string? SourceSample = null)
{
    public const string KeyframeVariable = "LUNORA_SOURCE_KEYFRAME_SECONDS";
    public const string WindowVariable = "LUNORA_DOCTOR_WINDOW_MINUTES";
    public const string SampleVariable = "LUNORA_SOURCE_SAMPLE";

    public static DoctorOptions Default { get; } = new(null, TimeSpan.FromMinutes(30), 60);

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

        if (configuration[SampleVariable] is { Length: > 0 } sample)
        {
            options = options with { SourceSample = sample };
        }

        return options;
    }
}
