using System.Net;
using System.Net.Sockets;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// A TCP listener on 127.0.0.1 standing in for an ingest server, for the worker's failback probe (a TCP connect):
/// listening = reachable, stopped = refused. Keeps its port across stop and start.
/// </summary>
public sealed class LoopbackIngest : IDisposable
{
    private TcpListener? _listener;

    public LoopbackIngest()
    {
        _listener = Listen(0);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    public string Url(string app) => $"rtmp://127.0.0.1:{Port}/{app}";

    public void Start() => _listener ??= Listen(Port);

    public void Stop()
    {
        _listener?.Stop();
        _listener?.Dispose();
        _listener = null;
    }

    public void Dispose() => Stop();

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }
}
