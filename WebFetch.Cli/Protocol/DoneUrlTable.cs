using System.Security.Cryptography;
using Mono.Unix.Native;
using WebFetch.Interop;

namespace WebFetch.Protocol;

/// <summary>
/// The URLs a local crawl is done with (fetched, their record written, not broken), shared by the
/// crawl with its workers in memory: the crawl adds each one, a worker looks a page's links up
/// and leaves out those it finds, which the crawl would only pass over (a done URL gains no
/// referrer: its record is out). On a large site most links lead to pages done long before; each
/// one left out is neither placed, nor given its text, nor written, read and looked up again.
/// </summary>
/// <remarks>
/// <para>
/// The table is an anonymous memory file (memfd_create(2): no name in any directory, nothing to
/// leave behind, nothing another user can open) that the workers inherit as a descriptor, as they
/// inherit the listening socket, and map read-only. Its entries are 64-bit keyed hashes of the
/// URLs (<see cref="SipHash"/>, the key drawn by the crawl and kept in the table's header), in open
/// addressing with linear probing; one writer (the crawl, under its lock), readers in every worker
/// without any lock: an entry is one aligned 8-byte store, seen whole or not at all.
/// </para>
/// <para>
/// The table grows in regions laid out one after the other, each twice the last, from 4,096
/// entries (32 KiB) to 524,288 (4 MiB): when one is three quarters full the next is filled
/// from it, then named in the header, then the old one's memory is freed (a worker still probing
/// it reads zeros, which is a miss). Only the pages written take memory. Past three quarters of
/// the last region (<see cref="MaxUrls"/>) the crawl stops adding: a worker then sends the links
/// to URLs done since, and the crawl passes over them itself, as it always can. The URLs done
/// first, breadth-first, are the ones most linked to (a site's home, its indexes, its shared
/// pages), and each process that maps the table holds the pages of it that it reads: a bound
/// of a few MiB keeps most of the gain for what a worker adds to its memory. Everything here
/// errs one way: a URL not found is a link sent, never one lost, except for two URLs of the
/// crawl whose 64-bit hashes are equal (odds about n² / 2^65 for n URLs, and not for a site to
/// choose: it does not know the key).
/// </para>
/// </remarks>
internal sealed unsafe class DoneUrlTable : IDisposable
{
    private const ulong Magic = 0x3165_6e6f_645f_6677; // "wf_done1", little-endian
    private const int HeaderBytes = 4096;
    private const int MagicAt = 0, Key0At = 8, Key1At = 16, RegionAt = 24;
    private const int FirstBits = 12;
    private const int LastRegion = 7; // 2^19 entries

    /// <summary>The most URLs the table holds: three quarters of its last region.</summary>
    public const int MaxUrls = 3 * (1 << (FirstBits + LastRegion)) / 4;

    /// <summary>The file's size: the header and every region.</summary>
    internal static readonly long FileBytes = RegionOffset(LastRegion + 1);

    private readonly byte* _map;
    private readonly int _fd;
    private readonly bool _writer;
    private readonly SipHash _hash;
    private int _count;
    private bool _disposed;

    private DoneUrlTable(byte* map, int fd, bool writer)
    {
        _map = map;
        _fd = fd;
        _writer = writer;
        _hash = new SipHash(*(ulong*)(map + Key0At), *(ulong*)(map + Key1At));
    }

    /// <summary>The descriptor the workers inherit (close-on-exec: the launcher clears it around a start).</summary>
    public int Fd => _fd;

    /// <summary>URLs added (the crawl's side only).</summary>
    public int Count => _count;

    /// <summary>Whether the last region is as full as it may be: URLs done from now on are not added (the crawl's side only).</summary>
    public bool IsFull { get; private set; }

    /// <summary>The region in use now, as the header names it.</summary>
    internal int Region => Volatile.Read(ref *(int*)(_map + RegionAt));

    /// <summary>A new table, empty, with a key of its own; null, with <paramref name="problem"/>, when this system cannot make one.</summary>
    public static DoneUrlTable? Create(out string? problem)
    {
        int fd = Libc.memfd_create("webfetch-done-urls", Libc.MFD_CLOEXEC);
        if (fd < 0)
        {
            problem = $"memfd_create: {Stdlib.GetLastError()}";
            return null;
        }
        if (Syscall.ftruncate(fd, FileBytes) != 0)
        {
            problem = $"ftruncate: {Stdlib.GetLastError()}";
            _ = Syscall.close(fd);
            return null;
        }
        byte* map = Map(fd, MmapProts.PROT_READ | MmapProts.PROT_WRITE, out problem);
        if (map is null)
        {
            _ = Syscall.close(fd);
            return null;
        }
        Span<byte> key = stackalloc byte[16];
        RandomNumberGenerator.Fill(key);
        key.CopyTo(new Span<byte>(map + Key0At, 16));
        Volatile.Write(ref *(ulong*)(map + MagicAt), Magic);
        return new DoneUrlTable(map, fd, writer: true);
    }

