using System.Collections.Immutable;
using Lunora.Domain.Planning;

namespace Lunora.Domain.Delivery;

/// <summary>
/// Turns the managed outputs the planner wants (the <see cref="UpdateOutputs"/> seam) into relay paths: pipeline i of an
/// output becomes the destination's path on relay i. A STANDARD output (primary on pipeline 0, backup on pipeline 1)
/// gives a path on relay A with the primary URL and one on relay B with the backup; a SINGLE_PIPELINE output gives one
/// path whose target is whichever URL the failover rules chose, so a failover re-points that one forward.
/// </summary>
public static class RelayLayout
{
    public static ImmutableArray<DesiredRelayPath> Paths(IEnumerable<DesiredOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var paths = ImmutableArray.CreateBuilder<DesiredRelayPath>();
        foreach (var output in outputs)
        {
            var name = RelayNaming.DestinationPath(output.DestinationId);
            var source = RelayNaming.IngestPath(output.PresetId);
            for (var relay = 0; relay < output.Pipelines.Length; relay++)
            {
                paths.Add(new DesiredRelayPath(relay, name, output.DestinationId, source, output.Pipelines[relay]));
            }
        }

        return paths.ToImmutable();
    }
}
