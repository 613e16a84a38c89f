namespace Lunora.Worker.Tests.Telemetry;

/// <summary>
/// Tests that record on meter <c>Lunora.Worker</c> outside a worker host. Every listener in the process sees every meter of
/// that name, including the OpenTelemetry pipeline of a host another test runs at the same time (the operations
/// scenario counts dead-lettered commands exactly), so these run alone, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeterRecordingCollection
{
    public const string Name = "Meter recording";
}
