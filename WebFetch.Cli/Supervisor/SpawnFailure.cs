using System.ComponentModel;

namespace WebFetch.Supervisor;

/// <summary>Why the system would not start a worker process, in plain words with what to do about it.</summary>
internal static class SpawnFailure
{
    private const int TooManyOpenFiles = 24; // EMFILE
    private const int TooManyOpenFilesInSystem = 23; // ENFILE
    private const int TryAgain = 11; // EAGAIN: fork over ulimit -u
    private const int OutOfMemory = 12; // ENOMEM

    public const string TooManyOpenFilesReason = "too many open files (the limit, ulimit -n, is reached): raise the limit or use fewer workers";

    public static string Describe(Exception e) => e switch
    {
        Win32Exception { NativeErrorCode: TooManyOpenFiles } => TooManyOpenFilesReason,
        Win32Exception { NativeErrorCode: TooManyOpenFilesInSystem } =>
            "too many open files in the system",
        Win32Exception { NativeErrorCode: TryAgain } =>
            "no more processes allowed (the limit, ulimit -u, is reached): raise the limit or use fewer workers",
        Win32Exception { NativeErrorCode: OutOfMemory } =>
            "not enough memory to start a process",
        _ => e.Message,
    };
}
