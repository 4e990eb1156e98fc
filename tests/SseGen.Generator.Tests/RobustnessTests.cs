using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>
/// The generator reports nothing (the analyzers do) and never throws: an endpoint it cannot model
/// is left out, the others are still mapped, and what it emits still compiles. Each case puts one
/// or more broken endpoints (routes starting with <c>/bad</c>) next to a good one (<c>/good</c>).
/// </summary>
public sealed class RobustnessTests
{
    private const string Good = """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class GoodEndpoints
        {
            [SseEndpoint("/good")]
            public static async IAsyncEnumerable<Quote> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote("MSFT", 1m);
            }
        }
        """;

    private const string Usings = """
        using System.Net.ServerSentEvents;
        using System.Runtime.CompilerServices;
        using System.Text.Json.Serialization;
        using Microsoft.AspNetCore.Mvc;
        using SseGen;

        namespace Demo;

        """;

    /// <summary>Scenario → the broken endpoints' source.</summary>
    private static readonly Dictionary<string, string> Cases = new()
    {
        {
            "return types other than IAsyncEnumerable<T>", """
            public static class Bad
            {
                [SseEndpoint("/bad/enumerable")]
                public static IEnumerable<Quote> Enumerable() => [];

                [SseEndpoint("/bad/task")]
                public static Task<Quote> AsTask() => Task.FromResult(new Quote("MSFT", 1m));

                [SseEndpoint("/bad/enumerator")]
                public static IAsyncEnumerator<Quote> Enumerator() => throw new NotSupportedException();

                [SseEndpoint("/bad/void")]
                public static void Void()
                {
                }
            }
            """
        },
        {
            "payload type in no JsonSerializerContext", """
            public sealed record Trade(string Symbol, int Quantity);

            public static class Bad
            {
                [SseEndpoint("/bad/trades")]
                public static IAsyncEnumerable<Trade> Trades() => throw new NotSupportedException();

                [SseEndpoint("/bad/trade-items")]
                public static IAsyncEnumerable<SseItem<Trade>> TradeItems() => throw new NotSupportedException();
            }
            """
        },
        {
            "payload type listed by two contexts, none chosen", """
            [JsonSerializable(typeof(Quote))]
            internal sealed partial class OtherJson : JsonSerializerContext;

            public static class Bad
            {
                // /good streams Quote as well, so it is skipped too.
                [SseEndpoint("/bad/ambiguous")]
                public static IAsyncEnumerable<Quote> Ambiguous() => throw new NotSupportedException();
            }
            """
        },
        {
            "JsonContext that does not list the payload, or is not a context", """
            [JsonSerializable(typeof(int))]
            internal sealed partial class NumbersJson : JsonSerializerContext;

            public static class Bad
            {
                [SseEndpoint("/bad/unlisted", JsonContext = typeof(NumbersJson))]
                public static IAsyncEnumerable<Quote> Unlisted() => throw new NotSupportedException();

                [SseEndpoint("/bad/not-a-context", JsonContext = typeof(string))]
                public static IAsyncEnumerable<Quote> NotAContext() => throw new NotSupportedException();
            }
            """
        },
        {
            "parameters that cannot be bound", """
            public sealed class Filter
            {
                public string? Text { get; set; }
            }

            public static class Bad
            {
                [SseEndpoint("/bad/object")]
                public static IAsyncEnumerable<Quote> Object(object value) => throw new NotSupportedException();

                [SseEndpoint("/bad/array")]
                public static IAsyncEnumerable<Quote> Array(int[] ids) => throw new NotSupportedException();

                [SseEndpoint("/bad/delegate")]
                public static IAsyncEnumerable<Quote> Delegate(Func<int> callback) => throw new NotSupportedException();

                [SseEndpoint("/bad/body")]
                public static IAsyncEnumerable<Quote> Body([FromBody] Quote body) => throw new NotSupportedException();

                [SseEndpoint("/bad/form")]
                public static IAsyncEnumerable<Quote> Form([FromForm] string name) => throw new NotSupportedException();

                [SseEndpoint("/bad/as-parameters")]
                public static IAsyncEnumerable<Quote> AsParameters([AsParameters] Filter filter) => throw new NotSupportedException();

                [SseEndpoint("/bad/query-without-parse")]
                public static IAsyncEnumerable<Quote> QueryWithoutParse([FromQuery] Filter filter) => throw new NotSupportedException();

                [SseEndpoint("/bad/route-name/{id}")]
                public static IAsyncEnumerable<Quote> RouteName([FromRoute(Name = "other")] string id) => throw new NotSupportedException();

                [SseEndpoint("/bad/span")]
                public static IAsyncEnumerable<Quote> Span(ReadOnlySpan<char> text) => throw new NotSupportedException();
            }
            """
        },
        {
            "route problems", """
            public static class Bad
            {
                [SseEndpoint("/bad/missing/{id}")]
                public static IAsyncEnumerable<Quote> MissingParameter() => throw new NotSupportedException();

                [SseEndpoint("/bad/unclosed/{id")]
                public static IAsyncEnumerable<Quote> Unclosed(string id) => throw new NotSupportedException();

                [SseEndpoint("/bad/query?x=1")]
                public static IAsyncEnumerable<Quote> Query() => throw new NotSupportedException();

                [SseEndpoint("/bad/twice/{id}/{id}")]
                public static IAsyncEnumerable<Quote> Twice(string id) => throw new NotSupportedException();

                [SseEndpoint("")]
                public static IAsyncEnumerable<Quote> Empty() => throw new NotSupportedException();

                [SseEndpoint("/bad/dup/{a}")]
                public static IAsyncEnumerable<Quote> First(string a) => throw new NotSupportedException();

                [SseEndpoint("/bad/dup/{b}")]
                public static IAsyncEnumerable<Quote> Second(string b) => throw new NotSupportedException();

                [SseEndpoint("/bad/event", EventName = "two\nlines")]
                public static IAsyncEnumerable<Quote> EventName() => throw new NotSupportedException();
            }
            """
        },
        {
            "methods generated code cannot call", """
            public static class Bad
            {
                [SseEndpoint("/bad/generic")]
                public static IAsyncEnumerable<T> Generic<T>() => throw new NotSupportedException();

                [SseEndpoint("/bad/private")]
                private static IAsyncEnumerable<Quote> Private() => throw new NotSupportedException();

                private static class Hidden
                {
                    [SseEndpoint("/bad/private-type")]
                    public static IAsyncEnumerable<Quote> InPrivateType() => throw new NotSupportedException();
                }

                internal static IAsyncEnumerable<Quote> Use() => Private();
            }

            public static class Generic<T>
            {
                [SseEndpoint("/bad/generic-type")]
                public static IAsyncEnumerable<Quote> InGenericType() => throw new NotSupportedException();
            }

            file static class FileLocal
            {
                [SseEndpoint("/bad/file-local")]
                public static IAsyncEnumerable<Quote> InFileLocalType() => throw new NotSupportedException();
            }
            """
        },
        {
            "instance endpoints whose class cannot be constructed", """
            public abstract class Abstract
            {
                [SseEndpoint("/bad/abstract")]
                public IAsyncEnumerable<Quote> Stream() => throw new NotSupportedException();
            }

            public sealed class TwoConstructors
            {
                public TwoConstructors(IQuoteFeed feed) => Feed = feed;

                public TwoConstructors(TimeProvider time) => Time = time;

                public IQuoteFeed? Feed { get; }

                public TimeProvider? Time { get; }

                [SseEndpoint("/bad/two-constructors")]
                public IAsyncEnumerable<Quote> Stream() => throw new NotSupportedException();
            }

            public sealed class PrivateConstructor
            {
                private PrivateConstructor()
                {
                }

                public static PrivateConstructor Create() => new();

                [SseEndpoint("/bad/private-constructor")]
                public IAsyncEnumerable<Quote> Stream() => throw new NotSupportedException();
            }

            public struct Struct
            {
                [SseEndpoint("/bad/struct")]
                public readonly IAsyncEnumerable<Quote> Stream() => throw new NotSupportedException();
            }
            """
        },
        {
            "code that does not compile", """
            public sealed class MissingDependency(Missing dependency)
            {
                [SseEndpoint("/bad/missing-dependency")]
                public IAsyncEnumerable<Quote> Stream() => throw new NotSupportedException(dependency.ToString());
            }

            public static class Bad
            {
                [SseEndpoint]
                public static IAsyncEnumerable<Quote> NoPattern() => throw new NotSupportedException();

                [SseEndpoint(null)]
                public static IAsyncEnumerable<Quote> NullPattern() => throw new NotSupportedException();

                [SseEndpoint(42)]
                public static IAsyncEnumerable<Quote> NumberPattern() => throw new NotSupportedException();

                [SseEndpoint("/bad/missing-item-type")]
                public static IAsyncEnumerable<Missing> MissingItemType() => throw new NotSupportedException();

                [SseEndpoint("/bad/missing-parameter-type")]
                public static IAsyncEnumerable<Quote> MissingParameterType(Missing value) => throw new NotSupportedException();

                [SseEndpoint("/bad/missing-service-key")]
                public static IAsyncEnumerable<Quote> MissingKey([FromKeyedServices(Missing.Key)] IQuoteFeed feed) => throw new NotSupportedException();

                [SseEndpoint("/bad/event-type", EventName = 42)]
                public static IAsyncEnumerable<Quote> EventNameType() => throw new NotSupportedException();

                [SseEndpoint("/bad/incomplete/{id}")]
                public static async IAsyncEnumerable<Quote> Incomplete(int id
            """
        },
    };

