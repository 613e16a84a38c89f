using System.Collections.Immutable;
using CsCheck;
using Lunora.Domain.Delivery;
using Lunora.Domain.Desired;
using Lunora.Domain.Tests.Planning;

namespace Lunora.Domain.Tests.Delivery;

public class RelayIngestsTests
{
    private const long Iterations = 2_000;

    private enum Change
    {
        Start,
        Stop,
        Disable,
        Enable,
        NewPrimaryUrl,
        NewKey,
        DropBackup,
        PreferBackup,
        ToggleFailover,
        Delete,
    }

    [Fact]
    public void NeedChannelUpdate_AnyDestinationChangeButItsEncoding_IsFalse()
    {
        Gen.Select(PlanningGen.Case, Gen.Enum<Change>(), Gen.Int[0, 10]).Sample(
            (c, change, pick) =>
            {
                var channel = c.Desired;
                var changed = channel.Destinations.IsEmpty ? channel : channel with { Destinations = Apply(channel.Destinations, pick % channel.Destinations.Length, change) };

                Assert.False(RelayIngests.NeedChannelUpdate(RelayIngests.For(changed), RelayIngests.For(channel)));
            },
            iter: Iterations);
    }

    [Fact]
    public void NeedChannelUpdate_NewPreset_IsTrue()
    {
        var channel = new DesiredChannel("ch", [new DestinationSpec { Id = "yt" }]);
        var withPreset = channel with { Destinations = [new DestinationSpec { Id = "yt" }, new DestinationSpec { Id = "tw", PresetId = "p-720" }] };

        Assert.True(RelayIngests.NeedChannelUpdate(RelayIngests.For(withPreset), RelayIngests.For(channel)));
        Assert.Equal([RelayNaming.DefaultIngest], RelayIngests.For(channel));
    }

    [Fact]
    public void For_HlsDestination_NeedsNoIngest()
    {
        Assert.Empty(RelayIngests.For(new DesiredChannel("ch", [new DestinationSpec { Id = "hls", Platform = Platform.Hls }])));
    }

    private static ImmutableArray<DestinationSpec> Apply(ImmutableArray<DestinationSpec> destinations, int index, Change change)
    {
        var d = destinations[index];
        var changed = change switch
        {
            Change.Start => d with { DesiredState = DesiredState.Streaming },
            Change.Stop => d with { DesiredState = DesiredState.Stopped },
            Change.Disable => d with { Enabled = false },
            Change.Enable => d with { Enabled = true },
            Change.NewPrimaryUrl => d with { Primary = new EndpointSpec("rtmp://new.example/live", d.Primary?.KeyParameter, d.Primary?.KeyFingerprint) },
            Change.NewKey => d with { Primary = new EndpointSpec(d.Primary?.Url, "/k/new", "fp-new") },
            Change.DropBackup => d with { Backup = null },
            Change.PreferBackup => d with { UrlPreference = UrlPreference.Backup },
            Change.ToggleFailover => d with { FailoverEnabled = !d.FailoverEnabled },
            _ => null,
        };
        return changed is null ? destinations.RemoveAt(index) : destinations.SetItem(index, changed);
    }
}
