namespace WebFetch.Errors;

/// <summary>
/// An exception and the inner exceptions under it, outermost first: where the cause that says
/// what happened (a timeout, an errno, "Connection refused") is found under the wrappers
/// HttpClient and the streams put around it.
/// </summary>
internal static class ExceptionChain
{
    /// <summary><paramref name="exception"/>, then its inner exception, and so on down.</summary>
    public static IEnumerable<Exception> Of(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>The outermost exception of the chain that is a <typeparamref name="T"/> (and matches <paramref name="where"/>), if any.</summary>
    public static T? Find<T>(Exception? exception, Func<T, bool>? where = null)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match && (where is null || where(match)))
            {
                return match;
            }
        }
        return null;
    }

    /// <summary>Whether an exception of the chain is a <typeparamref name="T"/>.</summary>
    public static bool Has<T>(Exception? exception)
        where T : Exception => Find<T>(exception) is not null;

    /// <summary>The last exception of the chain: the one no other was wrapped around.</summary>
    public static Exception Innermost(Exception exception)
    {
        Exception e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
