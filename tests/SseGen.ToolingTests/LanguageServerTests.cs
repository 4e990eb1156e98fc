using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SseGen.ToolingTests.Infrastructure;
using Xunit.Abstractions;

namespace SseGen.ToolingTests;

/// <summary>
/// The package in an editor: a Roslyn-based language server (csharp-ls, over stdio) loads a fresh
/// consumer project, runs SseGen's generator and analyzers, and reports the leak rules with their
/// help links, as an editor would show them; an edit updates them.
/// </summary>
[Collection(ToolingCollection.Name)]
[Trait("Category", "Tooling")]
public sealed class LanguageServerTests(ToolingFixture fixture, ITestOutputHelper output) : IDisposable
{
    /// <summary>Solution load (MSBuild evaluation, design-time build) and a first analysis on a busy 2-core machine.</summary>
    private static readonly TimeSpan FirstDiagnosticTimeout = TimeSpan.FromSeconds(150);

    private static readonly TimeSpan UpdateTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private LspClient? server;

    [Fact]
    public async Task Csharp_ls_reports_the_leak_rules_with_help_links_and_updates_them_after_an_edit()
    {
        fixture.AssertLanguageServerInstalled();
        var consumer = await fixture.CreateConsumerAsync("editor", output);

        var programUri = new Uri(consumer.ProgramPath).AbsoluteUri;
        var ticksUri = new Uri(consumer.TicksPath).AbsoluteUri;
        var clockUri = new Uri(consumer.ClockPath).AbsoluteUri;
        var counterUri = new Uri(consumer.CounterPath).AbsoluteUri;

        server = LspClient.Start(fixture.CSharpLsExecutable, ["--loglevel", "info"], consumer.Directory, AnswerServerRequest);

        // The clock runs from the initialize request: what a user waits for after opening the folder.
        var sinceInitialize = Stopwatch.StartNew();
        var initialized = await server.RequestAsync("initialize", InitializeParams(consumer.Directory), RequestTimeout);
        Assert.Equal("csharp-ls", initialized?["serverInfo"]?["name"]?.ToString());
        output.WriteLine($"initialize answered after {ToolingFixture.Seconds(sinceInitialize)}: {initialized?["serverInfo"]?.ToJsonString()}");
        await server.NotifyAsync("initialized", new JsonObject());

        await OpenAsync(programUri, ConsumerProject.ProgramSource);
        await OpenAsync(ticksUri, ConsumerProject.TicksSource);
        await OpenAsync(clockUri, ConsumerProject.ClockSource);
        await OpenAsync(counterUri, ConsumerProject.CounterSource);

        // Pull until the project is loaded and analyzed: before that the server answers with no items.
        var ticks = await PullUntilAsync(ticksUri, items => items.Any(d => d.IsSse), sinceInitialize, FirstDiagnosticTimeout, "a first SSE diagnostic in Ticks.cs");
        var timeToFirstDiagnostic = sinceInitialize.Elapsed;
        ReportTimeToFirstDiagnostic(timeToFirstDiagnostic, ticks.First(d => d.IsSse));

        // The server was told to run analyzers through the `csharp` section it asked for.
        Assert.Contains(server.ServerRequests, r => r.Method == "workspace/configuration" && r.Params?["items"]?.AsArray().Any(i => i?["section"]?.ToString() == "csharp") == true);

        // SSE001 on the endpoint's name, a warning, with the rule's page as its link.
        var sse001 = Assert.Single(ticks, d => d.Code == "SSE001");
        Assert.Equal(LspDiagnostic.Warning, sse001.Severity);
        Assert.Equal(TextPosition.Of(ConsumerProject.TicksSource, "Stream()"), sse001.Start);
        Assert.Equal("Stream", sse001.CoveredText(ConsumerProject.TicksSource));
        AssertHelpLink("SSE001", sse001);

        // No error anywhere in the consumer: the generator ran inside the language server, so
        // Program.cs's app.MapSseEndpoints() resolved (without it: CS1061).
        var program = await PullAsync(programUri);
        var clock = await PullAsync(clockUri);
        var counter = await PullAsync(counterUri);
        output.WriteLine("Program.cs: " + Describe(program));
        output.WriteLine("Ticks.cs: " + Describe(ticks));
        output.WriteLine("Clock.cs: " + Describe(clock));
        output.WriteLine("Counter.cs: " + Describe(counter));
        var errors = program.Concat(ticks).Concat(clock).Concat(counter).Where(d => d.Severity == LspDiagnostic.Error).ToList();
        Assert.True(errors.Count == 0, "Errors in the consumer:\n" + string.Join('\n', errors));
        Assert.Contains(clock, d => d.Code == "SSE001" && d.Severity == LspDiagnostic.Warning);
        Assert.Contains(counter, d => d.Code == "SSE001" && d.Severity == LspDiagnostic.Warning);

        // And the generated method is a real symbol to the editor: hover shows the generated signature.
        var hover = await server.RequestAsync("textDocument/hover", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = programUri },
            ["position"] = TextPosition.Of(ConsumerProject.ProgramSource, "MapSseEndpoints").ToJson(),
        }, RequestTimeout);
        var hoverText = hover?["contents"]?["value"]?.ToString() ?? hover?["contents"]?.ToJsonString() ?? "";
        output.WriteLine($"hover on MapSseEndpoints: {hoverText}");
        Assert.Contains("SseEndpointConventionBuilder", hoverText);

        // The user adds the token, as the SSE001 fix would: two edits in one didChange.
        var changed = ConsumerProject.TicksSource.Replace("Stream()", "Stream([EnumeratorCancellation] CancellationToken cancellationToken)", StringComparison.Ordinal);
        changed = "using System.Runtime.CompilerServices;\n" + changed;
        var parameterAt = TextPosition.Of(ConsumerProject.TicksSource, "Stream()");
        parameterAt = parameterAt with { Character = parameterAt.Character + "Stream(".Length };
        await server.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = ticksUri, ["version"] = 2 },
            ["contentChanges"] = new JsonArray(
                Insert(parameterAt, "[EnumeratorCancellation] CancellationToken cancellationToken"),
                Insert(new TextPosition(0, 0), "using System.Runtime.CompilerServices;\n")),
        });

        var sinceEdit = Stopwatch.StartNew();
        var updated = await PullUntilAsync(ticksUri, items => !items.Any(d => d.Code == "SSE001") && items.Any(d => d.Code == "SSE002"), sinceEdit, UpdateTimeout, "SSE001 gone and SSE002 reported after the edit");
        output.WriteLine($"after the edit ({ToolingFixture.Seconds(sinceEdit)}): {Describe(updated)}");

        var sse002 = Assert.Single(updated, d => d.Code == "SSE002");
        Assert.Equal(LspDiagnostic.Warning, sse002.Severity);
        Assert.Equal(TextPosition.Of(changed, "Task.Delay(100)").Line, sse002.Start.Line);
        Assert.Contains("Task.Delay(100)", sse002.CoveredText(changed));
        AssertHelpLink("SSE002", sse002);
        Assert.DoesNotContain(updated, d => d.Severity == LspDiagnostic.Error);

        await server.DisposeAsync();
    }

    public void Dispose() => server?.Dispose();

    private static JsonNode? AnswerServerRequest(string method, JsonNode? parameters)
    {
        if (method != "workspace/configuration")
        {
            // client/registerCapability, window/workDoneProgress/create, …: acknowledged.
            return null;
        }

        // csharp-ls 0.28 reads its settings from the `csharp` section (nothing from
        // initializationOptions); analyzers, and so package analyzers, are off unless asked for.
        var answers = new JsonArray();
        foreach (var item in parameters?["items"]?.AsArray() ?? [])
        {
            answers.Add(item?["section"]?.ToString() == "csharp"
                ? new JsonObject { ["analyzersEnabled"] = true, ["logLevel"] = "info" }
                : null);
        }

        return answers;
    }

    private static JsonObject InitializeParams(string folder)
    {
        var rootUri = new Uri(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');
        return new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["clientInfo"] = new JsonObject { ["name"] = "SseGen.ToolingTests" },
            ["locale"] = "en-US",
            ["rootPath"] = folder,
            ["rootUri"] = rootUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "consumer" }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject
                {
                    ["configuration"] = true,
                    ["workspaceFolders"] = true,
                    ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = false },
                },
                ["textDocument"] = new JsonObject
                {
                    ["synchronization"] = new JsonObject { ["dynamicRegistration"] = false, ["didSave"] = true },
                    ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false, ["relatedDocumentSupport"] = false },
                    ["publishDiagnostics"] = new JsonObject { ["codeDescriptionSupport"] = true },
                    ["hover"] = new JsonObject { ["dynamicRegistration"] = false, ["contentFormat"] = new JsonArray("markdown", "plaintext") },
                },
                ["window"] = new JsonObject { ["workDoneProgress"] = false },
            },
            ["trace"] = "off",
        };
    }

    private Task OpenAsync(string uri, string text) =>
        server!.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
        });

    private static JsonObject Insert(TextPosition at, string text) => new()
    {
        ["range"] = new JsonObject { ["start"] = at.ToJson(), ["end"] = at.ToJson() },
        ["text"] = text,
    };

    private async Task<IReadOnlyList<LspDiagnostic>> PullAsync(string uri)
    {
        var report = await server!.RequestAsync("textDocument/diagnostic", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
        }, RequestTimeout);
        Assert.True(report?["kind"]?.ToString() == "full", $"Expected a full report for {uri}, got {report?.ToJsonString()}");
        return (report?["items"]?.AsArray() ?? []).Select(item => LspDiagnostic.Parse(item!)).ToList();
    }

    /// <summary>Pulls a document's diagnostics until they satisfy <paramref name="done"/>, for at most <paramref name="timeout"/>.</summary>
    private async Task<IReadOnlyList<LspDiagnostic>> PullUntilAsync(string uri, Func<IReadOnlyList<LspDiagnostic>, bool> done, Stopwatch clock, TimeSpan timeout, string what)
    {
        IReadOnlyList<LspDiagnostic> last = [];
        string? lastError = null;
        var pulls = 0;
        while (true)
        {
            try
            {
                pulls++;
                last = await PullAsync(uri);
                lastError = null;
                if (done(last))
                {
                    output.WriteLine($"{what}: after {pulls} pull(s), {ToolingFixture.Seconds(clock)}");
                    return last;
                }
            }
            catch (LspErrorException e)
            {
                // e.g. a request cancelled by the server while the solution (re)loads: ask again.
                lastError = e.Message;
            }

            Assert.False(server!.HasExited, $"csharp-ls exited while waiting for {what}. Log:\n{server.Tail()}");
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Waited {timeout.TotalSeconds:0} s in vain for {what} ({pulls} pulls). Last items: {Describe(last)}; last error: {lastError ?? "none"}.\nServer log:\n{server.Tail(120)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static void AssertHelpLink(string id, LspDiagnostic diagnostic)
    {
        Assert.NotNull(diagnostic.Href);
        Assert.EndsWith($"/docs/rules/{id}.md", diagnostic.Href);
        Assert.True(File.Exists(Path.Combine(Repo.Root, "docs", "rules", $"{id}.md")), $"{diagnostic.Href} points at a page the repository does not have");
    }

    private void ReportTimeToFirstDiagnostic(TimeSpan elapsed, LspDiagnostic first)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"csharp-ls {ToolingFixture.CSharpLsVersion}: {elapsed.TotalSeconds:0.0} s from initialize to the first SSE diagnostic ({first.Code} in Ticks.cs), analyzersEnabled=true, fresh consumer project, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine(line);
        try
        {
            Directory.CreateDirectory(Repo.ArtifactsDirectory);
            File.WriteAllText(Path.Combine(Repo.ArtifactsDirectory, "time-to-first-diagnostic.txt"), line + "\n");
        }
        catch (IOException e)
        {
            output.WriteLine($"could not write the measurement to {Repo.ArtifactsDirectory}: {e.Message}");
        }
    }

    private static string Describe(IReadOnlyList<LspDiagnostic> items) =>
        items.Count == 0 ? "(none)" : string.Join("; ", items.Select(d => d.ToString()));
}
