using System.Net.Http.Json;
using Amazon.DynamoDBv2.Model;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>The emulator's containment faults and the sessions table, as the containment scenarios drive and read them.</summary>
public static class ContainmentStack
{
    /// <summary>Every listed operation answers <paramref name="status"/> until the faults are cleared.</summary>
    public static Task FailOperationsAsync(this LocalStack stack, int status, params string[] operations)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return stack.PutFaultsAsync(new { errorRate = 1.0, errorStatuses = new[] { status }, operations });
    }

    public static async Task RaiseAlertAsync(this LocalStack stack, int pipeline, string message, string alertType = "Failed RTMP Connection")
    {
        ArgumentNullException.ThrowIfNull(stack);
        using var response = await stack.Http.PostAsJsonAsync(new Uri($"_emulator/channels/{stack.ChannelId}/alerts", UriKind.Relative), new { alertType, pipeline, message });
        response.EnsureSuccessStatusCode();
    }

    public static async Task SetActiveOutputsAsync(this LocalStack stack, string groupName, int pipeline, double? value)
    {
        ArgumentNullException.ThrowIfNull(stack);
        using var response = await stack.Http.PutAsJsonAsync(new Uri($"_emulator/channels/{stack.ChannelId}/active-outputs", UriKind.Relative), new { groupName, pipeline, value });
        response.EnsureSuccessStatusCode();
    }

    public static async Task RejectUrlAsync(this LocalStack stack, string url)
    {
        ArgumentNullException.ThrowIfNull(stack);
        using var response = await stack.Http.PutAsJsonAsync(new Uri("_emulator/rejected-urls", UriKind.Relative), new { url, rejected = true });
        response.EnsureSuccessStatusCode();
    }

    public static async Task RemoveChannelAsync(this LocalStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        using var response = await stack.Http.DeleteAsync(new Uri($"_emulator/channels/{stack.ChannelId}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    public static async Task<string?> AttributeAsync(this LocalStack stack, string id, string attribute)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return (await stack.DestinationAsync(id)).GetValueOrDefault(attribute)?.S;
    }

    /// <summary>The channel runs in the sessions table, oldest first.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> RunsAsync(this LocalStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var items = (await stack.Dynamo.ScanAsync(new ScanRequest { TableName = stack.Tables.SessionsTable, ConsistentRead = true })).Items ?? [];
        return items
            .Where(i => i.GetValueOrDefault("kind")?.S == "channel_run")
            .OrderBy(i => i["session_id"].S, StringComparer.Ordinal)
            .ToList();
    }
}
