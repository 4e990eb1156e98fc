using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace SseGen.Benchmarks;

/// <summary>
/// The reader nobody here wrote: curl, started once per burst. Timed runs write to /dev/null
/// (<c>curl -sN --no-buffer -o /dev/null</c>), so what is measured is curl's socket reads and nothing
/// of this process; curl's own transfer time (<c>%{time_total}</c>: connect to last byte) is the time,
/// and its CPU time (user + system, from <c>getrusage(RUSAGE_CHILDREN)</c> around the run) is
/// reported, so a reader that is itself the bottleneck shows. One run per burst size pipes curl's
/// output through <see cref="SseEventParser"/> to count the events; the timed runs must then report
/// the same number of bytes.
/// </summary>
internal static class CurlReader
{
    public static bool IsInstalled() => Which("curl") is not null;

    public static string Version()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("curl", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var first = process.StandardOutput.ReadLine() ?? "";
            process.WaitForExit();
            var parts = first.Split(' ');
            return parts.Length > 1 ? $"curl {parts[1]}" : first;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }

    /// <summary>Reads the burst into /dev/null; returns curl's transfer time, the bytes it read, and its CPU time.</summary>
    public static async Task<(TimeSpan Elapsed, long Bytes, TimeSpan Cpu)> DiscardAsync(Uri url)
    {
        var info = Start(url, "-o", "/dev/null", "-w", "%{size_download} %{time_total} %{http_code}");
        var cpuBefore = ChildrenCpu();
        using var process = Process.Start(info) ?? throw new HarnessException("Could not start curl.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var cpu = ChildrenCpu() - cpuBefore;
        var fields = output.Trim().Split(' ');
        if (process.ExitCode != 0 || fields.Length != 3 || fields[2] != "200")
        {
            throw new HarnessException($"curl {url}: exit code {process.ExitCode}, output '{output.Trim()}', {error.Trim()}");
        }

        return (TimeSpan.FromSeconds(double.Parse(fields[1], CultureInfo.InvariantCulture)), long.Parse(fields[0], CultureInfo.InvariantCulture), cpu);
    }

    /// <summary>Reads the burst through a pipe into this process and counts its events.</summary>
    public static async Task<(long Events, long Bytes, string? FirstData)> CountAsync(Uri url)
    {
        using var process = Process.Start(Start(url)) ?? throw new HarnessException("Could not start curl.");
        var error = process.StandardError.ReadToEndAsync();
        var parser = new SseEventParser();
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        var stdout = process.StandardOutput.BaseStream;
        int read;
        while ((read = await stdout.ReadAsync(buffer)) > 0)
        {
            parser.Feed(buffer.AsSpan(0, read), 0, record: false);
            bytes += read;
        }

        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new HarnessException($"curl {url}: exit code {process.ExitCode}, {(await error).Trim()}");
        }

        return (parser.Events, bytes, parser.FirstData);
    }

    private static ProcessStartInfo Start(Uri url, params string[] extra)
    {
        var info = new ProcessStartInfo("curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -N/--no-buffer: write what arrives at once (an SSE reader); -s: no progress meter; --fail: a 4xx/5xx is an error.
        foreach (var argument in (string[])["-sSN", "--no-buffer", "--fail", "--http1.1", .. extra, url.ToString()])
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static string? Which(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, file)).FirstOrDefault(File.Exists);

    /// <summary>User + system CPU time of every child process this one has waited for (curl, once it exited).</summary>
    private static TimeSpan ChildrenCpu()
    {
        const int RusageChildren = -1;
        if (GetRUsage(RusageChildren, out var usage) != 0)
        {
            throw new HarnessException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return TimeSpan.FromMicroseconds((usage.UserSeconds + usage.SystemSeconds) * 1_000_000.0 + usage.UserMicroseconds + usage.SystemMicroseconds);
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRUsage(int who, out RUsage usage);

    /// <summary>Linux x64 <c>struct rusage</c>: two <c>timeval</c>s, then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVCsw, NIvCsw;
    }
}
