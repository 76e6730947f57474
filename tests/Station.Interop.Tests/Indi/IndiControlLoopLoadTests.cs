using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Station.Firmware.Motion;
using Station.Interop.Tests.Rotctld;
using Xunit.Abstractions;

namespace Station.Interop.Tests.Indi;

/// <summary>
/// rotctld's control-loop measurement for INDI: the control loop's step timing with and without 50 INDI clients, each
/// asking for the mount's <c>HORIZONTAL_COORD</c> with <c>getProperties</c> at 10 Hz and waiting for the definition (on
/// top of the updates the server pushes to every client at 10 Hz), on the firmware's own control-loop thread paced to
/// real time. Each phase lasts <c>CONTROL_LOOP_LOAD_SECONDS</c> (default 3 s; 60 s for the figure:
/// <c>CONTROL_LOOP_LOAD_SECONDS=60 dotnet test tests/Station.Interop.Tests --filter Category=Long</c>). It prints both
/// phases' statistics and asserts correctness only (every client answered, the mount unmoved, the loop never faulted).
/// </summary>
[Collection(ControlLoopMeasurement.Name)]
public sealed class IndiControlLoopLoadTests(ITestOutputHelper output)
{
    private const int Clients = 50;
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(100);
    private const string Poll = "<getProperties version='1.7' device='QKD Station Mount' name='HORIZONTAL_COORD'/>\n";

    [Fact]
    [Trait("Category", "Long")]
    public async Task Fifty_clients_asking_for_the_mount_position_at_10_Hz_leave_the_control_loop_and_the_mount_undisturbed()
    {
        var phase = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("CONTROL_LOOP_LOAD_SECONDS") ?? "3", CultureInfo.InvariantCulture));
        await using var firmware = await EmulatedFirmware.StartAsync("--Station:Interfaces:Indi:Enabled=true", "--Station:Interfaces:Indi:Port=0");
        int port = firmware.IndiPort;
        firmware.HomeMount();
        var restingAt = firmware.Mount.KnownPosition;
        firmware.StartPacing(speed: 1);
        await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System); // warm up (JIT, caches) before measuring

        firmware.Pacer.ResetStatistics();
        var gc = GcActivity.Start();
        await Task.Delay(phase, TimeProvider.System);
        var quiet = firmware.Pacer.Statistics;
        var quietGc = gc.Stop();

        var clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => PollingClient.ConnectAsync(port)));
        var polls = new PollResult[Clients];
        try
        {
            firmware.Pacer.ResetStatistics();
            gc = GcActivity.Start();
            using var stop = new CancellationTokenSource(phase, TimeProvider.System);
            await Task.WhenAll(clients.Select(async (client, i) => polls[i] = await PollAsync(client, stop.Token)));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        var loaded = firmware.Pacer.Statistics;
        var loadedGc = gc.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"phase {phase.TotalSeconds} s each, 1 ms steps, {Clients} INDI clients asking for HORIZONTAL_COORD every {PollPeriod.TotalMilliseconds} ms"));
        output.WriteLine("without clients: " + Describe(quiet) + "; " + quietGc);
        output.WriteLine("with clients:    " + Describe(loaded) + "; " + loadedGc);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"answers: {polls.Sum(p => p.Answers)} ({polls.Min(p => p.Answers)}…{polls.Max(p => p.Answers)} per client), slowest answer {polls.Max(p => p.SlowestMs):0.0} ms"));

        Assert.Null(firmware.Pacer.Fault);
        int expectedPerClient = (int)(phase / PollPeriod * 0.5); // a loaded 2-core machine may miss some 10 Hz ticks, never all
        Assert.All(polls, p => Assert.True(p.Answers >= expectedPerClient, $"a client got {p.Answers} answers"));
        Assert.Equal(MountState.Idle, firmware.Mount.State);
        Assert.Equal(restingAt, firmware.Mount.KnownPosition);
        Assert.True(loaded.Count > 0 && quiet.Count > 0);
    }

    private static async Task<PollResult> PollAsync(PollingClient client, CancellationToken stop)
    {
        var result = new PollResult();
        using var ticks = new PeriodicTimer(PollPeriod, TimeProvider.System);
        while (!stop.IsCancellationRequested)
        {
            long sent = TimeProvider.System.GetTimestamp();
            if (await client.AskAsync())
            {
                result.Answers++;
            }

            result.SlowestMs = Math.Max(result.SlowestMs, TimeProvider.System.GetElapsedTime(sent).TotalMilliseconds);
            try
            {
                await ticks.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// A client that allocates next to nothing per poll: it shares the firmware's process, so a chatty one would make
    /// garbage-collector pauses — which stop the control loop's thread too — and the measurement would be of the test.
    /// </summary>
    private sealed class PollingClient : IDisposable
    {
        private static readonly byte[] Request = Encoding.ASCII.GetBytes(Poll);
        private static readonly byte[] End = Encoding.ASCII.GetBytes("</defNumberVector>"); // only the definition asked for ends so
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;
        private readonly byte[] _buffer = new byte[65536];

        private PollingClient(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
        }

        public static async Task<PollingClient> ConnectAsync(int port)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return new PollingClient(tcp);
        }

        /// <summary>Sends the poll and reads until the definition has ended (true), or 5 s pass or the server closes (false).</summary>
        public async Task<bool> AskAsync()
        {
            await _stream.WriteAsync(Request);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            int kept = 0; // the tail of the last read, in case the end tag straddles two reads
            while (true)
            {
                int read = await _stream.ReadAsync(_buffer.AsMemory(kept), timeout.Token);
                if (read == 0)
                {
                    return false;
                }

                int length = kept + read;
                if (_buffer.AsSpan(0, length).IndexOf(End) >= 0)
                {
                    return true;
                }

                kept = Math.Min(End.Length - 1, length);
                _buffer.AsSpan(length - kept, kept).CopyTo(_buffer);
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _tcp.Dispose();
        }
    }

    private static string Describe(Station.Core.Timing.TickTimingStatistics s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Count} steps, lateness mean {s.MeanLatenessMicroseconds:0} µs, p99 ≤ {s.PercentileUpperBoundMicroseconds(0.99)} µs, max {s.MaxLatenessMicroseconds:0} µs, {s.Overruns} overruns ({100.0 * s.Overruns / Math.Max(1, s.Count):0.00} %)");

    private sealed class PollResult
    {
        public int Answers { get; set; }

        public double SlowestMs { get; set; }
    }
}
