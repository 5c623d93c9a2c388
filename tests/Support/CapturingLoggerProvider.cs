using Microsoft.Extensions.Logging;

namespace LiveViews.TestSupport;

/// <summary>
/// Keeps a test server's log lines for the test to read, one string a line:
/// <c>"{level} {category}: {message}"</c>, followed by <c>" | {ExceptionType}: {exception message}"</c> when the line has
/// an exception. <paramref name="filter"/> picks the lines (level, category); <paramref name="record"/> stores one
/// (thread-safe: servers log from many threads; the store decides its own bound).
/// </summary>
public sealed class CapturingLoggerProvider(Action<string> record, Func<LogLevel, string, bool> filter) : ILoggerProvider
{
    /// <summary>Lines at <paramref name="minimum"/> and above into a queue holding at most <paramref name="capacity"/> (oldest dropped).</summary>
    public static CapturingLoggerProvider Into(System.Collections.Concurrent.ConcurrentQueue<string> queue, LogLevel minimum, int capacity) =>
        new(line =>
        {
            queue.Enqueue(line);
            while (queue.Count > capacity) queue.TryDequeue(out _);
        }, (level, _) => level >= minimum);

    private readonly Action<string> _record = record;
    private readonly Func<LogLevel, string, bool> _filter = filter;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => provider._filter(logLevel, category);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider._record($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
        }
    }
}
