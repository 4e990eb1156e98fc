using System;
using System.Text;

namespace SseGen.Generator.Emitting;

/// <summary>A tiny indenting writer: blocks open and close in pairs, and must be balanced at the end.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void WriteLine(string line = "")
    {
        if (line.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
        }

        _builder.Append(line).Append('\n');
    }

    /// <summary>
    /// Writes a multi-line fragment (a raw-string template) at the current indentation, line by
    /// line, so a template is written as the code reads and not as where it lands.
    /// </summary>
    public void WriteLines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            WriteLine(line);
        }
    }

    /// <summary>
    /// Writes a declaration whose parameters would make one long line: one parameter a line, indented
    /// one level deeper, as a person would wrap it. The block that follows is opened by the caller.
    /// </summary>
    public void WriteSignature(string head, params string[] parameters)
    {
        WriteLine(head + "(");
        _indent++;
        for (var i = 0; i < parameters.Length; i++)
        {
            WriteLine(parameters[i] + (i == parameters.Length - 1 ? ")" : ","));
        }

        _indent--;
    }

    public void OpenBlock(string? header = null)
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        _indent++;
    }

    public void CloseBlock() => CloseBlock(string.Empty);

    /// <summary>Closes a block that is part of an expression: an initializer ends with <c>;</c> or <c>,</c>.</summary>
    public void CloseBlock(string suffix)
    {
        _indent--;
        if (_indent < 0)
        {
            throw new InvalidOperationException("More blocks were closed than opened.");
        }

        WriteLine("}" + suffix);
    }

    public override string ToString()
    {
        if (_indent != 0)
        {
            throw new InvalidOperationException($"{_indent} blocks were left open.");
        }

        return _builder.ToString();
    }
}
