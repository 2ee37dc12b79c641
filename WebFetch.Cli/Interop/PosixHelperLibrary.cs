using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace WebFetch.Interop;

/// <summary>
/// Mono.Posix calls into a native library of its own, libMonoPosixHelper.so. A NativeAOT binary
/// looks for it beside itself; an install keeps both in PREFIX/lib/webfetch, with PREFIX/bin/webfetch
/// a link to the binary there, and the binary copied elsewhere on its own finds the library in
/// ../lib/webfetch next to it, as a Unix layout puts it. This finds the library before the first
/// call needs it, and says in one line what is missing when it is nowhere, instead of a
/// DllNotFoundException's stack trace at the first file the program opens. Under the JIT runtime
/// the host finds it through the application's dependency manifest, and nothing is done here.
/// </summary>
internal static class PosixHelperLibrary
{
    /// <summary>The library's file name, as the package and every install ship it.</summary>
    public const string FileName = "libMonoPosixHelper.so";

    /// <summary>The name Mono.Posix's imports ask for.</summary>
    private const string ImportName = "MonoPosixHelper";

    /// <summary>Where the library may be, in order: beside the binary, then in ../lib/webfetch next to the binary's folder.</summary>
    public static IReadOnlyList<string> Candidates(string binaryDirectory) =>
    [
        Path.Combine(binaryDirectory, FileName),
        Path.GetFullPath(Path.Combine(binaryDirectory, "..", "lib", "webfetch", FileName)),
    ];

    /// <summary>
    /// Loads the library from the first candidate that has it, or from the system's library path,
    /// and has Mono.Posix use it; returns null, or what is missing, in one line.
    /// </summary>
    public static string? Load()
    {
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            return null;
        }
        string directory = AppContext.BaseDirectory;
        IReadOnlyList<string> candidates = Candidates(directory);
        IntPtr handle = IntPtr.Zero;
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle))
            {
                break;
            }
        }
        if (handle == IntPtr.Zero && !NativeLibrary.TryLoad(FileName, out handle))
        {
            return $"webfetch cannot find {FileName}, which it needs: it looked in {string.Join(" and ", candidates)}. "
                + "Install webfetch whole (./build.sh install, the release tarball or the .deb) rather than copying the binary alone.";
        }
        NativeLibrary.SetDllImportResolver(typeof(Mono.Unix.Native.Syscall).Assembly,
            (name, _, _) => name is ImportName or FileName or "libMonoPosixHelper" ? handle : IntPtr.Zero);
        return null;
    }
}
