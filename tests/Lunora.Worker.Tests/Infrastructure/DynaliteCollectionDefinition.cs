namespace Lunora.Worker.Tests.Infrastructure;

/// <summary>Test classes marked <c>[Collection(DynaliteCollectionDefinition.Name)]</c> share one dynalite process.</summary>
[CollectionDefinition(Name)]
public sealed class DynaliteCollectionDefinition : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
