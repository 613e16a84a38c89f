using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>End-to-end tests share one dynalite and one fauxqs; each test gets its own tables, queues and emulator.</summary>
[CollectionDefinition(Name)]
public sealed class StackCollectionDefinition : ICollectionFixture<DynaliteFixture>, ICollectionFixture<FauxqsFixture>
{
    public const string Name = "stack";
}
