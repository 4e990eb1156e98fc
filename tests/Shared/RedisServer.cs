using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace SseGen.Tests.Shared;

/// <summary>
/// A real redis-server of the test's own, on a free loopback port, without persistence; stopped
/// (and its process gone) when disposed. <c>test.sh</c> installs redis-server when it is missing.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Short timeouts, so a test that stops Redis sees failures in a second, not five.</summary>
    public string Configuration => $"127.0.0.1:{Port},syncTimeout=1000,connectTimeout=1000,asyncTimeout=1000";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort.Next());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts it again on the same port, empty (as a restart without persistence leaves it).</summary>
    public async Task RestartAsync()
    {
        Stop();
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "redis-server is not installed (not found on PATH); the Redis tests start their own on a free loopback port. Install it with " +
                "`apt-get update && apt-get install -y redis-server`, or run the tests with `bash test.sh`, which installs what they need.", ex);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await PingAsync())
        {
            Assert.True(DateTime.UtcNow < deadline && !_process.HasExited, $"redis-server did not answer PING on port {Port}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open, nothing is answered, as under a long GC-like pause or a hung host.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>Lets a frozen server run again (SIGCONT); it answers what was sent meanwhile.</summary>
    public void Thaw() => Signal("CONT");

    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();

    private void Signal(string signal)
    {
        Assert.True(_process is { HasExited: false }, "redis-server is not running.");
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {_process.Id} failed.");
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
