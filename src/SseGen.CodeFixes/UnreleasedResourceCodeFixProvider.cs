using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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

/// <summary>
/// SSE003: turns a disposable's declaration into a <c>using</c> (or <c>await using</c>) declaration,
/// or wraps the rest of the block after a <c>+=</c> in <c>try</c> with the <c>-=</c> in <c>finally</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnreleasedResourceCodeFixProvider)), Shared]
public sealed class UnreleasedResourceCodeFixProvider : SseCodeFixProvider
{
    // One key for using and await using, so Fix All releases every disposable in one pass.
    private const string DisposeKey = nameof(UnreleasedResourceCodeFixProvider) + ".Dispose";
    private const string UnsubscribeKey = nameof(UnreleasedResourceCodeFixProvider) + ".Unsubscribe";

    /// <summary>Creates the fix for UnreleasedResource.</summary>
    public UnreleasedResourceCodeFixProvider()
        : base(DiagnosticIds.UnreleasedResource)
    {
    }

    /// <inheritdoc/>
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (!FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.Fix, out var fix))
        {
            return;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        switch (fix)
        {
            case DiagnosticProperties.FixUnsubscribeInFinally
                when node is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } subscription
                && subscription.Parent is ExpressionStatementSyntax { Parent: BlockSyntax block } statement
                && !block.Statements.SkipWhile(s => s != statement).Any(s => s is LocalFunctionStatementSyntax or LabeledStatementSyntax):
                {
                    const string title = "Unsubscribe in a finally block";
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => UnsubscribeInFinallyAsync(context.Document, subscription, ct), equivalenceKey: UnsubscribeKey),
                        diagnostic);
                    break;
                }

            case DiagnosticProperties.FixUsingDeclaration or DiagnosticProperties.FixAwaitUsingDeclaration
                when FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.LocalName, out var localName) && FixerHelpers.IsIdentifier(localName):
                {
                    var isAsync = fix == DiagnosticProperties.FixAwaitUsingDeclaration;
                    var title = isAsync ? "Dispose with 'await using'" : "Dispose with 'using'";
                    if (node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { Parent: BlockSyntax, Declaration.Variables: [{ Initializer: { } initializer } variable] } declaration
                        && variable.Identifier.ValueText == localName
                        && initializer.Value.Span.Contains(diagnostic.Location.SourceSpan))
                    {
                        context.RegisterCodeFix(
                            CodeAction.Create(title, ct => UsingDeclarationAsync(context.Document, declaration, isAsync, ct), equivalenceKey: DisposeKey),
                            diagnostic);
                    }
                    else if (node is ExpressionSyntax value
                        && value.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { Parent: BlockSyntax } statement
                        && (statement.Expression == value || statement.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard && discard.Right == value))
                    {
                        context.RegisterCodeFix(
                            CodeAction.Create(title, ct => UsingDiscardedAsync(context.Document, statement, value, localName, isAsync, ct), equivalenceKey: DisposeKey),
                            diagnostic);
                    }

                    break;
                }
        }
    }

    private static async Task<Document> UsingDeclarationAsync(Document document, LocalDeclarationStatementSyntax declaration, bool isAsync, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || declaration.Parent is not BlockSyntax block)
        {
            return document;
        }

        var name = declaration.Declaration.Variables[0].Identifier.ValueText;
        var withUsing = AsUsing(declaration, isAsync);

        // The using declaration now disposes on every path; explicit Dispose calls after it are redundant.
        var redundant = block.DescendantNodes().OfType<ExpressionStatementSyntax>().Where(s => IsDisposeOf(s, name)).ToList();
        var newRoot = root.TrackNodes(redundant.Cast<SyntaxNode>().Append(declaration));
        newRoot = newRoot.ReplaceNode(newRoot.GetCurrentNode(declaration)!, withUsing);
        foreach (var statement in redundant)
        {
            if (newRoot.GetCurrentNode(statement) is { Parent: BlockSyntax } current)
            {
                newRoot = newRoot.RemoveNode(current, SyntaxRemoveOptions.KeepNoTrivia)!;
            }
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static LocalDeclarationStatementSyntax AsUsing(LocalDeclarationStatementSyntax declaration, bool isAsync)
    {
        var leading = declaration.GetLeadingTrivia();
        var result = declaration.WithoutLeadingTrivia().WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        if (isAsync)
        {
            result = result.WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        return result.WithLeadingTrivia(leading);
    }

    private static async Task<Document> UsingDiscardedAsync(Document document, ExpressionStatementSyntax statement, ExpressionSyntax value, string preferredName, bool isAsync, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var scope = (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? statement.Parent!;
        var name = FixerHelpers.UniqueName(scope, preferredName);
        var declaration = SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(value.WithoutTrivia())))))
            .WithTriviaFrom(statement);
        return document.WithSyntaxRoot(root.ReplaceNode(statement, AsUsing(declaration, isAsync).WithAdditionalAnnotations(Formatter.Annotation)));
    }

    private static async Task<Document> UnsubscribeInFinallyAsync(Document document, AssignmentExpressionSyntax subscription, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || subscription.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement)
        {
            return document;
        }

        var unsubscribeText = Normalize(subscription.Left) + "-=" + Normalize(subscription.Right);
        var index = block.Statements.IndexOf(statement);
        var rest = block.Statements.Skip(index + 1)
            .Where(s => !(s is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SubtractAssignmentExpression } removal }
                && Normalize(removal.Left) + "-=" + Normalize(removal.Right) == unsubscribeText))
            .ToList();

        var unsubscribe = SyntaxFactory.ExpressionStatement(
            SyntaxFactory.AssignmentExpression(SyntaxKind.SubtractAssignmentExpression, subscription.Left.WithoutTrivia(), subscription.Right.WithoutTrivia()));
        var tryStatement = SyntaxFactory.TryStatement(
                SyntaxFactory.Block(rest),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(unsubscribe)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        var statements = block.Statements.Take(index + 1).Append(tryStatement);
        var newBlock = block.WithStatements(SyntaxFactory.List(statements));
        return document.WithSyntaxRoot(root.ReplaceNode(block, newBlock));
    }

    private static bool IsDisposeOf(ExpressionStatementSyntax statement, string name)
    {
        var expression = statement.Expression is AwaitExpressionSyntax awaited ? awaited.Expression : statement.Expression;
        return expression is InvocationExpressionSyntax
        {
            ArgumentList.Arguments.Count: 0,
            Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name.Identifier.ValueText: "Dispose" or "DisposeAsync" },
        } && receiver.Identifier.ValueText == name;
    }

    private static string Normalize(SyntaxNode node) => node.WithoutTrivia().NormalizeWhitespace().ToFullString();
}
