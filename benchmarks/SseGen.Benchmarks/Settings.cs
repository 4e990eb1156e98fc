namespace SseGen.Benchmarks;

/// <summary>The sizes of every scenario: the full measurement, or the quick smoke check CI runs.</summary>
internal sealed record Settings
{
    public required bool Quick { get; init; }

    public required int BurstEvents { get; init; }

    public required int BurstWarmupEvents { get; init; }

    public required int BurstRuns { get; init; }

    public required TimeSpan BurstWarmupTime { get; init; }

    /// <summary>The fan-out sizes, in connections: one server process per peer and size.</summary>
    public required IReadOnlyList<int> FanoutSizes { get; init; }

    public required TimeSpan FanoutSettle { get; init; }

    public required TimeSpan FanoutWindow { get; init; }

    /// <summary>How many measurement windows, one after the other on the same connections; the table gives medians.</summary>
    public required int FanoutWindows { get; init; }

    public required int IdleConnections { get; init; }

    public required int AllocationEvents { get; init; }

    public required int GeneratorEndpoints { get; init; }

    public required int GeneratorWarmupRuns { get; init; }

    public required int GeneratorColdRuns { get; init; }

    public required int GeneratorWarmRuns { get; init; }

    /// <summary>How many connections may be in the middle of connecting at once.</summary>
    public int ConnectConcurrency { get; init; } = 100;

    public static Settings Full { get; } = new()
    {
        Quick = false,
        BurstEvents = 1_000_000,
        BurstWarmupEvents = 200_000,
        BurstRuns = 5,
        BurstWarmupTime = TimeSpan.FromSeconds(2),
        // Three sizes x seven peers: windows of 4 s keep the fan-out near 7 minutes; each window's
        // p99 is in the table, so the noise a shorter window brings shows.
        FanoutSizes = [1_000, 2_000, 5_000],
        FanoutSettle = TimeSpan.FromSeconds(2),
        FanoutWindow = TimeSpan.FromSeconds(4),
        FanoutWindows = 3,
        IdleConnections = 5_000,
        AllocationEvents = 200_000,
        GeneratorEndpoints = 500,
        GeneratorWarmupRuns = 10,
        GeneratorColdRuns = 10,
        GeneratorWarmRuns = 10,
    };

    public static Settings QuickCheck { get; } = new()
    {
        Quick = true,
        BurstEvents = 100_000,
        BurstWarmupEvents = 20_000,
        BurstRuns = 1,
        BurstWarmupTime = TimeSpan.FromSeconds(0.3),
        FanoutSizes = [200],
        FanoutSettle = TimeSpan.FromSeconds(0.5),
        FanoutWindow = TimeSpan.FromSeconds(2),
        FanoutWindows = 1,
        IdleConnections = 300,
        AllocationEvents = 20_000,
        GeneratorEndpoints = 500,
        GeneratorWarmupRuns = 2,
        GeneratorColdRuns = 3,
        GeneratorWarmRuns = 3,
    };
}

/// <summary>One of the five implementations compared side by side.</summary>
internal sealed record Peer(string Key, string Name, bool IsNode)
{
    /// <summary>The first segment of its routes on the server (<c>/ssegen/burst</c>).</summary>
    public string Route { get; init; } = Key;

    /// <summary>The .NET server to start for it; null: the harness's own build (<c>--server</c>).</summary>
    public string? ServerDll { get; init; }

    public static Peer SseGen { get; } = new("ssegen", "SseGen (generated endpoint)", false);

    public static Peer BuiltIn { get; } = new("builtin", "Built-in TypedResults.ServerSentEvents", false);

    public static Peer Hand { get; } = new("hand", "Hand-written WriteAsync + FlushAsync", false);

    public static Peer Node { get; } = new("node", "Node.js express res.write", true);

    public static Peer Limit { get; } = new("limit", "Limit: pre-encoded bytes", false);

    /// <summary>The fan-out floor (<c>FloorPeer.cs</c>): fan-out only.</summary>
    public static Peer Floor { get; } = new("floor", "Floor: pre-framed bytes, one synchronous pass", false) { Bursts = false, Idles = false };

    /// <summary>better-sse's channel, in the Node.js server beside express: fan-out and idle.</summary>
    public static Peer BetterSse { get; } = new("better-sse", "Node.js better-sse channel", true) { Bursts = false };

    /// <summary>SseGen's broadcast channel (<c>SseChannels&lt;T&gt;</c>): fan-out only, chosen with <c>--peers channel,…</c>.</summary>
    public static Peer Channel { get; } = new("channel", "SseGen broadcast channel", false) { Bursts = false, Idles = false };

    /// <summary>Whether it serves the burst scenarios (<c>/&lt;route&gt;/burst</c>).</summary>
    public bool Bursts { get; init; } = true;

    /// <summary>Whether it serves the idle scenario (<c>/&lt;route&gt;/idle</c>).</summary>
    public bool Idles { get; init; } = true;

    /// <summary>
    /// SseGen's endpoints in a server built from another checkout (<c>--ssegen-ref</c>), run beside
    /// this build's in the same invocation: before/after figures from the same run, same command.
    /// </summary>
    public static Peer Reference(string serverDll, string label) =>
        new("ssegen-ref", $"SseGen at {label} (reference build)", false) { Route = "ssegen", ServerDll = serverDll };

    /// <summary>The peers run when <c>--peers</c> is not given.</summary>
    public static IReadOnlyList<Peer> All { get; } = [SseGen, BuiltIn, Hand, Node, Limit];

    /// <summary>The fan-out's peers when <c>--peers</c> is not given (the hand-written loop left out for time: it tracks the built-in).</summary>
    public static IReadOnlyList<Peer> FanoutDefault { get; } = [SseGen, Channel, BuiltIn, Floor, Node, BetterSse, Limit];

    /// <summary>Every peer <c>--peers</c> may name.</summary>
    public static IReadOnlyList<Peer> Known { get; } = [.. All, Channel, Floor, BetterSse];
}

/// <summary>Who reads the burst: the harness's own HttpClient, or curl, a reader nobody here wrote.</summary>
internal sealed record Reader(string Key, string Name)
{
    public static Reader HttpClient { get; } = new("httpclient", "HttpClient");

    public static Reader Curl { get; } = new("curl", "curl");

    public static IReadOnlyList<Reader> All { get; } = [HttpClient, Curl];
}

/// <summary>A failure of the harness itself (wrong count, a server that did not start): the run exits non-zero.</summary>
internal sealed class HarnessException(string message, Exception? inner = null) : Exception(message, inner);