    /// <summary>The table made by the crawl, from the descriptor a worker inherited, mapped read-only; null, with <paramref name="problem"/>, when it is not one.</summary>
    public static DoneUrlTable? Open(int fd, out string? problem)
    {
        if (Syscall.fstat(fd, out Stat stat) != 0)
        {
            problem = $"done_table_fd {fd} is not an open file descriptor of this process";
            return null;
        }
        if ((stat.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFREG || stat.st_size != FileBytes)
        {
            problem = $"done_table_fd {fd} is not the crawl's table of done URLs";
            return null;
        }
        byte* map = Map(fd, MmapProts.PROT_READ, out problem);
        if (map is null)
        {
            return null;
        }
        if (Volatile.Read(ref *(ulong*)(map + MagicAt)) != Magic)
        {
            _ = Syscall.munmap((IntPtr)map, (ulong)FileBytes);
            problem = $"done_table_fd {fd} is not the crawl's table of done URLs";
            return null;
        }
        return new DoneUrlTable(map, fd, writer: false);
    }

    /// <summary>Adds <paramref name="url"/>, as the crawl keys it; false when it was there already, or the table is full.</summary>
    public bool Add(string url)
    {
        if (!_writer)
        {
            throw new InvalidOperationException("a worker's table of done URLs is read-only");
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsFull)
        {
            return false;
        }
        int region = Region;
        if (!Insert(Slots(region), FirstBits + region, Entry(url)))
        {
            return false;
        }
        _count++;
        if (_count >= (3L << (FirstBits + region)) / 4) // MaxUrls, in the last region
        {
            if (region == LastRegion)
            {
                IsFull = true;
            }
            else
            {
                Grow(region);
            }
        }
        return true;
    }

    /// <summary>Whether <paramref name="url"/> was added, as far as this process sees now; a miss is never wrong to act on.</summary>
    public bool Contains(string url)
    {
        int region = Region;
        if ((uint)region > LastRegion || _disposed)
        {
            return false;
        }
        ulong entry = Entry(url);
        int bits = FirstBits + region;
        ulong* slots = Slots(region);
        ulong mask = (1UL << bits) - 1;
        ulong at = entry >> (64 - bits);
        for (ulong probes = 0; probes <= mask; probes++, at = (at + 1) & mask)
        {
            ulong found = Volatile.Read(ref slots[at]);
            if (found == entry)
            {
                return true;
            }
            if (found == 0)
            {
                return false;
            }
        }
        return false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _ = Syscall.munmap((IntPtr)_map, (ulong)FileBytes);
        if (_writer)
        {
            _ = Syscall.close(_fd); // a worker's is the inherited one, closed on exit
        }
    }

    /// <summary>Fills the next region from <paramref name="region"/>, names it in the header, then frees the old one's memory.</summary>
    private void Grow(int region)
    {
        ulong* from = Slots(region);
        ulong* to = Slots(region + 1);
        long size = 1L << (FirstBits + region);
        for (long i = 0; i < size; i++)
        {
            if (from[i] != 0)
            {
                Insert(to, FirstBits + region + 1, from[i]);
            }
        }
        Volatile.Write(ref *(int*)(_map + RegionAt), region + 1);
        // Freed, not only left: a reader still in the old region reads zeros, a miss. If the
        // kernel cannot, the old region only keeps its memory.
        _ = Libc.fallocate(_fd, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, RegionOffset(region), 8 * size);
    }

    private static bool Insert(ulong* slots, int bits, ulong entry)
    {
        ulong mask = (1UL << bits) - 1;
        for (ulong at = entry >> (64 - bits); ; at = (at + 1) & mask)
        {
            ulong found = slots[at];
            if (found == entry)
            {
                return false;
            }
            if (found == 0)
            {
                Volatile.Write(ref slots[at], entry);
                return true;
            }
        }
    }

    /// <summary>A URL's entry: its keyed hash, never 0 (an empty slot).</summary>
    private ulong Entry(string url) => _hash.Of(url) is var hash && hash != 0 ? hash : 1;

    private ulong* Slots(int region) => (ulong*)(_map + RegionOffset(region));

    /// <summary>Where region <paramref name="region"/> starts: after the header and every smaller region (each a whole number of pages).</summary>
    private static long RegionOffset(int region) => HeaderBytes + 8 * ((1L << (FirstBits + region)) - (1L << FirstBits));

    private static byte* Map(int fd, MmapProts protection, out string? problem)
    {
        IntPtr map = Syscall.mmap(IntPtr.Zero, (ulong)FileBytes, protection, MmapFlags.MAP_SHARED, fd, 0);
        if (map == Syscall.MAP_FAILED)
        {
            problem = $"mmap: {Stdlib.GetLastError()}";
            return null;
        }
        problem = null;
        return (byte*)map;
    }
}
