namespace Lunora.Worker.Tests.RealVideo;

/// <summary>
/// Every real-video test class joins this collection: they share one <see cref="RealVideoFixture"/> (one ingest, one
/// emulator) and run one after another, never two CPU-heavy encodes at once. A worker-driven test joins it too.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealVideoCollection : ICollectionFixture<RealVideoFixture>
{
    public const string Name = "RealVideo";
}
