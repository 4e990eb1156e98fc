using System.Text.Json.Nodes;

namespace SseGen.ToolingTests.Infrastructure;

/// <summary>An LSP <c>Diagnostic</c>, as much of it as the tests look at.</summary>
internal sealed record LspDiagnostic(string? Code, int? Severity, string? Href, TextPosition Start, TextPosition End, string Message)
{
    public const int Error = 1;
    public const int Warning = 2;

    public bool IsSse => Code is not null && Code.StartsWith("SSE", StringComparison.Ordinal);

    public static LspDiagnostic Parse(JsonNode node) => new(
        node["code"]?.ToString(),
        node["severity"]?.GetValue<int>(),
        node["codeDescription"]?["href"]?.ToString(),
        TextPosition.Parse(node["range"]!["start"]!),
        TextPosition.Parse(node["range"]!["end"]!),
        node["message"]?.ToString() ?? "");

    /// <summary>The text the diagnostic's range covers.</summary>
    public string CoveredText(string text) => text[Start.ToOffset(text)..End.ToOffset(text)];

    public override string ToString() => $"{Code} (severity {Severity}) at {Start}-{End}: {Message} [{Href}]";
}

/// <summary>A zero-based line and UTF-16 character, as LSP counts them.</summary>
internal readonly record struct TextPosition(int Line, int Character)
{
    public static TextPosition Parse(JsonNode node) => new(node["line"]!.GetValue<int>(), node["character"]!.GetValue<int>());

    /// <summary>The position where <paramref name="needle"/> first occurs in <paramref name="text"/>.</summary>
    public static TextPosition Of(string text, string needle)
    {
        var offset = text.IndexOf(needle, StringComparison.Ordinal);
        if (offset < 0)
        {
            throw new ArgumentException($"'{needle}' is not in the text:\n{text}", nameof(needle));
        }

        return FromOffset(text, offset);
    }

    public static TextPosition FromOffset(string text, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TextPosition(line, offset - lineStart);
    }

    public int ToOffset(string text)
    {
        var offset = 0;
        for (var line = 0; line < Line; line++)
        {
            offset = text.IndexOf('\n', offset) + 1;
        }

        return offset + Character;
    }

    public JsonObject ToJson() => new() { ["line"] = Line, ["character"] = Character };

    public override string ToString() => $"{Line + 1}:{Character + 1}";
}
