using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;

namespace WebFetch.Logs;

/// <summary>
/// Serilog to stderr only, every level: stdout carries records and nothing else.
/// Colour only when stderr is a terminal and NO_COLOR is unset (https://no-color.org).
/// Every line passes through <see cref="RedactingSink"/>: no URL password or credential
/// header reaches the log, whatever the level.
/// </summary>
internal static class Logging
{
    public static bool ColorWanted() =>
        !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public static ILogger CreateLogger(string level, bool color, string source)
    {
        LogEventLevel minimum = Enum.TryParse(level, ignoreCase: true, out LogEventLevel parsed) ? parsed : LogEventLevel.Information;
        ILogEventSink console = LoggerSinkConfiguration.Wrap(
            inner => new RedactingSink(inner),
            sinks => sinks.Console(
                standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Source}: {Message:lj}{NewLine}{Exception}",
                theme: color ? AnsiConsoleTheme.Code : ConsoleTheme.None,
                applyThemeToRedirectedOutput: color,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture));
        return new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .Enrich.With(new SourceEnricher(source))
            .WriteTo.Sink(console)
            .CreateLogger();
    }

    private sealed class SourceEnricher(string source) : ILogEventEnricher
    {
        private readonly LogEventProperty _property = new("Source", new ScalarValue(source));

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) => logEvent.AddPropertyIfAbsent(_property);
    }
}
