using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SseGen.IntegrationTests;

/// <summary>
/// Keep-alives on a real Kestrel with the app's clock a <see cref="FakeTimeProvider"/>: a stream
/// silent for the interval gets its comment on the clock's tick that reaches the interval, and not
/// on a tick before, so no stream is ever silent longer than the interval plus one period.
/// </summary>
public sealed partial class KeepAliveToleranceTests
{
    private const string FirstEvent = "data: {\"n\":1}\n\n";
    private const string KeepAlive = ": keep-alive\n\n";

    // The clock's period is an eighth of the interval: one second.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Period = Interval / 8;

    // How long a negative check gives the server to write what it must not: it reacts in microseconds.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task An_idle_stream_gets_its_keep_alive_on_the_tick_that_reaches_the_interval_and_not_on_one_before()
    {
        var time = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.Configure<SseOptions>(o => o.KeepAliveInterval = Interval);
        });
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/keepalive/one-then-idle", cts.Token);
        var reader = new BackgroundReader(await response.Content.ReadAsStreamAsync(cts.Token), cts.Token);
        await reader.WaitForAsync(t => t == FirstEvent, "the first event");
        // The flush is recorded as done a moment after its bytes left: let the loop get there first.
        await Task.Delay(Quiet);

        for (var silence = 1; silence <= 2; silence++)
        {
            for (var tick = 1; tick < 8; tick++)
            {
                time.Advance(Period);
                await Task.Delay(Quiet);
                Assert.True(CountComments(reader.Text) == silence - 1, $"A keep-alive came {tick} s into silence {silence}, before the interval ({Interval}): {SseClient.Show(reader.Text)}");
            }

            time.Advance(Period);
            await reader.WaitForAsync(t => CountComments(t) == silence, $"keep-alive {silence}");
            await Task.Delay(Quiet);
        }

        Assert.Equal(FirstEvent + KeepAlive + KeepAlive, reader.Text);
        Assert.Empty(server.Logs.Errors);
    }

    /// <summary>Reads the body on its own, so the test can look at what arrived without starting or cancelling a read.</summary>
    private sealed class BackgroundReader
    {
        private readonly StringBuilder _text = new();

        public BackgroundReader(Stream stream, CancellationToken cancellationToken) => _ = ReadAsync(stream, cancellationToken);

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public async Task WaitForAsync(Func<string, bool> condition, string what)
        {
            using var cts = new CancellationTokenSource(TestServer.Timeout);
            while (!condition(Text))
            {
                Assert.False(cts.IsCancellationRequested, $"Timed out waiting for {what}; received: {SseClient.Show(Text)}");
                await Task.Delay(5, CancellationToken.None);
            }
        }

        private async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
        {
            var buffer = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                lock (_text)
                {
                    _text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }
            }
        }
    }

    private static int CountComments(string text) => KeepAliveLine().Matches(text).Count;

    [GeneratedRegex("^:", RegexOptions.Multiline)]
    private static partial Regex KeepAliveLine();
}
