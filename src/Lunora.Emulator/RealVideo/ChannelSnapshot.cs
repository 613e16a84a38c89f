using System.Text.Json.Nodes;

namespace Lunora.Emulator.RealVideo;

/// <summary>A RUNNING channel as the real-video supervisor sees it: one run, its configuration and its input's push URL.</summary>
internal sealed record ChannelSnapshot(string ChannelId, string ChannelClass, DateTimeOffset RunStart, JsonObject Config, string? InputUrl)
{
    public int PipelineCount => ChannelClass == "SINGLE_PIPELINE" ? 1 : 2;
}
