using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SseGen.Tests.Shared;

/// <summary>
/// Runs child processes (the dotnet CLI, tools) with a hard time limit and a clean environment.
/// Shared by the end-to-end and tooling tests (linked into both projects).
/// </summary>
internal static class ChildProcesses
{
    /// <summary>The dotnet host that runs these tests (DOTNET_HOST_PATH under <c>dotnet test</c>), else <c>dotnet</c> from PATH.</summary>
    public static string DotNetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The folder of the dotnet installation (for apphosts such as a dotnet tool's launcher).</summary>
    public static string? DotNetRoot()
    {
        var host = DotNetHost;
        if (!Path.IsPathRooted(host))
        {
            host = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, "dotnet"))
                .FirstOrDefault(File.Exists) ?? "";
        }

        if (host.Length == 0)
        {
            return null;
        }

        var resolved = new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host;
        return Path.GetDirectoryName(resolved);
    }

    /// <summary>
    /// An environment for a child: nothing of the test host's own MSBuild leaks in (it would point a
    /// language server or dotnet format at the wrong MSBuild), no build servers or node reuse outlive
    /// the command, and no telemetry or banners.
    /// </summary>
    public static void PrepareEnvironment(ProcessStartInfo startInfo)
    {
        foreach (var key in startInfo.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.Environment.Remove(key);
            }
        }

        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
        startInfo.Environment["UseSharedCompilation"] = "false";
        if (DotNetRoot() is { } root)
        {
            startInfo.Environment["DOTNET_ROOT"] = root;
        }
    }

    public static Task<CommandResult> RunDotNetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(DotNetHost, workingDirectory, timeout, arguments);

    /// <summary>Runs a program; returns the exit code and stdout+stderr interleaved. Killed with its children on timeout.</summary>
    public static async Task<CommandResult> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        PrepareEnvironment(startInfo);

        var command = $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new TimeoutException($"{command} did not finish in {timeout.TotalSeconds:0} s. Output so far:\n{Snapshot()}");
        }
        finally
        {
            // An exception from the awaiting test (or anything else) never leaves the child behind.
            Kill(process);
        }

        process.WaitForExit(); // drains the redirected streams
        return new CommandResult(command, process.ExitCode, Snapshot(), stopwatch.Elapsed);

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

    /// <summary>Kills a process and everything it started, and waits (bounded) until it is gone.</summary>
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // never started, or already gone
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // gone between the check and the kill
        }
    }
}

internal sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    private static readonly Regex DiagnosticLine = new(@":\s*(?<severity>warning|error)\s+(?<id>[A-Za-z]+[0-9]+)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Every distinct compiler/analyzer diagnostic line (<c>file(l,c): warning ID: …</c>) of the given severity.</summary>
    public IReadOnlyList<(string Id, string Line)> Diagnostics(string severity) =>
        Output.Split('\n')
            .Select(line => line.TrimEnd('\r').Trim())
            .Select(line => (Line: line, Match: DiagnosticLine.Match(line)))
            .Where(x => x.Match.Success && string.Equals(x.Match.Groups["severity"].Value, severity, StringComparison.OrdinalIgnoreCase))
            .Select(x => (x.Match.Groups["id"].Value, x.Line))
            .Distinct()
            .ToList();

    /// <summary>Every MSBuild/compiler/linker warning line (<c>…: warning CODE: …</c>), once each.</summary>
    public IReadOnlyList<string> WarningLines =>
        Output.Split('\n')
            .Select(line => line.TrimEnd('\r').Trim())
            .Where(line => Regex.IsMatch(line, @"(^|[\s:])warning(\s+[A-Za-z]+[0-9]+)?\s*:", RegexOptions.IgnoreCase))
            .Distinct()
            .ToList();

    public override string ToString() => $"{Command} exited {ExitCode} after {Elapsed.TotalSeconds:0.0} s:\n{Output}";
}
