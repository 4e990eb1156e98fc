using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>
/// A query parameter's default value reaches the method unchanged: the generated local starts at
/// a constant equal, value and type, to the one the user wrote. Read from the compiled output, so a
/// literal that compiles but means something else (a decimal through a double) is caught.
/// </summary>
public sealed class DefaultValueTests
{
    private const string Source = """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public enum Side : long
        {
            Buy = 1,
            Sell = long.MaxValue,
        }

        public static class Defaults
        {
            [SseEndpoint("/defaults")]
            public static async IAsyncEnumerable<string> Stream(
                decimal price = 0.1234567890123456789m,
                decimal big = 79228162514264337593543950335m,
                double ratio = 0.1,
                double tiny = double.Epsilon,
                double missing = double.NaN,
                float limitless = float.PositiveInfinity,
                double floor = double.NegativeInfinity,
                float scale = 1.1f,
                long count = long.MinValue,
                ulong mask = ulong.MaxValue,
                byte level = 255,
                short delta = -7,
                char separator = '\'',
                bool verbose = true,
                string name = "a \"quoted\" \\ name\n",
                string? cursor = null,
                int? limit = 5,
                Side side = Side.Sell,
                Side? other = Side.Buy,
                [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                await Task.Delay(10, cancellationToken);
                yield return $"{price} {big} {ratio} {tiny} {missing} {limitless} {floor} {scale} {count} {mask} {level} {delta} {separator} {verbose} {name} {cursor} {limit} {side} {other}";
            }
        }
        """;

    [Fact]
    public void EveryDefaultValue_IsTheConstantTheUserWrote()
    {
        var run = TestCompilation.Run(Source);
        run.AssertNoDiagnostics();

        var method = run.Output.GetTypeByMetadataName("Demo.Defaults")!.GetMembers("Stream").OfType<IMethodSymbol>().Single();
        var generatedTree = run.Output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith("SseGen.Endpoints.g.cs", StringComparison.Ordinal));
        var model = run.Output.GetSemanticModel(generatedTree);
        var locals = generatedTree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .ToDictionary(declarator => declarator.Identifier.ValueText);

        var checkedCount = 0;
        var failures = new List<string>();
        foreach (var parameter in method.Parameters.Where(p => p.HasExplicitDefaultValue && p.Type.Name != nameof(CancellationToken)))
        {
            checkedCount++;
            if (!locals.TryGetValue(parameter.Name + "_arg", out var local) || local.Initializer is null)
            {
                failures.Add($"{parameter.Name}: no initialized local {parameter.Name}_arg in the generated handler");
                continue;
            }

            var constant = model.GetConstantValue(local.Initializer.Value);
            var expected = parameter.ExplicitDefaultValue;
            if (!constant.HasValue || !Equals(constant.Value, expected))
            {
                failures.Add($"{parameter.Name}: the user wrote {Describe(expected)}, the generated `{local.Initializer.Value}` is {(constant.HasValue ? Describe(constant.Value) : "not a constant")}");
            }
        }

        Assert.True(checkedCount == 19, $"expected to check 19 default values, checked {checkedCount}");
        Assert.True(failures.Count == 0, "Default values changed on the way to the method:\n" + string.Join("\n", failures));
    }

    private static string Describe(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";
}
