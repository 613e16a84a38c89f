using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lunora.Worker.Tests.Telemetry;

/// <summary>Captures every line of every category at Trace level, with scopes, whatever the host's own filters say.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Logs => [.. _logs];

    /// <summary>Adds this provider to a host's services, with a provider-specific rule so that it sees Trace everywhere.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(CapturingLoggerProvider).FullName, null, LogLevel.Trace, null)));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static List<KeyValuePair<string, string>> Pairs(object? state)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            pairs.AddRange(values.Select(p => new KeyValuePair<string, string>(p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")));
        }

        if (state is not null)
        {
            pairs.Add(new KeyValuePair<string, string>("(text)", state.ToString() ?? ""));
        }

        return pairs;
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, string>>();
            owner._scopes.ForEachScope((scope, list) => list.AddRange(Pairs(scope)), scopes);
            owner._logs.Enqueue(new CapturedLog(
                category,
                logLevel,
                eventId,
                formatter(state, exception),
                Pairs(state),
                scopes,
                exception?.ToString()));
        }
    }
}
