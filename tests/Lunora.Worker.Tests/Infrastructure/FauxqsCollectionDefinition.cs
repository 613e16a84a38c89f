namespace Lunora.Worker.Tests.Infrastructure;

/// <summary>Test classes marked <c>[Collection(FauxqsCollectionDefinition.Name)]</c> share one fauxqs and one dynalite.</summary>
[CollectionDefinition(Name)]
public sealed class FauxqsCollectionDefinition : ICollectionFixture<FauxqsFixture>, ICollectionFixture<DynaliteFixture>
{
    public const string Name = "fauxqs";
}
