using System.Net.ServerSentEvents;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace SseGen.IntegrationTests.Twin;

/// <summary>
/// The twin scenarios: each method is an <c>[SseEndpoint]</c> at <c>/twin/ssegen/…</c>, and
/// <see cref="TwinApp"/> maps the very same method again at <c>/twin/builtin/…</c> behind
/// <c>TypedResults.ServerSentEvents</c>, so both servers stream one source.
/// </summary>
public static class TwinEndpoints
{
    /// <summary>The event name both servers give the plain items of <see cref="Ticks"/>.</summary>
    public const string TickEventName = "tick";

    /// <summary>Text with every kind of line break inside an item, and one that tries to start a field.</summary>
    [SseEndpoint("/twin/ssegen/lines")]
    public static async IAsyncEnumerable<string> Lines([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "a\nb";
        yield return "a\rb";
        yield return "a\r\nb";
        yield return "";
        yield return "x\n\nevent: evil\ndata: x";
    }

    /// <summary>JSON items with multi-word names (the naming policy shows) and free text with line breaks.</summary>
    [SseEndpoint("/twin/ssegen/ticks", EventName = TickEventName)]
    public static async IAsyncEnumerable<Tick> Ticks([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new Tick(1, "one");
        yield return new Tick(2, "two\nlines\r\n<b>&</b>");
    }

    /// <summary>Every field an <see cref="SseItem{T}"/> carries: event names, ids (an empty one too), retry.</summary>
    [SseEndpoint("/twin/ssegen/items")]
    public static async IAsyncEnumerable<SseItem<Tick>> Items([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<Tick>(new Tick(1, "one"), "tick") { EventId = "7", ReconnectionInterval = TimeSpan.FromMilliseconds(1500) };
        yield return new SseItem<Tick>(new Tick(2, "two"));
        yield return new SseItem<Tick>(new Tick(3, "three"), "tock") { EventId = "" };
    }

    /// <summary>How many items <see cref="Burst"/> yields.</summary>
    public const int BurstCount = 100;

    /// <summary>A burst: every item ready at once, after one wait at the start.</summary>
    [SseEndpoint("/twin/ssegen/burst")]
    public static async IAsyncEnumerable<Seq> Burst([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        for (var n = 1; n <= BurstCount; n++)
        {
            yield return new Seq(n);
        }
    }

    /// <summary>One item, then waits with the token for ever; records whether its token fired and that its finally ran.</summary>
    [SseEndpoint("/twin/ssegen/waiting")]
    public static async IAsyncEnumerable<Seq> Waiting(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            yield return new Seq(1);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield return new Seq(2);
        }
        finally
        {
            probe.Timeline.Enqueue(cancellationToken.IsCancellationRequested ? "token fired" : "token not fired");
            probe.FinallyRan.TrySetResult();
        }
    }

    /// <summary>Nothing to send until the test opens the gate.</summary>
    [SseEndpoint("/twin/ssegen/quiet")]
    public static async IAsyncEnumerable<Seq> Quiet(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await probe.Gate.WaitAsync(cancellationToken);
        yield return new Seq(1);
    }

    /// <summary>Ends at once without an item (it never waits).</summary>
    [SseEndpoint("/twin/ssegen/nothing")]
    public static async IAsyncEnumerable<Seq> Nothing([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            await Task.Yield();
            yield return new Seq(0);
        }
    }

    /// <summary>Always ready with 1 KB items: only the client's reading can hold it back.</summary>
    [SseEndpoint("/twin/ssegen/firehose")]
    public static async IAsyncEnumerable<Note> Firehose(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var text = new string('x', 1000);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                probe.YieldedOne();
                yield return new Note(text);
            }
        }
        finally
        {
            probe.FinallyRan.TrySetResult();
        }
    }

    /// <summary>Throws before its first item, without waiting first.</summary>
    [SseEndpoint("/twin/ssegen/fail-first")]
    public static async IAsyncEnumerable<Seq> FailFirst([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException("twin-fail-first");
        }

        await Task.Yield();
        yield return new Seq(0);
    }

    /// <summary>One item, then throws.</summary>
    [SseEndpoint("/twin/ssegen/fail-after-first")]
    public static async IAsyncEnumerable<Seq> FailAfterFirst([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new Seq(1);
        await Task.Yield();
        throw new InvalidOperationException("twin-fail-after-first");
    }

    /// <summary>
    /// Ids <see cref="SseItem{T}"/> accepts but a client could not send back in Last-Event-ID: a space
    /// and a NUL; then a line break forged past SseItem's own check.
    /// </summary>
    [SseEndpoint("/twin/ssegen/odd-ids")]
    public static async IAsyncEnumerable<SseItem<string>> OddIds(string kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<string>("ok") { EventId = "1" };
        yield return kind switch
        {
            "space" => new SseItem<string>("x") { EventId = "2 two" },
            "nul" => new SseItem<string>("x") { EventId = "2\0two" },
            _ => ForgeId(new SseItem<string>("x"), "2\nevent: injected"),
        };
        yield return new SseItem<string>("after") { EventId = "3" };
    }

    private static SseItem<T> ForgeId<T>(SseItem<T> item, string id)
    {
        var field = typeof(SseItem<T>).GetField("_eventId", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("SseItem<T> has no field _eventId; the forgery needs updating.");
        object boxed = item;
        field.SetValue(boxed, id);
        var forged = (SseItem<T>)boxed;
        return forged.EventId == id ? forged : throw new InvalidOperationException("The forgery did not take.");
    }
}
