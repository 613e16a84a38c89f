using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.Operations;

/// <summary>
/// The tests that read what <see cref="OperationsScenario"/>'s host exported. Its OpenTelemetry pipeline sees every meter
/// named <c>Lunora.Worker</c> in the process, so a test elsewhere that dead-letters a command while the scenario runs
/// would change the scenario's exact counts: the scenario runs alone, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OperationsScenarioCollection : ICollectionFixture<DynaliteFixture>, ICollectionFixture<FauxqsFixture>
{
    public const string Name = "operations scenario";
}
