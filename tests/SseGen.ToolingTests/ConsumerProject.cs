namespace SseGen.ToolingTests;

/// <summary>
/// A fresh web project that references SseGen by version from one folder only, with the classic
/// leaks, one per rule and fix: an endpoint without a token that sleeps without one in an endless
/// loop (SSE001, then SSE002 and SSE004 once it has a token), one whose timer is never disposed
/// (SSE001 and SSE003, then SSE002), and an endless loop that awaits something that takes no token
/// (SSE001, then SSE004), and one with a token whose unbounded channel a timer fills and which
/// sleeps on a thread-pool thread (SSE005 and SSE006). Items are text, so no JsonSerializerContext
/// is needed.
/// </summary>
internal sealed class ConsumerProject
{
    public const string ProgramSource = """
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        app.MapSseEndpoints();
        app.Run();

        """;

    public const string TicksSource = """
        using SseGen;

        namespace Consumer;

        public static class Ticks
        {
            [SseEndpoint("/ticks")]
            public static async IAsyncEnumerable<string> Stream()
            {
                var i = 0;
                while (true)
                {
                    await Task.Delay(100);
                    yield return $"tick {i++}";
                }
            }
        }

        """;

    public const string ClockSource = """
        using SseGen;

        namespace Consumer;

        public static class Clock
        {
            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<string> Stream()
            {
                var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
                while (await timer.WaitForNextTickAsync())
                {
                    yield return DateTimeOffset.UtcNow.ToString("O");
                }
            }
        }

        """;

    public const string CounterSource = """
        using SseGen;

        namespace Consumer;

        public static class Counter
        {
            [SseEndpoint("/counter")]
            public static async IAsyncEnumerable<string> Stream()
            {
                for (var i = 0; ; i++)
                {
                    await Task.Yield();
                    yield return $"count {i}";
                }
            }
        }

        """;

    public const string FeedSource = """
        using System.Runtime.CompilerServices;
        using System.Threading.Channels;
        using SseGen;

        namespace Consumer;

        public static class Feed
        {
            [SseEndpoint("/feed")]
            public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var beats = Channel.CreateUnbounded<string>();
                var count = 0;
                using var timer = new Timer(_ => beats.Writer.TryWrite($"beat {Interlocked.Increment(ref count)}"), null, 0, 50);
                Thread.Sleep(10);
                await foreach (var beat in beats.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return beat;
                }
            }
        }

        """;

    private ConsumerProject(string directory) => Directory = directory;

    public string Directory { get; }

    public string ProgramPath => Path.Combine(Directory, "Program.cs");

    public string TicksPath => Path.Combine(Directory, "Ticks.cs");

    public string ClockPath => Path.Combine(Directory, "Clock.cs");

    public string CounterPath => Path.Combine(Directory, "Counter.cs");

    public string FeedPath => Path.Combine(Directory, "Feed.cs");

    /// <summary>The app built in Debug by <c>dotnet build</c>.</summary>
    public string Dll => Path.Combine(Directory, "bin", "Debug", "net10.0", "Consumer.dll");

    public static ConsumerProject Write(string directory, string feed, string packages, string version)
    {
        IsolatedConsumer.Prepare(directory, feed, packages);

        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{packages}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SseGen" Version="{version}" />
              </ItemGroup>
            </Project>

            """);

        var consumer = new ConsumerProject(directory);
        File.WriteAllText(consumer.ProgramPath, ProgramSource);
        File.WriteAllText(consumer.TicksPath, TicksSource);
        File.WriteAllText(consumer.ClockPath, ClockSource);
        File.WriteAllText(consumer.CounterPath, CounterSource);
        File.WriteAllText(consumer.FeedPath, FeedSource);
        return consumer;
    }

    /// <summary>The C# sources (outside bin/obj) and their text, to see whether a tool changed anything.</summary>
    public SortedDictionary<string, string> Sources()
    {
        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Directory, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            sources[relative] = File.ReadAllText(file);
        }

        return sources;
    }
}
