namespace SseGen.Generator.Analyzers;

/// <summary>The shapes of blocking call SSE006 tells apart, because each has its own awaited form (or none).</summary>
internal enum BlockingCallKind
{
    /// <summary>Blocking with no mechanical awaited form (<c>WaitHandle.WaitOne</c>, <c>SpinWait.SpinUntil</c>, <c>Task.WaitAll</c>, <c>t.Wait(timeout)</c>, <c>Stream.Read(Span)</c>).</summary>
    Other,

    /// <summary><c>Thread.Sleep(x)</c>: becomes <c>await Task.Delay(x, token)</c>.</summary>
    Sleep,

    /// <summary><c>t.Result</c>: becomes <c>(await t)</c>.</summary>
    Result,

    /// <summary><c>t.Wait()</c> or <c>t.GetAwaiter().GetResult()</c>: becomes <c>await t</c>.</summary>
    WaitForTask,

    /// <summary><c>M(args)</c> with an <c>MAsync(args[, CancellationToken])</c> twin: becomes <c>await MAsync(args, token)</c>.</summary>
    AsyncTwin,
}
