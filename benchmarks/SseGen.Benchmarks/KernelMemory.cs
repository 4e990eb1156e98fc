using System.Globalization;

namespace SseGen.Benchmarks;

/// <summary>
/// Kernel memory of the whole machine, read from /proc: what sockets cost outside any process's
/// RSS. On loopback both ends of every stream are on this machine, so a difference counts the
/// client's socket as well as the server's; other work on the machine (builds, other helpers' tests)
/// moves these numbers too.
/// </summary>
/// <param name="SlabBytes">/proc/meminfo <c>Slab</c> (reclaimable + unreclaimable): socket, inode, dentry, file and epoll objects.</param>
/// <param name="SUnreclaimBytes">/proc/meminfo <c>SUnreclaim</c>: the part of the slab the kernel cannot drop (the TCP socket objects among it).</param>
/// <param name="TcpBufferBytes">/proc/net/sockstat <c>TCP mem</c> pages x 4 KiB: memory in TCP send and receive queues.</param>
/// <param name="SocketSlabBytes">/proc/slabinfo, the caches only sockets use (<c>TCP</c>, <c>sock_inode_cache</c>, <c>eventpoll_epi</c>, <c>eventpoll_pwq</c>): num_objs x objsize; 0 when unreadable.</param>
internal sealed record KernelMemory(long SlabBytes, long SUnreclaimBytes, long TcpBufferBytes, long SocketSlabBytes)
{
    private static readonly string[] SocketCaches = ["TCP", "sock_inode_cache", "eventpoll_epi", "eventpoll_pwq"];

    /// <summary>What the table calls kernel memory: slab plus TCP buffers.</summary>
    public long TotalBytes => SlabBytes + TcpBufferBytes;

    public static KernelMemory Read()
    {
        long MemInfo(string key)
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            return line is null ? 0 : 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }

        var tcp = File.ReadLines("/proc/net/sockstat").FirstOrDefault(l => l.StartsWith("TCP:", StringComparison.Ordinal))?.Split(' ') ?? [];
        var memAt = Array.IndexOf(tcp, "mem");
        var tcpPages = memAt >= 0 && memAt + 1 < tcp.Length ? long.Parse(tcp[memAt + 1], CultureInfo.InvariantCulture) : 0;
        return new KernelMemory(MemInfo("Slab"), MemInfo("SUnreclaim"), tcpPages * Environment.SystemPageSize, SocketSlab());
    }

    private static long SocketSlab()
    {
        try
        {
            long total = 0;
            foreach (var line in File.ReadLines("/proc/slabinfo"))
            {
                // name active_objs num_objs objsize ...
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 3 && SocketCaches.Contains(f[0]) && long.TryParse(f[2], out var objects) && long.TryParse(f[3], out var size))
                {
                    total += objects * size;
                }
            }

            return total;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public static KernelMemory operator -(KernelMemory a, KernelMemory b) => new(
        a.SlabBytes - b.SlabBytes, a.SUnreclaimBytes - b.SUnreclaimBytes, a.TcpBufferBytes - b.TcpBufferBytes, a.SocketSlabBytes - b.SocketSlabBytes);
}
