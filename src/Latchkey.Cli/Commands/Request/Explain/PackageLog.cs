using Microsoft.Extensions.Logging;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>One message the package logged while classifying (information and above).</summary>
/// <param name="Level">The level.</param>
/// <param name="EventId">The package's stable event id (5001–5010).</param>
/// <param name="Message">The formatted message; the package never logs a token or secret.</param>
internal sealed record LogLine(LogLevel Level, int EventId, string Message)
{
    /// <summary>The level in lower case: <c>information</c>, <c>warning</c>, <c>error</c>, <c>critical</c>.</summary>
    public string LevelName => Level.ToString().ToLowerInvariant();
}

/// <summary>
/// The logger factory handed to the classifier: keeps what the package logs (information and above),
/// which says what a verdict alone does not (a handshake payload that could not be fetched, a JWKS
/// outage, a stopped redirect loop), so the output can show it.
/// </summary>
internal sealed class PackageLog : ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly List<LogLine> _lines = [];

    /// <summary>Returns the lines logged since the last take, and forgets them.</summary>
    public IReadOnlyList<LogLine> Take()
    {
        lock (_gate)
        {
            LogLine[] lines = [.. _lines];
            _lines.Clear();
            return lines;
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
        // Nothing else receives the package's messages.
    }

    public void Dispose()
    {
        // Nothing to release.
    }

    private void Add(LogLine line)
    {
        lock (_gate)
        {
            if (_lines.Count < 100)
            {
                _lines.Add(line);
            }
        }
    }

    private sealed class Logger(PackageLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string message = formatter(state, exception);
            if (exception is not null)
            {
                message += $" ({exception.GetType().Name}: {exception.Message})";
            }

            owner.Add(new LogLine(logLevel, eventId.Id, message));
        }
    }
}
