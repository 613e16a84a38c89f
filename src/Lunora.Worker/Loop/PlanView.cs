using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;

namespace Lunora.Worker.Loop;

/// <summary>Everything one planning pass saw and decided: what the loop executes and what <c>status</c> and <c>plan</c> print.</summary>
public sealed record PlanView(ReconcilePlan Plan, DesiredChannel Desired, ObservedChannel Observed, HealthSnapshot Health, bool Paused);
