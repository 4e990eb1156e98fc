using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SseGen.Generator.Analyzers;
using SseGen.Generator.Diagnostics;

namespace SseGen.CodeFixes;

/// <summary>
/// SSE005: turns <c>Channel.CreateUnbounded&lt;T&gt;(…)</c> into
/// <c>Channel.CreateBounded&lt;T&gt;(new BoundedChannelOptions(NameCapacity) { FullMode = … })</c>,
/// keeps the unbounded options' settings, and adds <c>private const int NameCapacity = 100;</c> to the
/// type for the user to tune.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnboundedBufferCodeFixProvider)), Shared]
public sealed class UnboundedBufferCodeFixProvider : SseCodeFixProvider
{
    private const string ChannelsNamespace = "System.Threading.Channels";
    private const string DefaultCapacity = "100";

    /// <summary>Creates the fix.</summary>
    public UnboundedBufferCodeFixProvider()
        : base(DiagnosticIds.UnboundedBuffer)
    {
    }

    /// <inheritdoc/>
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (!FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.Fix, out var fix) || fix != DiagnosticProperties.FixBoundedChannel
            || !FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.FullMode, out var mode)
            || mode is not (DiagnosticProperties.FullModeDropOldest or DiagnosticProperties.FullModeWait)
            || !FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.CapacityName, out var capacity) || !FixerHelpers.IsIdentifier(capacity))
        {
            return;
        }

        // The creation: the diagnostic's own location, or (for a field's channel, reported where the stream reads it) the first additional one.
        var location = diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations[0] : diagnostic.Location;
        if (location.SourceTree != root.SyntaxTree
            || root.FindNode(location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } creation
            || creation.Span != location.SourceSpan
            || creation.Expression is not MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "CreateUnbounded" } }
            || creation.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m.Parent is TypeDeclarationSyntax) is not { Parent: TypeDeclarationSyntax type } member)
        {
            return;
        }

        var title = $"Bound the channel (BoundedChannelFullMode.{mode}, capacity in a constant)";
        context.RegisterCodeFix(
            CodeAction.Create(title, ct => BoundAsync(context.Document, creation, member, type, mode, capacity, ct), equivalenceKey: nameof(UnboundedBufferCodeFixProvider)),
            diagnostic);
    }

    private static async Task<Document> BoundAsync(Document document, InvocationExpressionSyntax creation, MemberDeclarationSyntax member, TypeDeclarationSyntax type, string mode, string preferred, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var name = FixerHelpers.UniqueName(type, NeedsMemberPrefix(type, creation, preferred) ? MemberName(member) + preferred : preferred);
        var bounded = Bounded(creation, mode, name);
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            endOfLine = SyntaxFactory.LineFeed;
        }

        // The constant goes just above the member, with the member's blank lines before it and one between them.
        var leading = member.GetLeadingTrivia();
        var blankLines = leading.TakeWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToList();
        var rest = leading.Skip(blankLines.Count).ToList();
        var indentation = rest.Count > 0 && rest[0].IsKind(SyntaxKind.WhitespaceTrivia) ? new[] { rest[0] } : System.Array.Empty<SyntaxTrivia>();
        var constant = ((FieldDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration($"private const int {name} = {DefaultCapacity};")!)
            .WithLeadingTrivia(blankLines.Concat(indentation))
            .WithTrailingTrivia(endOfLine);

        var index = type.Members.IndexOf(member);
        var newType = type.ReplaceNode(creation, bounded);
        var newMember = newType.Members[index];
        newType = newType.WithMembers(newType.Members
            .Replace(newMember, newMember.WithLeadingTrivia(new[] { endOfLine }.Concat(rest)))
            .Insert(index, constant));
        document = document.WithSyntaxRoot(root.ReplaceNode(type, newType));
        return await FixerHelpers.AddUsingsAsync(document, cancellationToken, ChannelsNamespace).ConfigureAwait(false);
    }

    /// <summary><c>X.CreateBounded&lt;T&gt;(new BoundedChannelOptions(Name) { FullMode = …, SingleReader = … })</c>.</summary>
    private static InvocationExpressionSyntax Bounded(InvocationExpressionSyntax creation, string mode, string name)
    {
        var access = (MemberAccessExpressionSyntax)creation.Expression;
        var generic = (GenericNameSyntax)access.Name;
        var settings = new List<string> { $"FullMode = BoundedChannelFullMode.{mode}" };
        if (creation.ArgumentList.Arguments.FirstOrDefault()?.Expression is BaseObjectCreationExpressionSyntax { Initializer: { } initializer })
        {
            foreach (var expression in initializer.Expressions)
            {
                settings.Add(expression.WithoutTrivia().ToString());
            }
        }

        var options = SyntaxFactory.ParseExpression($"new BoundedChannelOptions({name}) {{ {string.Join(", ", settings)} }}");
        return creation
            .WithExpression(access.WithName(generic.WithIdentifier(SyntaxFactory.Identifier("CreateBounded").WithTriviaFrom(generic.Identifier))))
            .WithArgumentList(creation.ArgumentList.WithArguments(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(options))));
    }

    /// <summary>
    /// Whether another channel in the type (bounded already or not) is held by a name that gives the
    /// same constant (two endpoints each with <c>var channel</c>): then the member's name goes in
    /// front, so each gets its own constant whether the fixes run one by one or all at once on the
    /// same original type (Fix All).
    /// </summary>
    private static bool NeedsMemberPrefix(TypeDeclarationSyntax type, InvocationExpressionSyntax creation, string preferred)
    {
        foreach (var other in type.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (other != creation
                && other.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "CreateUnbounded" or "CreateBounded" } }
                && other.FirstAncestorOrSelf<VariableDeclaratorSyntax>() is { } holder
                && UnboundedBuffers.CapacityName(holder.Identifier.ValueText) == preferred)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The prefix for a local's constant: its method's name. A field's constant is named for the field already.</summary>
    private static string MemberName(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        _ => string.Empty,
    };
}
