using Station.Devices.Board;
using Station.Devices.GateCounter;
using Station.Emulator.Faults;
using UnitsNet;

namespace Station.Hil.Tests.Detectors;

/// <summary>The gate/counter faults (<c>spi_crc</c>, <c>no_response</c>): typed exception, retries, recovery, no wrong data.</summary>
public sealed class GateCounterFaultHilTests : IDisposable
{
    private readonly DetectorBench _bench = new();

    [Fact]
    public void Spi_crc_gives_a_typed_crc_error_after_three_retries_and_reads_recover_when_it_ends()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(10));
        _bench.Station.GateCounter.Channels[0].DarkCountRate = Frequency.FromMegahertz(1);
        var before = _bench.NextWindow(board);
        long retriesBefore = board.RetryCount;
        _bench.Station.Faults.InjectNow(FaultKind.SpiCrc, DeviceId.GateCounter, TimeSpan.FromMilliseconds(50));

        var error = Assert.Throws<GateCounterException>(() => board.ReadStatus());

        Assert.Equal(("gate_counter", GateCounterFailure.CrcError, GateCounterRegister.Status, 4), (error.DeviceName, error.Failure, error.Register, error.Attempts));
        Assert.Equal(3, board.RetryCount - retriesBefore);
        Assert.StartsWith("gate_counter: reply CRC error on Status (0x03) after 4 attempts", error.Message, StringComparison.Ordinal);

        // A window read during the fault fails rather than returning a corrupted count.
        _bench.Time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(GateCounterFailure.CrcError, Assert.Throws<GateCounterException>(() => board.TryReadWindow(out _)).Failure);

        _bench.Time.Advance(TimeSpan.FromMilliseconds(45)); // the fault is over
        Assert.True(board.TryReadWindow(out var after));
        Assert.Equal(before.Sequence + 5, after.Sequence);
        Assert.Equal(4u, after.MissedWindows); // the windows that passed during the fault are reported, not hidden
        Assert.InRange(after[0], 850u, 1_150u); // 1 MHz dark × 10 % duty × 10 ms ≈ 1,000: a real count, not garbage
        Assert.True(board.ReadStatus().BoardEnabled);
        Assert.Equal(0u, board.ReadBoardCrcErrorCount()); // commands reached the board intact; only replies were hit
    }

    [Fact]
    public void No_response_gives_a_typed_exception_executes_nothing_and_the_gpio_enable_still_cuts_the_gate()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(10));
        var twin = _bench.Station.GateCounter;
        _bench.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.GateCounter);
        long retriesBefore = board.RetryCount;

        var error = Assert.Throws<GateCounterException>(() => board.SetBoardEnabled(false));

        Assert.Equal((GateCounterFailure.NoResponse, GateCounterRegister.Control, 4), (error.Failure, error.Register, error.Attempts));
        Assert.Equal(3, board.RetryCount - retriesBefore);
        Assert.Contains("MISO stayed idle", error.Message, StringComparison.Ordinal);
        Assert.True(twin.IsGateOpen(0)); // the board never saw the command

        board.SetMasterEnable(0, false); // the hardware path needs no SPI
        Assert.False(twin.IsGateOpen(0));

        _bench.Time.Advance(TimeSpan.FromMilliseconds(5));
        _bench.Station.Faults.Clear(FaultKind.NoResponse, DeviceId.GateCounter);
        var status = board.ReadStatus();
        Assert.True(status.BoardEnabled);
        Assert.Equal(GateChannels.All & ~GateChannels.Channel0, status.GatesActive);
        board.SetBoardEnabled(false);
        Assert.False(board.ReadStatus().BoardEnabled);
    }

    [Fact]
    public void A_scheduled_fault_starts_and_ends_at_its_simulated_times()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(10));
        var start = _bench.Time.GetUtcNow() + TimeSpan.FromMilliseconds(20);
        _bench.Station.Faults.Schedule(FaultKind.NoResponse, DeviceId.GateCounter, start, TimeSpan.FromMilliseconds(30));

        _bench.Time.AdvanceTo(start - TimeSpan.FromTicks(1));
        board.ReadStatus();
        _bench.Time.AdvanceTo(start);
        Assert.Equal(GateCounterFailure.NoResponse, Assert.Throws<GateCounterException>(() => board.ReadStatus()).Failure);
        _bench.Time.AdvanceTo(start + TimeSpan.FromMilliseconds(30));
        Assert.True(board.ReadStatus().Integrating);
    }

    public void Dispose() => _bench.Dispose();
}
