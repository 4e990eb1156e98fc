namespace SseGen.Benchmarks;

/// <summary>
/// The idle-scale server at one stream count: memory per stream = (at this count - before any
/// stream) / count, and how long this step took to open its new streams.
/// </summary>
/// <param name="OpenTime">From asking the workers for the new streams to the last of them having its first event.</param>
/// <param name="Kernel">Kernel memory now minus before any stream (both ends of every stream; see <see cref="KernelMemory"/>).</param>
/// <param name="ServerFds">Open file descriptors of the server process (/proc/PID/fd).</param>
internal sealed record IdleScaleStep(int Count, int Opened, TimeSpan OpenTime, double RssBytesPerStream, double HeapBytesPerStream, KernelMemory Kernel, int ServerFds)
{
    public double KernelBytesPerStream => Kernel.TotalBytes / (double)Count;
}
