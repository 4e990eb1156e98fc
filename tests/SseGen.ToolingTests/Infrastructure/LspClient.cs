using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SseGen.ToolingTests.Infrastructure;

/// <summary>
/// A small Language Server Protocol client over a server's stdio: JSON-RPC 2.0 messages framed with
/// <c>Content-Length</c> headers (LSP base protocol). Answers the server's own requests through a
/// callback, keeps the server's log, and kills the server (with its children) on dispose.
/// </summary>
internal sealed class LspClient : IAsyncDisposable, IDisposable
{
    private const int MaxLogLines = 2000;

    private readonly Process process;
    private readonly Stream input;
    private readonly Stream output;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode?>> pending = new();
    private readonly ConcurrentQueue<string> log = new();
    private readonly Func<string, JsonNode?, JsonNode?> answerServerRequest;
    private readonly Task readLoop;
    private long nextId;
    private int disposed;

    private LspClient(Process process, Func<string, JsonNode?, JsonNode?> answerServerRequest)
    {
        this.process = process;
        this.answerServerRequest = answerServerRequest;
        input = new BufferedStream(process.StandardOutput.BaseStream, 64 * 1024);
        output = process.StandardInput.BaseStream;
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Every request the server sent to the client: method and params, in order.</summary>
    public ConcurrentQueue<(string Method, JsonNode? Params)> ServerRequests { get; } = new();

    /// <summary>The server's stderr and its <c>window/logMessage</c> / <c>$/logTrace</c> notifications (the last lines).</summary>
    public string Log => string.Join('\n', log);

    public bool HasExited => process.HasExited;

    /// <summary>Starts the server; <paramref name="answerServerRequest"/> returns the result for a request the server sends.</summary>
    public static LspClient Start(string executable, IEnumerable<string> arguments, string workingDirectory, Func<string, JsonNode?, JsonNode?> answerServerRequest)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        ChildProcesses.PrepareEnvironment(startInfo);

        var process = new Process { StartInfo = startInfo };
        process.Start();
        var client = new LspClient(process, answerServerRequest);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) client.AddLog(e.Data); };
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Sends a request and waits (bounded) for its result; a JSON-RPC error becomes an <see cref="LspErrorException"/>.</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref nextId).ToString(CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = completion;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = long.Parse(id, CultureInfo.InvariantCulture), ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        try
        {
            await WriteAsync(message);
            return await completion.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = long.Parse(id, CultureInfo.InvariantCulture) });
            throw new TimeoutException($"{method} got no answer within {timeout.TotalSeconds:0} s. Server log:\n{Tail()}");
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return WriteAsync(message);
    }

    /// <summary>The last lines of the server's log, for failure messages.</summary>
    public string Tail(int lines = 80) => string.Join('\n', log.TakeLast(lines));

    private void AddLog(string line)
    {
        log.Enqueue(line);
        while (log.Count > MaxLogLines && log.TryDequeue(out _))
        {
        }
    }

    private async Task WriteAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await writeLock.WaitAsync();
        try
        {
            await output.WriteAsync(header);
            await output.WriteAsync(body);
            await output.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await ReadContentLengthAsync() is int length)
            {
                var body = new byte[length];
                await input.ReadExactlyAsync(body);
                if (JsonNode.Parse(body) is JsonObject message)
                {
                    Dispatch(message);
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        foreach (var waiting in pending.Values)
        {
            waiting.TrySetException(new IOException($"The language server closed its output{(failure is null ? "" : $" ({failure.Message})")}. Server log:\n{Tail()}", failure));
        }
    }

    /// <summary>Reads one header block; null at the end of the stream.</summary>
    private async Task<int?> ReadContentLengthAsync()
    {
        int? contentLength = null;
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await input.ReadAsync(one) == 0)
            {
                return null;
            }

            if (one[0] != (byte)'\n')
            {
                line.Append((char)one[0]);
                continue;
            }

            var text = line.ToString().TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                if (contentLength is null)
                {
                    continue; // stray blank line between messages
                }

                return contentLength;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && text[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(text[(colon + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }
    }

    private void Dispatch(JsonObject message)
    {
        var method = message["method"]?.GetValue<string>();
        var id = message["id"];
        if (method is not null && id is not null)
        {
            var parameters = message["params"]?.DeepClone();
            ServerRequests.Enqueue((method, parameters));
            _ = AnswerAsync(id.DeepClone(), method, parameters);
        }
        else if (method is not null)
        {
            if (method is "window/logMessage" or "window/showMessage" or "$/logTrace")
            {
                AddLog($"[{method}] {message["params"]?["message"]?.ToString()}");
            }
        }
        else if (id is not null && pending.TryRemove(id.ToString(), out var completion))
        {
            if (message["error"] is JsonObject error)
            {
                completion.TrySetException(new LspErrorException(error["code"]?.GetValue<int>() ?? 0, error["message"]?.ToString() ?? error.ToJsonString()));
            }
            else
            {
                completion.TrySetResult(message["result"]?.DeepClone());
            }
        }
    }

    private async Task AnswerAsync(JsonNode id, string method, JsonNode? parameters)
    {
        JsonObject response;
        try
        {
            response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = answerServerRequest(method, parameters) };
        }
        catch (Exception e)
        {
            response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = -32603, ["message"] = e.Message } };
        }

        try
        {
            await WriteAsync(response);
        }
        catch (IOException)
        {
            // the server is gone
        }
    }

    /// <summary>Asks the server to shut down (briefly), then kills it and its children in any case.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                await RequestAsync("shutdown", null, TimeSpan.FromSeconds(5));
                await NotifyAsync("exit", null);
                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(exited.Token);
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or OperationCanceledException or LspErrorException or ObjectDisposedException or InvalidOperationException)
        {
            // killed below
        }

        Kill();
    }

    /// <summary>Kills the server at once (used when there is no time for a polite shutdown).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        Kill();
    }

    private void Kill()
    {
        ChildProcesses.Kill(process);
        try
        {
            readLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        process.Dispose();
    }
}

internal sealed class LspErrorException(int code, string message) : Exception($"LSP error {code}: {message}")
{
    public int Code { get; } = code;
}
