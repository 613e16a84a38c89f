using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>The real worker host, in process, configured only through its environment (as ECS would).</summary>
public sealed class WorkerUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private WorkerUnderTest(WebApplication app, Uri health)
    {
        _app = app;
        HealthAddress = health;
    }

    public Uri HealthAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="services">Registered before the worker's own (wins where the worker uses TryAdd).</param>
    /// <param name="late">Run after the worker's own registrations, to decorate or replace them.</param>
    public static async Task<WorkerUnderTest> StartAsync(
        IDictionary<string, string?> environment,
        Action<IServiceCollection>? services = null,
        Action<IServiceCollection>? late = null)
    {
        var app = WorkerHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(environment);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Lunora.Worker.Loop", System.Environment.GetEnvironmentVariable("LUNORA_TEST_LOOP_DEBUG") is null ? LogLevel.Information : LogLevel.Debug);
            services?.Invoke(builder.Services);
            if (late is not null)
            {
                builder.Host.UseServiceProviderFactory(new LateServiceProviderFactory(late));
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WorkerUnderTest(app, new Uri(address));
    }

    /// <summary>A graceful stop (SIGTERM): the lease is released.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    /// <summary>A crash: the host is torn down without its graceful shutdown (no lease release).</summary>
    public Task KillAsync() => KillAsync(() => Task.CompletedTask);

    /// <summary>A crash: the host is torn down without its graceful shutdown (no lease release).</summary>
    public async Task KillAsync(Func<Task> beforeDispose)
    {
        ArgumentNullException.ThrowIfNull(beforeDispose);
        _stopped = true;
        await beforeDispose();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes; no fixed sleeps.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan deadline, string because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"not within {deadline.TotalSeconds:0.#}s: {because}");
    }
}
