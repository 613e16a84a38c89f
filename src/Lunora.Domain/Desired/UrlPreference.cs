namespace Lunora.Domain.Desired;

/// <summary>An operator's override of automatic failover (the <c>failover</c> and <c>failback</c> commands).</summary>
public enum UrlPreference
{
    /// <summary>Follow health: primary unless failover policy says otherwise.</summary>
    Auto,
    Primary,
    Backup,
}