    public static TheoryData<string> Scenarios() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void UnmodellableEndpoint_IsSkippedWithoutFailing(string scenario)
    {
        var badSource = Cases[scenario];
        var goodIsAmbiguousToo = scenario.Contains("two contexts", StringComparison.Ordinal);
        var run = TestCompilation.Run(Inputs.Quotes, Good, Usings + badSource);

        run.AssertNoGeneratorFailed();
        var mapped = MappedRoutes(run.EndpointsSource);
        if (InputErrors(run).Count == 0)
        {
            string[] expected = goodIsAmbiguousToo ? [] : ["/good"];
            Assert.Equal(expected, mapped);
        }
        else
        {
            // Code that does not compile may still be modelled (the user sees the compiler's error), but never at the expense of the rest.
            Assert.Contains("/good", mapped);
        }

        if (InputErrors(run).Count == 0)
        {
            // The input is valid C#: the app with the generated code must be, too.
            run.AssertNoDiagnostics();
        }
        else
        {
            // Broken input: its own errors are expected, but none may come from the generated file.
            var fromGenerated = run.Diagnostics.Where(IsInSseGenOutput).ToList();
            Assert.True(fromGenerated.Count == 0, "The generated file has diagnostics:\n" + string.Join("\n", fromGenerated));
        }
    }

