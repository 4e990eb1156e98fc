using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;

namespace SseGen.CodeFixes;

/// <summary>
/// SSE002: passes the endpoint's token: replaces a <c>default</c>/<c>None</c> argument, appends it
/// (by position, or by name when positions do not line up), or appends <c>.WithCancellation(token)</c>
/// to the stream of an <c>await foreach</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TokenNotForwardedCodeFixProvider)), Shared]
public sealed class TokenNotForwardedCodeFixProvider : SseCodeFixProvider
{
    /// <summary>Creates the fix.</summary>
    public TokenNotForwardedCodeFixProvider()
        : base(DiagnosticIds.TokenNotForwarded)
    {
    }

    /// <inheritdoc/>
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (!FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.Fix, out var fix)
            || !FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.TokenName, out var tokenName)
            || !FixerHelpers.IsIdentifier(tokenName))
        {
            return;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var title = $"Pass '{tokenName}'";
        var hasParameterName = FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.ParameterName, out var parameterName) && FixerHelpers.IsIdentifier(parameterName);

        switch (fix)
        {
            case DiagnosticProperties.FixAppendArgument when node is InvocationExpressionSyntax invocation:
                Register(context, diagnostic, title, document => ReplaceAsync(document, invocation, invocation.AddArgumentListArguments(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(tokenName)))));
                break;
            case DiagnosticProperties.FixNamedArgument when node is InvocationExpressionSyntax invocation && hasParameterName:
                var named = SyntaxFactory.Argument(SyntaxFactory.NameColon(parameterName), default, SyntaxFactory.IdentifierName(tokenName));
                Register(context, diagnostic, title, document => ReplaceAsync(document, invocation, invocation.AddArgumentListArguments(named)));
                break;
            case DiagnosticProperties.FixReplaceArgument when node is InvocationExpressionSyntax invocation && hasParameterName:
                Register(context, diagnostic, title, (document, ct) => ReplaceArgumentAsync(document, invocation, parameterName, tokenName, ct));
                break;
            case DiagnosticProperties.FixWithCancellation when node is ExpressionSyntax stream:
                Register(context, diagnostic, $"Add .WithCancellation({tokenName})", (document, ct) => AddWithCancellationAsync(document, stream, tokenName, ct));
                break;
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, System.Func<Document, Task<Document>> change) =>
        Register(context, diagnostic, title, (document, _) => change(document));

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, System.Func<Document, CancellationToken, Task<Document>> change) =>
        context.RegisterCodeFix(CodeAction.Create(title, ct => change(context.Document, ct), equivalenceKey: nameof(TokenNotForwardedCodeFixProvider)), diagnostic);

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode)
    {
        var root = await document.GetSyntaxRootAsync().ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode));
    }

    private static async Task<Document> ReplaceArgumentAsync(Document document, InvocationExpressionSyntax invocation, string parameterName, string tokenName, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return document;
        }

        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter?.Name == parameterName && argument.Syntax is ArgumentSyntax syntax)
            {
                var replacement = syntax.WithExpression(SyntaxFactory.IdentifierName(tokenName).WithTriviaFrom(syntax.Expression));
                return await ReplaceAsync(document, syntax, replacement).ConfigureAwait(false);
            }
        }

        return document;
    }

    private static async Task<Document> AddWithCancellationAsync(Document document, ExpressionSyntax stream, string tokenName, CancellationToken cancellationToken)
    {
        ExpressionSyntax receiver = stream.WithoutTrivia();
        if (receiver is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax))
        {
            receiver = SyntaxFactory.ParenthesizedExpression(receiver);
        }

        var withCancellation = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("WithCancellation")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(tokenName)))))
            .WithTriviaFrom(stream);
        var changed = await ReplaceAsync(document, stream, withCancellation).ConfigureAwait(false);

        // WithCancellation is an extension method of System.Threading.Tasks.TaskAsyncEnumerableExtensions.
        return await FixerHelpers.AddUsingsAsync(changed, cancellationToken, "System.Threading.Tasks").ConfigureAwait(false);
    }
}
