using FastCms.AdminShell;
using Microsoft.Extensions.Options;

namespace FastCms.Admin;

/// <summary>One logged error as the admin UI shows it: never a stack trace, only what the log line says.</summary>
internal sealed record RecentError(DateTimeOffset Time, LogLevel Level, string Category, string Message, string? ExceptionType);

/// <summary>The last few Error and Critical log entries of this instance, newest first, for the dashboard.</summary>
internal sealed class RecentErrorLog(IOptions<AdminUiOptions> options, TimeProvider clock)
{
    private const int MaxMessageLength = 1000;

    private readonly Lock _gate = new();
    private readonly Queue<RecentError> _entries = new();

    public void Add(LogLevel level, string category, string message, Exception? exception)
    {
        var text = message.Length > MaxMessageLength ? message[..MaxMessageLength] + "…" : message;
        var entry = new RecentError(clock.GetUtcNow(), level, category, text, exception?.GetType().Name);
        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > options.Value.RecentErrors)
            {
                _entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<RecentError> Latest(int count)
    {
        lock (_gate)
        {
            return _entries.Reverse().Take(count).ToList();
        }
    }
}

/// <summary>Feeds <see cref="RecentErrorLog"/> from the logging pipeline (levels Error and above).</summary>
[ProviderAlias("RecentErrors")]
internal sealed class RecentErrorLoggerProvider(RecentErrorLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(log, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecentErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
