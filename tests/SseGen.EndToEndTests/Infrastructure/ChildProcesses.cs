using System.Diagnostics;
using System.Text;

namespace SseGen.EndToEndTests.Infrastructure;

/// <summary>Runs the dotnet CLI (pack, build, publish) as a child process with a hard time limit.</summary>
internal static class ChildProcesses
{
    public static string DotNetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// An environment for a child: nothing of the test host's own MSBuild leaks in, no build servers
    /// or node reuse outlive the command, and no telemetry or banners.
    /// </summary>
    public static void PrepareEnvironment(ProcessStartInfo startInfo)
    {
        foreach (var key in startInfo.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.Environment.Remove(key);
            }
        }

        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["UseSharedCompilation"] = "false";
    }

    /// <summary>Runs <c>dotnet</c> with the arguments; returns the exit code and stdout+stderr interleaved.</summary>
    public static async Task<CommandResult> RunDotNetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotNetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        PrepareEnvironment(startInfo);

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds:0} s. Output so far:\n{Snapshot()}");
        }

        process.WaitForExit(); // drains the redirected streams
        return new CommandResult($"dotnet {string.Join(' ', arguments)}", process.ExitCode, Snapshot(), stopwatch.Elapsed);

        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }

        string Snapshot()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}

internal sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>Every MSBuild/compiler/linker warning line (<c>…: warning CODE: …</c>), once each.</summary>
    public IReadOnlyList<string> WarningLines =>
        Output.Split('\n')
            .Select(line => line.TrimEnd('\r').Trim())
            .Where(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"(^|[\s:])warning(\s+[A-Za-z]+[0-9]+)?\s*:", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            .Distinct()
            .ToList();

    public override string ToString() => $"{Command} exited {ExitCode} after {Elapsed.TotalSeconds:0.0} s:\n{Output}";
}
