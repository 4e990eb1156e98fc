using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SseGen.Benchmarks;

/// <summary>
/// A peer's server, started as its own process so that the client measures real loopback HTTP and
/// the server's CPU time and memory are its own. Stopped (by its own handle) when disposed.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public int Id => _process.Id;

    /// <summary>User plus system CPU time the server has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static Task<ServerProcess> StartAsync(Peer peer, Paths paths) => peer.IsNode
        ? StartAsync("node", ["--expose-gc", Path.Combine(paths.NodeDir, "server.js")], paths.NodeDir)
        : StartAsync("dotnet", [peer.ServerDll ?? paths.ServerDll], Path.GetDirectoryName(peer.ServerDll ?? paths.ServerDll)!);

    private static async Task<ServerProcess> StartAsync(string fileName, string[] arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_NOLOGO"] = "1";

        var process = Process.Start(info) ?? throw new HarnessException($"Could not start {fileName}.");
        var server = new ServerProcess(process);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (server._log)
            {
                server._log.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data["LISTENING ".Length..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (server._log)
                {
                    server._log.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            var log = server.Log;
            await server.DisposeAsync();
            throw new HarnessException($"{fileName} {string.Join(' ', arguments)} did not start listening:\n{log}");
        }

        server.BaseAddress = await listening.Task;
        return server;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Reads a <c>key=value</c> text endpoint of the server (<c>/_bench/alloc</c>, <c>/_bench/mem</c>).</summary>
    public async Task<Dictionary<string, long>> ReadCountersAsync(HttpClient client, string path)
    {
        var text = await client.GetStringAsync(new Uri(BaseAddress, path));
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=');
            if (eq > 0 && long.TryParse(line[(eq + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..eq]] = value;
            }
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or not stopping: nothing more this harness may do about it.
        }
        finally
        {
            _process.Dispose();
        }
    }
}

/// <summary>Where the peers' servers are.</summary>
internal sealed record Paths(string RepoRoot, string ServerDll, string NodeDir);
