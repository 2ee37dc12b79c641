using Serilog.Core;
using Serilog.Events;

namespace WebFetch.Logs;

/// <summary>
/// Passes every log event on with its text properties and its exception through
/// <see cref="Redact.Secrets"/>, so that no log line, at any level, shows a URL's password or
/// a credential header, whichever line prints it. The message templates are the program's own
/// text and hold no secret.
/// </summary>
internal sealed class RedactingSink(ILogEventSink inner) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent)
    {
        inner.Emit(new LogEvent(
            logEvent.Timestamp,
            logEvent.Level,
            logEvent.Exception is null ? null : new RedactedException(logEvent.Exception),
            logEvent.MessageTemplate,
            logEvent.Properties.Select(p => new LogEventProperty(p.Key, Masked(p.Value)))));
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private static LogEventPropertyValue Masked(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => new ScalarValue(Redact.Secrets(text)),
        ScalarValue { Value: Uri uri } => new ScalarValue(Redact.Secrets(uri.OriginalString)),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Masked)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Masked(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => KeyValuePair.Create(e.Key, Masked(e.Value)))),
        _ => value,
    };

    /// <summary>An exception as the log shows it (its text, stack trace included), with the credentials masked.</summary>
    private sealed class RedactedException(Exception original) : Exception(Redact.Secrets(original.Message))
    {
        public override string ToString() => Redact.Secrets(original.ToString());
    }
}
