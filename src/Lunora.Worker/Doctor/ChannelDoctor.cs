using System.Collections.Immutable;

namespace Lunora.Worker.Doctor;

/// <summary>Runs every rule over one channel's configuration and metrics.</summary>
public static class ChannelDoctor
{
    public static ImmutableArray<IDoctorRule> Rules { get; } =
    [
        new InputBitrateRule(),
        new FrameRateConversionRule(),
        new GopCadenceRule(),
        new RateControlRule(),
        new BufferRule(),
        new UpscalingRule(),
        new PipelineRedundancyRule(),
        new FramesRule(),
        new PlatformGopRule(),
        new InputClassRule(),
        new OutputLossRule(),
        new InputLossRule(),
        new DirectDeliveryRestartRule(),
    ];

    public static ImmutableArray<Finding> Examine(DoctorInput input) => [.. Rules.SelectMany(r => r.Check(input))];
}
