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
    public static MediaLiveRateLimitOptions FromEnvironment(Func<string, string?> environment) => Parse(environment, new List<string>());

    /// <summary>As <see cref="FromEnvironment"/>, naming each unusable value in <paramref name="problems"/> (the settings' one list).</summary>
    public static MediaLiveRateLimitOptions Parse(Func<string, string?> environment, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(problems);
        var defaults = Default;
        var rps = defaults.RequestsPerSecond;
        if (environment("LUNORA_MEDIALIVE_RPS") is { Length: > 0 } rawRps)
        {
            if (double.TryParse(rawRps, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0)
            {
                rps = r;
            }
            else
            {
                problems.Add($"LUNORA_MEDIALIVE_RPS must be a positive number of requests per second, not '{rawRps}'");
            }
        }

        var burst = defaults.Burst;
        if (environment("LUNORA_MEDIALIVE_BURST") is { Length: > 0 } rawBurst)
        {
            if (int.TryParse(rawBurst, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) && b > 0)
            {
                burst = b;
            }
            else
            {
                problems.Add($"LUNORA_MEDIALIVE_BURST must be a whole number of at least 1, not '{rawBurst}'");
            }
        }

        return new MediaLiveRateLimitOptions { RequestsPerSecond = rps, Burst = burst };
    }
}
