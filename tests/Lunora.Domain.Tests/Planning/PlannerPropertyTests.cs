using CsCheck;
using Lunora.Domain.Desired;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;

namespace Lunora.Domain.Tests.Planning;

/// <summary>
/// The planner's invariants over random desired / observed / health states, both channel classes, every channel state,
/// invalid records, backups and random clocks. Each property runs <see cref="Iterations"/> generated cases.
/// </summary>
public class PlannerPropertyTests
{
    private const long Iterations = 2_000;

    [Fact]
    public void Plan_AnyInputs_UpdatesAndStartsOnlyAnIdleChannel()
    {
        PlanningGen.Case.Sample(
            c =>
            {
                var (_, violations) = PlanSimulator.Apply(c, c.Plan());
                Assert.Empty(violations);
            },
            iter: Iterations,
            print: c => c.ToString());
    }

    [Fact]
    public void Plan_AppliedThenPlannedAgain_PlansNoMutation()
    {
        PlanningGen.Case.Sample(
            c =>
            {
                var first = c.Plan();
                var (after, _) = PlanSimulator.Apply(c, first);
                var second = after.Plan();

                Assert.False(second.HasMutations, $"second plan still mutates: {Build.Shape(second)} (first: {Build.Shape(first)})");
            },
            iter: Iterations,
            print: c => c.ToString());
    }

    [Fact]
    public void Plan_AnyInputs_LeavesUnmanagedPartsAsObserved()
    {
        PlanningGen.Case.Sample(
            c =>
            {
                foreach (var update in c.Plan().OfType<UpdateOutputs>())
                {
                    Assert.Equal(c.Observed.UnmanagedFingerprint, update.ExpectedUnmanagedFingerprint);
                    Assert.All(update.Outputs, o => Assert.True(OutputNaming.IsManaged(o.GroupName)));
                    Assert.All(update.Outputs, o => Assert.Equal(OutputNaming.GroupName(o.DestinationId), o.GroupName));
                    Assert.Equal(update.Outputs.Length, update.Outputs.Select(o => o.GroupName).Distinct(StringComparer.Ordinal).Count());
                }
            },
            iter: Iterations,
            print: c => c.ToString());
    }

    [Fact]
    public void Plan_AddingAnInvalidDestination_ChangesNothingPlannedForTheOthers()
    {
        PlanningGen.CaseWithInvalid.Sample(
            (c, invalid, position) =>
            {
                var with = c with { Desired = c.Desired with { Destinations = c.Desired.Destinations.Insert(position, invalid) } };

                var plan = with.Plan();

                Assert.Equal(DestinationStatus.Error, Build.StatusOf(plan, invalid.Id).Status);
                Assert.Equal(DestinationValidatorTests.PlanText(c.Plan()), DestinationValidatorTests.PlanText(plan, except: invalid.Id));
            },
            iter: Iterations,
            print: t => $"{t.Item1}\ninvalid at {t.Item3}: {t.Item2}");
    }

    [Fact]
    public void Plan_NothingWantsToStream_NeverLeavesTheChannelRunningPastTheGrace()
    {
        PlanningGen.Case
            .Select(c => c with
            {
                Observed = c.Observed with { State = ChannelState.Running },
                Desired = c.Desired with { Destinations = [.. c.Desired.Destinations.Select(d => d with { DesiredState = DesiredState.Stopped })] },
            })
            .Sample(
                c =>
                {
                    var plan = c.Plan();
                    var idleSince = c.Desired.Destinations.Select(d => d.ChangedAt).Append(c.Observed.StateSince).Max();
                    var stopAt = idleSince + c.Policy.IdleGrace;
                    var stops = plan.OfType<StopChannel>().Any(s => !s.Restart);

                    Assert.DoesNotContain(plan.Actions, a => a is UpdateOutputs or StartChannel);
                    if (stopAt is null || c.Now >= stopAt)
                    {
                        Assert.True(stops, "the grace is over but the channel is not stopped");
                    }
                    else if (!stops)
                    {
                        Assert.NotNull(plan.RequeueAfter);
                        Assert.True(c.Now + plan.RequeueAfter <= stopAt, $"looks again at +{plan.RequeueAfter}, after the grace ends at {stopAt}");
                    }
                },
                iter: Iterations,
                print: c => c.ToString());
    }
}
