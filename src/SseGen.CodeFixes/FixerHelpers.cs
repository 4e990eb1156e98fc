using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SseGen.CodeFixes;

/// <summary>What the fixers share: checking a diagnostic's properties before offering anything, fresh names, usings, small syntax.</summary>
internal static class FixerHelpers
{
    /// <summary>Namespace of <c>EnumeratorCancellationAttribute</c>.</summary>
    public const string CompilerServicesNamespace = "System.Runtime.CompilerServices";

    /// <summary>Namespace of <c>CancellationToken</c>.</summary>
    public const string ThreadingNamespace = "System.Threading";

    /// <summary>Reads a property and checks it is one of the expected values.</summary>
    public static bool TryGetProperty(Diagnostic diagnostic, string key, out string value)
    {
        if (diagnostic.Properties.TryGetValue(key, out var raw) && !string.IsNullOrEmpty(raw))
        {
            value = raw!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="name"/> can stand as a C# identifier as is. Contextual keywords
    /// (<c>file</c>, <c>value</c>, <c>record</c>, …) are ordinary names where the fixes use them; only
    /// <c>await</c> is refused, as it cannot name anything in the async methods the fixes edit.
    /// </summary>
    public static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && name != "await";

    /// <summary>A name not yet used by any identifier in <paramref name="scope"/> (so it shadows nothing).</summary>
    public static string UniqueName(SyntaxNode scope, string preferred)
    {
        var used = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var token in scope.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                used.Add(token.ValueText);
            }
        }

        var candidate = preferred;
        for (var i = 1; used.Contains(candidate); i++)
        {
            candidate = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>
    /// Adds <c>using</c> directives for <paramref name="namespaces"/> that the file does not have yet,
    /// each at its sorted place (System namespaces first), so short names in the fix resolve.
    /// </summary>
    public static async Task<Document> AddUsingsAsync(Document document, CancellationToken cancellationToken, params string[] namespaces)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
        {
            return document;
        }

        // Keep the file's own line endings.
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            endOfLine = SyntaxFactory.LineFeed;
        }

        foreach (var ns in namespaces)
        {
            if (HasUsing(root, ns))
            {
                continue;
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).WithTrailingTrivia(endOfLine);
            var usings = root.Usings;
            var index = 0;
            while (index < usings.Count && usings[index].StaticKeyword.IsKind(SyntaxKind.None) && usings[index].Alias is null && CompareNamespaces(usings[index].Name?.ToString() ?? string.Empty, ns) < 0)
            {
                index++;
            }

            root = root.WithUsings(usings.Insert(index, directive.WithAdditionalAnnotations(Formatter.Annotation)));
        }

        return document.WithSyntaxRoot(root);
    }

    private static bool HasUsing(CompilationUnitSyntax root, string ns)
    {
        foreach (var directive in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
        {
            if (directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.Name?.ToString() == ns)
            {
                return true;
            }
        }

        return false;
    }

    private static int CompareNamespaces(string left, string right)
    {
        var leftSystem = left == "System" || left.StartsWith("System.", System.StringComparison.Ordinal);
        var rightSystem = right == "System" || right.StartsWith("System.", System.StringComparison.Ordinal);
        return leftSystem != rightSystem ? (leftSystem ? -1 : 1) : string.CompareOrdinal(left, right);
    }

    /// <summary><c>token.Method()</c> as an expression statement, e.g. <c>cancellationToken.ThrowIfCancellationRequested();</c>.</summary>
    public static ExpressionStatementSyntax CallOn(string receiver, string method) =>
        SyntaxFactory.ExpressionStatement(
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.IdentifierName(receiver),
                    SyntaxFactory.IdentifierName(method))));
}
