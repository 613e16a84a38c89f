using System.Collections.Frozen;

namespace Lunora.Worker.Commands;

public static class CommandTypeNames
{
    private static readonly FrozenDictionary<string, CommandType> ByName = new Dictionary<string, CommandType>(StringComparer.Ordinal)
    {
        ["start-destination"] = CommandType.StartDestination,
        ["stop-destination"] = CommandType.StopDestination,
        ["stop-all"] = CommandType.StopAll,
        ["set-backup"] = CommandType.SetBackup,
        ["failover"] = CommandType.Failover,
        ["failback"] = CommandType.Failback,
        ["auto-failover"] = CommandType.AutoFailover,
        ["reconcile-now"] = CommandType.ReconcileNow,
        ["pause-reconcile"] = CommandType.PauseReconcile,
        ["resume-reconcile"] = CommandType.ResumeReconcile,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<CommandType, string> ByType = ByName.ToFrozenDictionary(p => p.Value, p => p.Key);

    public static IEnumerable<string> All => ByName.Keys.Order(StringComparer.Ordinal);

    public static bool TryParse(string name, out CommandType type) => ByName.TryGetValue(name, out type);

    public static string ToWireName(this CommandType type) => ByType[type];

    /// <summary>Commands about one destination: they carry <c>destination_id</c>.</summary>
    public static bool TargetsDestination(this CommandType type) =>
        type is CommandType.StartDestination or CommandType.StopDestination or CommandType.SetBackup
            or CommandType.Failover or CommandType.Failback or CommandType.AutoFailover;
}
