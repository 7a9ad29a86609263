using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Tests.Infrastructure;

/// <summary>Keeps every log entry (level, event id, formatted message) for assertions.</summary>
internal sealed class CapturingLogger : ILogger, ILoggerFactory, ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId.Id, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
