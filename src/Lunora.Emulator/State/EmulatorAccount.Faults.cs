using System.Globalization;

namespace Lunora.Emulator.State;

/// <summary>
/// Faults a test drives by hand: an alert with the text it chooses, ActiveOutputs of one output group, a channel that
/// vanishes. The account's own rules (reachability, transitions) stay in charge of everything else.
/// </summary>
internal sealed partial class EmulatorAccount
{
    private readonly HashSet<string> _rejectedUrls = new(StringComparer.Ordinal);

    /// <summary>Raises an alert on a running channel exactly as written; returns its id.</summary>
    public string RaiseAlert(string id, string alertType, int pipeline, string message)
    {
        lock (_gate)
        {
            var channel = Get(id);
            if (pipeline < 0 || pipeline >= channel.PipelineCount)
            {
                throw new ArgumentException($"pipeline {pipeline} does not exist on channel {id}.", nameof(pipeline));
            }

            var alertId = channel.NextAlertId++.ToString(CultureInfo.InvariantCulture);
            // No group name: the account's reachability rules never clear an alert raised by hand.
            channel.Alerts.Add(new AlertRecord(alertId, alertType, string.Empty, pipeline, message, _time.GetUtcNow()));
            return alertId;
        }
    }

    /// <summary>Pins ActiveOutputs of one output group on one pipeline (null: back to what reachability says).</summary>
    public void SetActiveOutputs(string id, string groupName, int pipeline, double? value)
    {
        lock (_gate)
        {
            var channel = Get(id);
            var key = (ActiveOutputsOverride(groupName), pipeline.ToString(CultureInfo.InvariantCulture));
            if (value is { } v)
            {
                channel.MetricValues[key] = v;
            }
            else
            {
                channel.MetricValues.Remove(key);
            }
        }
    }

    /// <summary>Deletes the channel outright, as someone might in the console: every call on it then answers 404.</summary>
    public void RemoveChannel(string id)
    {
        lock (_gate)
        {
            _ = Get(id);
            _channels.Remove(id);
        }
    }

    /// <summary>While set, an UpdateChannel sending to <paramref name="url"/> is refused with a 422 naming that destination's settings.</summary>
    public void RejectUrl(string url, bool rejected)
    {
        lock (_gate)
        {
            if (rejected)
            {
                _rejectedUrls.Add(url);
            }
            else
            {
                _rejectedUrls.Remove(url);
            }
        }
    }

    private List<Model.ValidationError> RejectedUrlErrors(System.Text.Json.Nodes.JsonObject body)
    {
        var errors = new List<Model.ValidationError>();
        var destinations = body["destinations"] as System.Text.Json.Nodes.JsonArray ?? [];
        for (var i = 0; i < destinations.Count; i++)
        {
            var settings = destinations[i]?["settings"] as System.Text.Json.Nodes.JsonArray ?? [];
            for (var j = 0; j < settings.Count; j++)
            {
                if ((string?)settings[j]?["url"] is { } url && _rejectedUrls.Contains(url))
                {
                    errors.Add(new Model.ValidationError($"destinations[{i}].settings[{j}].url", "The RTMP endpoint is not supported for this channel."));
                }
            }
        }

        return errors;
    }

    private static string ActiveOutputsOverride(string groupName) => "ActiveOutputs@" + groupName;

    private static double? PinnedActiveOutputs(ChannelRecord channel, string groupName, int pipeline) =>
        channel.MetricValues.TryGetValue((ActiveOutputsOverride(groupName), pipeline.ToString(CultureInfo.InvariantCulture)), out var v) ? v : null;
}
