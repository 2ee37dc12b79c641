using System.ComponentModel;
using Mono.Unix.Native;

namespace WebFetch.Supervisor;

/// <summary>Why the system would not start a worker process, in plain words with what to do about it.</summary>
internal static class SpawnFailure
{
    public const string TooManyOpenFilesReason = "too many open files (the limit, ulimit -n, is reached): raise the limit or use fewer workers";

    public static string Describe(Exception e) => e switch
    {
        Win32Exception { NativeErrorCode: (int)Errno.EMFILE } => TooManyOpenFilesReason,
        Win32Exception { NativeErrorCode: (int)Errno.ENFILE } =>
            "too many open files in the system",
        Win32Exception { NativeErrorCode: (int)Errno.EAGAIN } => // fork over ulimit -u
            "no more processes allowed (the limit, ulimit -u, is reached): raise the limit or use fewer workers",
        Win32Exception { NativeErrorCode: (int)Errno.ENOMEM } =>
            "not enough memory to start a process",
        _ => e.Message,
    };
}
