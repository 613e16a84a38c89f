namespace Lunora.Worker.Tests.Infrastructure;

/// <summary>Test classes marked <c>[Collection(DynaliteCollection.Name)]</c> share one dynalite process.</summary>
[CollectionDefinition(Name)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
