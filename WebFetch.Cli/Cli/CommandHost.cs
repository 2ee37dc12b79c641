using Serilog;
using WebFetch.Errors;
using WebFetch.Logs;

namespace WebFetch.Cli;

/// <summary>
/// What every command does around its work: the logger on stderr (coloured when stderr is a
/// terminal and NO_COLOR is unset), and an exit code for every way the work can end. A failure
/// the user can act on (<see cref="UserErrorException"/>) is one line and exit 2; anything else
/// is a bug, logged with its stack trace as an internal error, exit 70, never exit 1, which a
/// cron job reads as "some URLs failed". The log is flushed last, whatever happened.
/// </summary>
internal static class CommandHost
{
    /// <param name="logLevel">The least level logged.</param>
    /// <param name="work">The command's work, given whether the log is coloured (a worker's log follows its parent's).</param>
    public static async Task<int> RunAsync(string logLevel, Func<bool, Task<int>> work)
    {
        bool color = Logging.ColorWanted();
        Log.Logger = Logging.CreateLogger(logLevel, color, "webfetch");
        try
        {
            return await work(color).ConfigureAwait(false);
        }
        catch (UserErrorException e)
        {
            Log.Error("{Message}", e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Fatal(e, "internal error");
            return ExitCodes.InternalError;
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }
}
