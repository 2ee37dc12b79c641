namespace WebFetch.Worker;

/// <summary>The reader of an answer took nothing for the write timeout while it ran: the answer is given up.</summary>
internal sealed class AnswerNotTakenException(string message) : IOException(message);
