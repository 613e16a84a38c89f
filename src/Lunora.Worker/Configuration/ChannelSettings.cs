using System.Text.RegularExpressions;

namespace Lunora.Worker.Configuration;

/// <summary>
/// Which MediaLive channels this deployment reconciles. <c>MEDIALIVE_CHANNEL_ID</c> is the default channel (of records
/// and commands that name none); <c>LUNORA_CHANNEL_IDS</c>, comma-separated, lists every channel it manages and defaults
/// to the default channel alone. A record naming any other channel is that record's error, never a channel to reconcile.
/// </summary>
public sealed partial record ChannelSettings
{
    public const string DefaultChannelVariable = "MEDIALIVE_CHANNEL_ID";
    public const string ChannelIdsVariable = "LUNORA_CHANNEL_IDS";

    public string DefaultChannelId { get; init; } = "";

    /// <summary>Every managed channel, the default one first.</summary>
    public IReadOnlyList<string> ChannelIds { get; init; } = [];

    /// <summary>True for a channel this deployment reconciles; a record without a channel belongs to the default one.</summary>
    public bool Manages(string? channelId) => channelId is null || ChannelIds.Contains(channelId, StringComparer.Ordinal);

    public static ChannelSettings Parse(IConfiguration configuration, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var channel = configuration["MEDIALIVE_CHANNEL_ID"]?.Trim();
        if (string.IsNullOrEmpty(channel))
        {
            problems.Add($"{DefaultChannelVariable} is not set: the id of the MediaLive channel to reconcile (e.g. 3714710)");
            channel = "";
        }
        else if (!ChannelIdPattern().IsMatch(channel))
        {
            problems.Add($"{DefaultChannelVariable} must be a MediaLive channel id (digits, e.g. 3714710)");
        }

        var ids = new List<string>();
        if (channel.Length > 0)
        {
            ids.Add(channel);
        }

        if (configuration["LUNORA_CHANNEL_IDS"] is { } list && !string.IsNullOrWhiteSpace(list))
        {
            var named = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var bad = named.Count(id => !ChannelIdPattern().IsMatch(id));
            if (bad > 0)
            {
                problems.Add($"{ChannelIdsVariable} must be MediaLive channel ids separated by commas (e.g. 3714710,6802366); {bad} entr{(bad == 1 ? "y is" : "ies are")} not");
            }

            if (channel.Length > 0 && !named.Contains(channel, StringComparer.Ordinal))
            {
                problems.Add($"{ChannelIdsVariable} must include {DefaultChannelVariable} ({channel}), the channel of records that name none");
            }

            ids.AddRange(named.Where(id => ChannelIdPattern().IsMatch(id)));
        }

        return new ChannelSettings { DefaultChannelId = channel, ChannelIds = ids.Distinct(StringComparer.Ordinal).ToList() };
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelIdPattern();
}
