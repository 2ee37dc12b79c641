using System.Runtime.InteropServices;

namespace WebFetch.Interop;

/// <summary>struct rlimit on 64-bit Linux: the soft and the hard limit, RLIM_INFINITY as <see cref="ulong.MaxValue"/>: getrlimit(2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ResourceLimit(ulong Soft, ulong Hard);
