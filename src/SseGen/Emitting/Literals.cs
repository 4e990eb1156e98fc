using Microsoft.CodeAnalysis.CSharp;

namespace SseGen.Generator.Emitting;

/// <summary>C# spellings of names and strings.</summary>
internal static class Literals
{
    /// <summary>A name usable as an identifier: a keyword such as <c>event</c> becomes <c>@event</c>.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string String(string? value) =>
        value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);
}
