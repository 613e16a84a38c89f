using System.Collections.Immutable;
using Lunora.Domain.Planning;

namespace Lunora.Worker.MediaLive;

/// <summary>A desired output with its stream keys looked up, one per pipeline. Never logged: ToString hides the keys.</summary>
public sealed record ResolvedOutput(DesiredOutput Output, ImmutableArray<string> StreamKeys)
{
    public override string ToString() => $"ResolvedOutput {{ GroupName = {Output.GroupName}, Pipelines = {StreamKeys.Length} }}";
}
