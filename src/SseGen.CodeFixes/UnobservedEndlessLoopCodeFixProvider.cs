using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SseGen.Generator.Diagnostics;

namespace SseGen.CodeFixes;

/// <summary>SSE004: makes the loop's first statement <c>token.ThrowIfCancellationRequested();</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnobservedEndlessLoopCodeFixProvider)), Shared]
public sealed class UnobservedEndlessLoopCodeFixProvider : SseCodeFixProvider
{
    /// <summary>Creates the fix.</summary>
    public UnobservedEndlessLoopCodeFixProvider()
        : base(DiagnosticIds.UnobservedEndlessLoop)
    {
    }

    /// <inheritdoc/>
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (!FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.Fix, out var fix)
            || fix != DiagnosticProperties.FixThrowIfCancellationRequested
            || !FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.TokenName, out var tokenName)
            || !FixerHelpers.IsIdentifier(tokenName))
        {
            return;
        }

        var body = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent switch
        {
            WhileStatementSyntax loop => loop.Statement,
            DoStatementSyntax loop => loop.Statement,
            ForStatementSyntax loop => loop.Statement,
            _ => null,
        };
        if (body is null)
        {
            return;
        }

        var title = $"Call {tokenName}.ThrowIfCancellationRequested() in the loop";
        context.RegisterCodeFix(
            CodeAction.Create(title, ct => InsertCheckAsync(context.Document, body, tokenName, ct), equivalenceKey: nameof(UnobservedEndlessLoopCodeFixProvider)),
            diagnostic);
    }

    private static async Task<Document> InsertCheckAsync(Document document, StatementSyntax body, string tokenName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var check = FixerHelpers.CallOn(tokenName, "ThrowIfCancellationRequested").WithAdditionalAnnotations(Formatter.Annotation);
        var newBody = body is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, check))
            : SyntaxFactory.Block(check, body.WithoutTrivia()).WithTriviaFrom(body).WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(body, newBody));
    }
}