    [Fact]
    public void ValidInputCases_AreValidCSharp()
    {
        // The cases meant to compile must really compile, or the theory above checks less than it claims.
        foreach (var (scenario, source) in Cases)
        {
            var errors = InputErrors(TestCompilation.Run(Inputs.Quotes, Good, Usings + source));
            if (scenario == "code that does not compile")
            {
                Assert.NotEmpty(errors);
            }
            else
            {
                Assert.True(errors.Count == 0, $"Case \"{scenario}\" does not compile:\n" + string.Join("\n", errors));
            }
        }
    }

    [Fact]
    public void WithoutTheRuntimeReferenced_NothingIsGenerated()
    {
        // The attribute lives in SseGen.Runtime: without it there is nothing to map, and code
        // calling the runtime would not compile.
        var compilation = TestCompilation.Create([Inputs.Quotes, "namespace Demo; public static class Nothing;"], referenceRuntime: false);

        var run = TestCompilation.Run(compilation);

        run.AssertNoGeneratorFailed();
        Assert.Empty(run.GeneratedSources);
        run.AssertNoDiagnostics();
    }

    [Fact]
    public void PartialEndpointClass_AcrossFiles_IsMappedOnce()
    {
        var run = TestCompilation.Run(
            Inputs.Quotes,
            Good.Replace("public static class GoodEndpoints", "public static partial class GoodEndpoints", StringComparison.Ordinal),
            """
            using System.Runtime.CompilerServices;
            using SseGen;

            namespace Demo;

            public static partial class GoodEndpoints
            {
                [SseEndpoint("/good/too")]
                public static async IAsyncEnumerable<string> Text([EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Delay(10, cancellationToken);
                    yield return "ok";
                }
            }
            """);

        run.AssertNoGeneratorFailed();
        run.AssertNoDiagnostics();
        Assert.Equal(["/good", "/good/too"], MappedRoutes(run.EndpointsSource));
    }

    /// <summary>Errors of the input itself (with System.Text.Json's generated code, which the input needs), not of SseGen's file.</summary>
    private static List<Diagnostic> InputErrors(GeneratorRun run) =>
        [.. run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !IsInSseGenOutput(d))];

    private static bool IsInSseGenOutput(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree?.FilePath.EndsWith("SseGen.Endpoints.g.cs", StringComparison.Ordinal) == true;

    /// <summary>The routes the generated file maps, in order.</summary>
    private static List<string> MappedRoutes(string generated) =>
        [.. Regex.Matches(generated, """MapGet\(endpoints, "(?<route>(?:[^"\\]|\\.)*)",""").Select(match => match.Groups["route"].Value)];
}
