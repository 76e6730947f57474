using System.Net;
using System.Net.Sockets;
using System.Text;
using Station.Interop.Tests.Rotctld;
using Xunit.Abstractions;

namespace Station.Interop.Tests.Indi;

/// <summary>
/// rotctld's control-loop measurement for INDI (see <see cref="ControlLoopLoad"/>): 50 INDI clients, each asking for
/// the mount's <c>HORIZONTAL_COORD</c> with <c>getProperties</c> at 10 Hz and waiting for the definition (on top of the
/// updates the server pushes to every client at 10 Hz).
/// </summary>
[Collection(ControlLoopMeasurement.Name)]
public sealed class IndiControlLoopLoadTests(ITestOutputHelper output)
{
    private const string Poll = "<getProperties version='1.7' device='QKD Station Mount' name='HORIZONTAL_COORD'/>\n";

    [Fact]
    [Trait("Category", "Long")]
    public async Task Fifty_clients_asking_for_the_mount_position_at_10_Hz_leave_the_control_loop_and_the_mount_undisturbed()
    {
        await using var firmware = await EmulatedFirmware.StartAsync("--Station:Interfaces:Indi:Enabled=true", "--Station:Interfaces:Indi:Port=0");
        await ControlLoopLoad.MeasureAsync(firmware, output, "INDI clients asking for HORIZONTAL_COORD",
            () => PollingClient.ConnectAsync(firmware.IndiPort),
            async client => await client.AskAsync() ? PollOutcome.Correct : PollOutcome.Missing);
    }

    /// <summary>
    /// A client that allocates next to nothing per poll: it shares the firmware's process, so a chatty one would make
    /// garbage-collector pauses — which stop the control loop's thread too — and the measurement would be of the test.
    /// </summary>
    private sealed class PollingClient : IAsyncDisposable
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

        public async ValueTask DisposeAsync()
        {
            await _stream.DisposeAsync();
            _tcp.Dispose();
        }
    }
}
