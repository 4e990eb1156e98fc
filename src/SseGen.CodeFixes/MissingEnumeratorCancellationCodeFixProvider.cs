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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SseGen.Generator.Diagnostics;

namespace SseGen.CodeFixes;

/// <summary>
/// SSE001: adds <c>[EnumeratorCancellation]</c> to the endpoint's token parameter, or adds the
/// parameter <c>[EnumeratorCancellation] CancellationToken cancellationToken = default</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingEnumeratorCancellationCodeFixProvider)), Shared]
public sealed class MissingEnumeratorCancellationCodeFixProvider : SseCodeFixProvider
{
    /// <summary>Creates the fix.</summary>
    public MissingEnumeratorCancellationCodeFixProvider()
        : base(DiagnosticIds.MissingEnumeratorCancellation)
    {
    }

    /// <inheritdoc/>
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (!FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.Fix, out var fix))
        {
            return;
        }

        var node = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
        if (fix == DiagnosticProperties.FixAddAttribute
            && FixerHelpers.TryGetProperty(diagnostic, DiagnosticProperties.ParameterName, out var parameterName)
            && node is ParameterSyntax parameter
            && parameter.Identifier.ValueText == parameterName)
        {
            const string title = "Mark the token [EnumeratorCancellation]";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => AddAttributeAsync(context.Document, parameter, ct), equivalenceKey: nameof(MissingEnumeratorCancellationCodeFixProvider)),
                diagnostic);
        }
        else if (fix == DiagnosticProperties.FixAddParameter && node is MethodDeclarationSyntax method)
        {
            const string title = "Add an [EnumeratorCancellation] CancellationToken parameter";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => AddParameterAsync(context.Document, method, ct), equivalenceKey: nameof(MissingEnumeratorCancellationCodeFixProvider)),
                diagnostic);
        }
    }

    private static AttributeListSyntax EnumeratorCancellationList() =>
        SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("EnumeratorCancellation"))))
            .WithTrailingTrivia(SyntaxFactory.Space);

    private static async Task<Document> AddAttributeAsync(Document document, ParameterSyntax parameter, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(parameter, parameter.AddAttributeLists(EnumeratorCancellationList()));
        return await FixerHelpers.AddUsingsAsync(editor.GetChangedDocument(), cancellationToken, FixerHelpers.CompilerServicesNamespace, FixerHelpers.ThreadingNamespace).ConfigureAwait(false);
    }

    private static async Task<Document> AddParameterAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var name = FixerHelpers.UniqueName(method, "cancellationToken");

        // "= default" keeps the parameter legal after optional parameters; before a params array it must come first.
        var newParameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.IdentifierName("CancellationToken").WithTrailingTrivia(SyntaxFactory.Space))
            .WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)))
            .AddAttributeLists(EnumeratorCancellationList())
            .WithAdditionalAnnotations(Formatter.Annotation);

        var parameters = method.ParameterList.Parameters;
        var index = parameters.Count > 0 && parameters.Last().Modifiers.Any(SyntaxKind.ParamsKeyword) ? parameters.Count - 1 : parameters.Count;
        editor.ReplaceNode(method.ParameterList, method.ParameterList.WithParameters(parameters.Insert(index, newParameter)));
        return await FixerHelpers.AddUsingsAsync(editor.GetChangedDocument(), cancellationToken, FixerHelpers.CompilerServicesNamespace, FixerHelpers.ThreadingNamespace).ConfigureAwait(false);
    }
}
