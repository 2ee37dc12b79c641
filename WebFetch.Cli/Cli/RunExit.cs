using System.Runtime.InteropServices;
using WebFetch.Output;

namespace WebFetch.Cli;

/// <summary>
/// The exit code of a run, from how it ended: the output first (a reader that left, a failed
/// write), then a lost socket, then the stop signal, then the records.
/// </summary>
internal static class RunExit
{
    /// <summary>What <paramref name="failure"/>, the output's first failure if any, means for the exit code.</summary>
    /// <param name="toStdout">Whether the records went to stdout rather than to a named file.</param>
    public static OutputFault FaultOf(OutputFailedException? failure, bool toStdout) => failure switch
    {
        null => OutputFault.None,
        { ClosedByReader: true } when toStdout => OutputFault.StdoutClosedByReader,
        _ => OutputFault.WriteFailed,
    };

    /// <param name="output">How writing the records went.</param>
    /// <param name="socketLost">Whether the workers' socket was lost, which stopped the run.</param>
    /// <param name="stopSignal">The first stop signal, if one came.</param>
    /// <param name="failed">The URLs that ended with an error record.</param>
    public static int Code(OutputFault output, bool socketLost, PosixSignal? stopSignal, long failed) => output switch
    {
        OutputFault.StdoutClosedByReader => ExitCodes.OutputClosed,
        OutputFault.WriteFailed => ExitCodes.Usage,
        _ when socketLost => ExitCodes.Usage,
        _ => stopSignal switch
        {
            PosixSignal.SIGINT => ExitCodes.Interrupted,
            PosixSignal.SIGTERM => ExitCodes.Terminated,
            _ => failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Success,
        },
    };
}
