using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SseGen.ToolingTests.Infrastructure;

/// <summary>
/// A built web app running as <c>dotnet app.dll</c> on http://127.0.0.1:{port}. Killed (with its
/// children) on dispose, whatever happened in the test.
/// </summary>
internal sealed class AppProcess : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private AppProcess(Process process, int port)
    {
        this.process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', output);

    public static async Task<AppProcess> StartAsync(string dll, string contentRoot)
    {
        var port = FreePort.Next();
        var startInfo = new ProcessStartInfo(ChildProcesses.DotNetHost)
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--contentRoot", contentRoot, "--urls", $"http://127.0.0.1:{port}" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        ChildProcesses.PrepareEnvironment(startInfo);
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = startInfo };
        var app = new AppProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) app.output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) app.output.Enqueue(e.Data); };
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await app.WaitUntilListeningAsync(port);
        }
        catch
        {
            app.Dispose();
            throw;
        }

        return app;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartupTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.ArgumentList[0]} exited with {process.ExitCode} before listening on port {port}:\n{Output}");
            }

            using var client = new TcpClient();
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{process.StartInfo.ArgumentList[0]} did not listen on port {port} within {StartupTimeout.TotalSeconds} s:\n{Output}");
    }

    public void Dispose()
    {
        ChildProcesses.Kill(process);
        process.Dispose();
    }
}
