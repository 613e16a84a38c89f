using System.Globalization;

namespace Lunora.Worker.State;

/// <summary>
/// Timestamps as the existing Lambda and UI write them (JavaScript <c>toISOString()</c>: UTC, milliseconds, <c>Z</c>).
/// Fixed width, so they also compare correctly as strings.
/// </summary>
public static class DynamoTime
{
    private const string Iso = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(Iso, CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    public static string EpochMillis(DateTimeOffset value) =>
        value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static string EpochSeconds(DateTimeOffset value) =>
        value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
