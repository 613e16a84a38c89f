using System.Globalization;

namespace Lunora.Worker.Aws;

/// <summary>
/// Lunora's share of the account's MediaLive API budget (20 requests/s steady, 40 burst, shared by every caller in the
/// account). The defaults leave a quarter for people, consoles and other tools.
/// </summary>
public sealed record MediaLiveRateLimitOptions
{
    public double RequestsPerSecond { get; init; } = 15;

    public int Burst { get; init; } = 30;

    public static MediaLiveRateLimitOptions Default { get; } = new();

    /// <summary>LUNORA_MEDIALIVE_RPS and LUNORA_MEDIALIVE_BURST; a missing or unusable value keeps the default.</summary>
    public static MediaLiveRateLimitOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var defaults = Default;
        var rps = double.TryParse(environment("LUNORA_MEDIALIVE_RPS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0
            ? r
            : defaults.RequestsPerSecond;
        var burst = int.TryParse(environment("LUNORA_MEDIALIVE_BURST"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) && b > 0
            ? b
            : defaults.Burst;
        return new MediaLiveRateLimitOptions { RequestsPerSecond = rps, Burst = burst };
    }
}
