using System.Diagnostics;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// The log scope of one reconcile (as controller-runtime's reconcileID): every line written while it runs, whichever
/// component writes it, carries <c>ChannelId</c> and <c>ReconcileId</c>, and the reconcile span carries the same id.
/// </summary>
public static class ReconcileScope
{
    private static readonly Func<ILogger, string, string, IDisposable?> Scope =
        LoggerMessage.DefineScope<string, string>("Reconcile {ChannelId} {ReconcileId}");

    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>The id of the reconcile running on this async flow, if any.</summary>
    public static string? CurrentId => Current.Value;

    public static IDisposable Begin(ILogger logger, string channelId)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var id = ActivitySpanId.CreateRandom().ToHexString();
        Current.Value = id;
        return new Handle(Scope(logger, channelId, id));
    }

    private sealed class Handle(IDisposable? inner) : IDisposable
    {
        public void Dispose()
        {
            inner?.Dispose();
            Current.Value = null;
        }
    }
}
