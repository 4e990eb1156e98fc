using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SseGen.EndToEndTests.Infrastructure;

/// <summary>
/// A web app running as a child process on http://127.0.0.1:{port}. Killed (with its children) on
/// dispose, whatever happened in the test.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServerProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', output);

    public bool HasExited => process.HasExited;

    /// <summary>Starts <c>dotnet app.dll</c>.</summary>
    public static Task<ServerProcess> StartDotNetAsync(string dll, string contentRoot, int port, params string[] arguments) =>
        StartAsync(ChildProcesses.DotNetHost, [dll, "--contentRoot", contentRoot, .. arguments], contentRoot, port);

    /// <summary>Starts an executable (a Native AOT app) in its own folder.</summary>
    public static Task<ServerProcess> StartExecutableAsync(string executable, int port) =>
        StartAsync(executable, ["--contentRoot", Path.GetDirectoryName(executable)!], Path.GetDirectoryName(executable)!, port);

    private static async Task<ServerProcess> StartAsync(string fileName, string[] arguments, string workingDirectory, int port)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        ChildProcesses.PrepareEnvironment(startInfo);
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) server.output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) server.output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitUntilListeningAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    private async Task WaitUntilListeningAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartupTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before listening on port {Port}:\n{Output}");
            }

            using var client = new TcpClient();
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{process.StartInfo.FileName} did not listen on port {Port} within {StartupTimeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Kills the app at once (as a crash or a redeploy would), and waits until it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // never started, or already gone
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
