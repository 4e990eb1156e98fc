using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace SseGen.Benchmarks;

/// <summary>
/// The driver's handle on one <see cref="IdleWorker"/> process: this same program started with
/// <c>--idle-worker</c>, one command line in, one answer line out. Disposing closes its stdin (the
/// worker resets its sockets and exits), and kills it if it does not.
/// </summary>
internal sealed class IdleWorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();

    private IdleWorkerProcess(Process process) => _process = process;

    /// <summary>The worker's answer to its last OPEN or GAPS: streams open, closed after their first event, failed before it.</summary>
    internal sealed record Counts(int Open, int Closed, int Failed, string FirstError);

    public static async Task<IdleWorkerProcess> StartAsync(Uri url, IReadOnlyList<IPAddress> sources)
    {
        var self = typeof(IdleWorkerProcess).Assembly.Location;
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { self, "--idle-worker", url.ToString(), string.Join(',', sources) })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new HarnessException("Could not start an idle-scale worker.");
        var worker = new IdleWorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                worker._lines.Writer.TryComplete();
            }
            else
            {
                worker._lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (worker._errors)
                {
                    worker._errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        worker.StartRssBytes = long.Parse((await worker.ExpectAsync("READY", TimeSpan.FromSeconds(60))).Split(' ')[1], CultureInfo.InvariantCulture);
        return worker;
    }

    /// <summary>The worker's RSS after a full GC when it started, before any stream.</summary>
    public long StartRssBytes { get; private set; }

    /// <summary>Opens streams until <paramref name="total"/> are open in this worker; the time it took, and the counts.</summary>
    public async Task<(TimeSpan Elapsed, Counts Counts)> OpenAsync(int total)
    {
        await SendAsync(string.Create(CultureInfo.InvariantCulture, $"OPEN {total}"));
        var parts = (await ExpectAsync("OPENED", TimeSpan.FromSeconds(240))).Split(' ');
        return (TimeSpan.FromMilliseconds(double.Parse(parts[2], CultureInfo.InvariantCulture)), ParseCounts(parts, 3));
    }

    public async Task MarkAsync()
    {
        await SendAsync("MARK");
        await ExpectAsync("MARKED", TimeSpan.FromSeconds(30));
    }

    /// <summary>Every stream's longest silence since the mark, in milliseconds, the counts, and the worker's RSS after a full GC.</summary>
    public async Task<(long[] GapsMs, Counts Counts, long RssBytes)> GapsAsync()
    {
        await SendAsync("GAPS");
        var parts = (await ExpectAsync("GAPS", TimeSpan.FromSeconds(30))).Split(' ');
        var gaps = parts.Length > 6 && parts[6].Length > 0
            ? parts[6].Split(',').Select(g => long.Parse(g, CultureInfo.InvariantCulture)).ToArray()
            : [];
        return (gaps, ParseCounts(parts, 1), long.Parse(parts[5], CultureInfo.InvariantCulture));
    }

    private static Counts ParseCounts(string[] parts, int at) => new(
        int.Parse(parts[at], CultureInfo.InvariantCulture), int.Parse(parts[at + 1], CultureInfo.InvariantCulture),
        int.Parse(parts[at + 2], CultureInfo.InvariantCulture), parts[at + 3].Replace('_', ' '));

    private async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    private async Task<string> ExpectAsync(string prefix, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var line = await _lines.Reader.ReadAsync(cancel.Token);
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new HarnessException($"idle-scale worker: expected {prefix}, got {line}");
            }

            return line;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            string errors;
            lock (_errors)
            {
                errors = _errors.ToString();
            }

            throw new HarnessException($"idle-scale worker: no {prefix} within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}). {errors}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or IOException)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
