using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>
/// An endpoint attribute recreated as metadata gets the arguments the user wrote: each constant in
/// the generated <c>new …Attribute(…)</c> has the same value and the same type. Read from the
/// compiled output, so a literal that compiles into an <c>object</c> parameter as another type
/// (<c>1</c> for <c>(byte)1</c>, <c>2</c> for <c>2.0</c>) is caught.
/// </summary>
public sealed class MetadataArgumentTests
{
    private const string Source = """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public enum Side : short
        {
            Buy = -1,
            Sell = 1,
        }

        [System.AttributeUsage(System.AttributeTargets.Method)]
        public sealed class ProbeAttribute(object a, object b, object c, object d, object e, object f, object g, object h, object i, object j, object k) : System.Attribute
        {
            public object[] Values { get; } = [a, b, c, d, e, f, g, h, i, j, k];
            public object? Named { get; set; }
            public Side Side { get; set; }
            public object? Text { get; set; }
        }

        public static class Probes
        {
            [Probe((byte)1, (short)-2, 3L, 4UL, 5U, 1.5f, 2.0, 'c', Side.Buy, (sbyte)-8, (ushort)9,
                Named = long.MinValue, Side = (Side)(-7), Text = "a \"b\"")]
            [SseEndpoint("/probe")]
            public static async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "x";
            }
        }
        """;

    [Fact]
    public void EveryAttributeArgument_IsTheConstantTheUserWrote()
    {
        var run = TestCompilation.Run(Source);
        run.AssertNoDiagnostics();

        var attribute = run.Output.GetTypeByMetadataName("Demo.Probes")!.GetMembers("Stream").Single().GetAttributes()
            .Single(a => a.AttributeClass!.Name == "ProbeAttribute");
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("SseGen.Endpoints.g.cs", StringComparison.Ordinal));
        var model = run.Output.GetSemanticModel(tree);
        var creation = tree.GetRoot().DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
            .Single(node => node.Type.ToString().EndsWith("ProbeAttribute", StringComparison.Ordinal));

        var written = creation.ArgumentList!.Arguments.Select(argument => argument.Expression).ToList();
        var assigned = creation.Initializer!.Expressions.OfType<AssignmentExpressionSyntax>()
            .ToDictionary(assignment => assignment.Left.ToString(), assignment => assignment.Right);

        var failures = new List<string>();
        for (var i = 0; i < attribute.ConstructorArguments.Length; i++)
        {
            Compare($"argument {i}", attribute.ConstructorArguments[i], written[i]);
        }

        foreach (var named in attribute.NamedArguments)
        {
            Compare(named.Key, named.Value, assigned[named.Key]);
        }

        Assert.True(attribute.ConstructorArguments.Length + attribute.NamedArguments.Length == 14, "expected to check 14 arguments");
        Assert.True(failures.Count == 0, "Attribute arguments changed on the way to the metadata:\n" + string.Join("\n", failures));

        void Compare(string what, TypedConstant expected, ExpressionSyntax expression)
        {
            var constant = model.GetConstantValue(expression);
            var type = model.GetTypeInfo(expression).Type;
            if (!constant.HasValue || !Equals(constant.Value, expected.Value) || !SymbolEqualityComparer.Default.Equals(type, expected.Type))
            {
                failures.Add($"{what}: the user wrote {expected.Value} ({expected.Type}), the generated `{expression}` is {(constant.HasValue ? constant.Value : "not a constant")} ({type})");
            }
        }
    }
}
