using SseGen.EndToEndTests.Infrastructure;

namespace SseGen.EndToEndTests;

/// <summary>
/// Publishes the sample once as Native AOT for linux-x64 (its own bin/obj in a temp folder, so the
/// repo's build output is never touched) and starts the native binary on a free loopback port.
/// </summary>
public sealed class NativeAotFixture : IAsyncLifetime
{
    private readonly TempDirectory temp = new("ssegen-e2e-aot");

    public string PublishDirectory => temp.Combine("publish");

    public string Executable => Path.Combine(PublishDirectory, "SseGen.Sample");

    internal CommandResult? Publish { get; private set; }

    internal ServerProcess? App { get; private set; }

    public string? AppFailure { get; private set; }

    public async Task InitializeAsync()
    {
        Publish = await ChildProcesses.RunDotNetAsync(Repo.Root, TimeSpan.FromMinutes(6),
            "publish", Path.Combine("samples", "SseGen.Sample"),
            "-c", "Release",
            "-r", "linux-x64",
            "-o", PublishDirectory,
            "--artifacts-path", temp.Combine("artifacts"),
            "-nodeReuse:false");
        if (Publish.ExitCode != 0 || !File.Exists(Executable))
        {
            return;
        }

        try
        {
            App = await ServerProcess.StartExecutableAsync(Executable, FreePort.Next());
        }
        catch (Exception e)
        {
            AppFailure = e.ToString();
        }
    }

    public Task DisposeAsync()
    {
        App?.Dispose();
        temp.Dispose();
        return Task.CompletedTask;
    }

    public void AssertPublished()
    {
        Assert.NotNull(Publish);
        Assert.True(Publish.ExitCode == 0, Publish.ToString());
        Assert.True(File.Exists(Executable), $"{Executable} was not produced.\n{Publish}");
    }

    internal ServerProcess RunningApp()
    {
        AssertPublished();
        Assert.True(App is not null, AppFailure);
        Assert.False(App.HasExited, "The native sample has exited:\n" + App.Output);
        return App;
    }
}
