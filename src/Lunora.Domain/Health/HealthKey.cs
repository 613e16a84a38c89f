namespace Lunora.Domain.Health;

public readonly record struct HealthKey(string DestinationId, int Pipeline);
