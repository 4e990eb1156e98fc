using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using SseGen.Generator.Diagnostics;

namespace SseGen.CodeFixes;

/// <summary>
/// SSE006: replaces a blocking call with its awaited form: <c>Thread.Sleep(x)</c> with
/// <c>await Task.Delay(x, token)</c>, <c>t.Result</c> with <c>(await t)</c>, <c>t.Wait()</c> and
/// <c>t.GetAwaiter().GetResult()</c> with <c>await t</c>, <c>M(args)</c> with
/// <c>await MAsync(args, token)</c>. The analyzer has checked that <c>await</c> is legal there and
/// which token to pass; the fix only rewrites.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallCodeFixProvider)), Shared]
public sealed class BlockingCallCodeFixProvider : SseCodeFixProvider
{
    /// <summary>Creates the fix.</summary>
    public BlockingCallCodeFixProvider()
        : base(DiagnosticIds.BlockingCall)
    {
    }

    /// <inheritdoc/>
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (!FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.Fix, out var fix) || !TryGetToken(diagnostic, out var token))
        {
            return;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        ExpressionSyntax? awaited = (fix, node) switch
        {
            (DiagnosticProperties.FixAwaitDelay, InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } sleep) => Delay(sleep, token),
            (DiagnosticProperties.FixAwaitResult, MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result) => WithToken(result.Expression, token),
            (DiagnosticProperties.FixAwaitTask, InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax wait }) => WithToken(TaskOf(wait), token),
            (DiagnosticProperties.FixAwaitAsyncOverload, InvocationExpressionSyntax call) => AsyncTwin(call, diagnostic, token),
            _ => null,
        };
        if (awaited is null)
        {
            return;
        }

        var title = fix switch
        {
            DiagnosticProperties.FixAwaitDelay => "Await Task.Delay",
            DiagnosticProperties.FixAwaitAsyncOverload => "Await " + diagnostic.Properties[DiagnosticProperties.AsyncMethodName],
            _ => "Await the task",
        };
        context.RegisterCodeFix(
            CodeAction.Create(title, ct => ReplaceAsync(context.Document, node, awaited, fix == DiagnosticProperties.FixAwaitDelay, ct), equivalenceKey: nameof(BlockingCallCodeFixProvider)),
            diagnostic);
    }

    /// <summary>How the token goes in, validated: none, or a token name with a way to pass it.</summary>
    private static bool TryGetToken(Diagnostic diagnostic, out (string? Name, string? Parameter) token)
    {
        token = default;
        if (!FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.TokenArgument, out var how))
        {
            return true;
        }

        if (!FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.TokenName, out var name) || !FixerHelpers.IsIdentifier(name))
        {
            return false;
        }

        switch (how)
        {
            case DiagnosticProperties.FixAppendArgument:
                token = (name, null);
                return true;
            case DiagnosticProperties.FixNamedArgument when FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.ParameterName, out var parameter) && FixerHelpers.IsIdentifier(parameter):
                token = (name, parameter);
                return true;
            default:
                return false;
        }
    }

    private static ExpressionSyntax Delay(InvocationExpressionSyntax sleep, (string? Name, string? Parameter) token)
    {
        var delay = SyntaxFactory.InvocationExpression(SyntaxFactory.ParseExpression("Task.Delay"), sleep.ArgumentList.WithoutTrivia());
        return Pass(delay, token);
    }

    /// <summary><c>t</c> of <c>t.Wait()</c>, and of <c>t.GetAwaiter().GetResult()</c>.</summary>
    private static ExpressionSyntax? TaskOf(MemberAccessExpressionSyntax wait) => wait switch
    {
        { Name.Identifier.ValueText: "Wait" } => wait.Expression,
        { Name.Identifier.ValueText: "GetResult", Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter } } => getAwaiter.Expression,
        _ => null,
    };

    /// <summary>The task with the token given to the call that makes it (under any <c>.ConfigureAwait(…)</c>), when the analyzer asked for that.</summary>
    private static ExpressionSyntax? WithToken(ExpressionSyntax? task, (string? Name, string? Parameter) token)
    {
        if (task is null || token.Name is null)
        {
            return task;
        }

        if (task is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure } configured)
        {
            return WithToken(configure.Expression, token) is InvocationExpressionSyntax inner ? configured.ReplaceNode(configure.Expression, inner) : null;
        }

        return task is InvocationExpressionSyntax producer ? Pass(producer, token) : null;
    }

    /// <summary><c>M(args)</c> as <c>MAsync(args, token)</c>, keeping the receiver and any type arguments.</summary>
    private static ExpressionSyntax? AsyncTwin(InvocationExpressionSyntax call, Diagnostic diagnostic, (string? Name, string? Parameter) token)
    {
        if (!FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.AsyncMethodName, out var asyncName) || !FixerHelpers.IsIdentifier(asyncName))
        {
            return null;
        }

        SimpleNameSyntax? name = call.Expression switch
        {
            IdentifierNameSyntax identifier => identifier,
            GenericNameSyntax generic => generic,
            MemberAccessExpressionSyntax access => access.Name,
            _ => null,
        };
        if (name is null)
        {
            return null;
        }

        var renamed = call.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier(asyncName).WithTriviaFrom(name.Identifier)));
        return Pass(renamed, token);
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, ExpressionSyntax awaited, bool usesTask, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        ExpressionSyntax replacement = SyntaxFactory.AwaitExpression(awaited.WithoutTrivia());
        if (node.Parent is not (ExpressionStatementSyntax or EqualsValueClauseSyntax or ArgumentSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax or LambdaExpressionSyntax))
        {
            // Kept only where the await would otherwise bind differently ((await t).Length).
            replacement = SyntaxFactory.ParenthesizedExpression(replacement).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        var changed = document.WithSyntaxRoot(root.ReplaceNode(node, replacement.WithTriviaFrom(node)));
        return usesTask ? await FixerHelpers.AddUsingsAsync(changed, cancellationToken, "System.Threading.Tasks").ConfigureAwait(false) : changed;
    }

    /// <summary>Appends the token, if the fix passes one: by position, or by name when the parameter's name is set.</summary>
    private static InvocationExpressionSyntax Pass(InvocationExpressionSyntax call, (string? Name, string? Parameter) token)
    {
        if (token.Name is null)
        {
            return call;
        }

        var argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token.Name));
        return call.AddArgumentListArguments(token.Parameter is null ? argument : argument.WithNameColon(SyntaxFactory.NameColon(token.Parameter)));
    }
}
