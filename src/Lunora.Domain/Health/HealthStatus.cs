namespace Lunora.Domain.Health;

public enum HealthStatus
{
    Unknown,
    Healthy,
    Failing,
}
