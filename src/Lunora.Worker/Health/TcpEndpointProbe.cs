using System.Net.Sockets;

namespace Lunora.Worker.Health;

/// <summary>
/// A TCP connect to the ingest's host and port (1935 for rtmp, 443 for rtmps), bounded by a short timeout. It proves
/// the server accepts connections, not that it will accept our stream: enough to decide when to try the primary again.
/// </summary>
public sealed class TcpEndpointProbe : IEndpointProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<bool> IsReachableAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var port = uri.IsDefaultPort || uri.Port <= 0 ? (uri.Scheme == "rtmps" ? 443 : 1935) : uri.Port;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(uri.Host, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
