using Station.Devices.Board;
using Station.Devices.GateCounter;
using Station.Emulator.Devices;
using UnitsNet;

namespace Station.Hil.Tests.Detectors;

/// <summary>The gate/counter binding against its twin: identity, trip, gate cuts (GPIO, watchdog), shutter, frame errors.</summary>
public sealed class GateCounterHilTests : IDisposable
{
    private readonly DetectorBench _bench = new();

    [Fact]
    public void Initialise_reads_the_identity_and_a_reset_board_with_every_gate_shut()
    {
        var board = _bench.OpenGateCounter(start: false);

        var status = board.ReadStatus();

        Assert.Equal(new GateCounterIdentity(GateCounterRegisters.Magic, 1, 1), board.ReadIdentity()); // v1.1: with the inter-arrival histogram
        Assert.False(status.BoardEnabled);
        Assert.Equal((GateChannels.None, GateChannels.None, ShutterPosition.Closed), (status.GatesActive, status.MasterEnables, status.Shutter));
        Assert.False(status.WatchdogCut);
        Assert.Equal(0, board.RetryCount);
    }

    [Fact]
    public void Gates_run_only_while_board_channel_and_gpio_enables_are_all_on()
    {
        var board = _bench.OpenGateCounter(start: false);
        var twin = _bench.Station.GateCounter;

        board.SetBoardEnabled(true);
        board.SetChannelEnabled(1, true);
        Assert.False(twin.IsGateOpen(1)); // GPIO master enable still low
        board.SetMasterEnable(1, true);
        Assert.True(twin.IsGateOpen(1));
        Assert.Equal(GateChannels.Channel1, board.ReadStatus().GatesActive);
        Assert.Equal(GateChannels.Channel1, board.ReadStatus().MasterEnables);

        board.SetMasterEnable(1, false); // no SPI needed to close a gate
        Assert.False(twin.IsGateOpen(1));
        board.SetMasterEnable(1, true);
        board.SetBoardEnabled(false);
        Assert.False(twin.IsGateOpen(1));
    }

    [Fact]
    public void Gpio_enable_low_cuts_the_count_at_once_and_flags_the_window()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(10));
        board.ConfigureGate(0, Duration.Zero, board.GatePeriod); // free running: the gate never closes by itself
        var channel = _bench.Station.GateCounter.Channels[0];
        channel.DarkCountRate = Frequency.FromMegahertz(1); // plenty of counts without light (≈ 9,800 per window)
        _bench.NextWindow(board);
        var full = _bench.NextWindow(board);
        Assert.True(full.IsComplete(0));
        Assert.InRange(full[0], 8_000u, 12_000u);

        _bench.Time.Advance(TimeSpan.FromMilliseconds(5)); // half-way through a window
        board.SetMasterEnable(0, false);
        var half = _bench.NextWindow(board);
        var none = _bench.NextWindow(board);

        Assert.InRange(half[0], 3_500u, 6_500u);
        Assert.Equal(GateChannels.Channel0, half.GateInterrupted & GateChannels.Channel0);
        Assert.Equal(0u, none[0]);
        Assert.False(none.IsComplete(0));
        Assert.True(none.IsComplete(1)); // other channels unaffected
        Assert.Equal(GateChannels.Channel1 | GateChannels.Channel2 | GateChannels.Channel3, board.ReadStatus().GatesActive);
    }

    [Fact]
    public void Bright_light_trips_within_the_window_and_stays_tripped_until_cleared()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(10));
        board.SetTripThreshold(2, 1_000u);
        board.SetShutterOpen(true);
        _bench.Time.Advance(TimeSpan.FromMilliseconds(25));
        _bench.NextWindow(board);
        var twin = _bench.Station.GateCounter;

        twin.Channels[2].SignalRate = Frequency.FromMegahertz(500); // sunlight: every gate fires
        var tripped = _bench.NextWindow(board);

        // The count stops at the first count over the threshold, in the window the light arrived.
        Assert.Equal(1_001u, tripped[2]);
        Assert.Equal(GateChannels.Channel2, tripped.TrippedInWindow);
        Assert.Equal(GateChannels.Channel2, board.ReadTripFlags());
        Assert.False(twin.IsGateOpen(2));
        Assert.Equal(GateCounterFrameStatus.AnyTripped, board.LastFrameStatus & GateCounterFrameStatus.AnyTripped);

        var dark = _bench.NextWindow(board);
        Assert.Equal(0u, dark[2]);
        Assert.Equal(GateChannels.Channel2, board.ReadStatus().Tripped);

        board.ClearTripFlags(GateChannels.Channel2); // light still there: trips again within one window
        var again = _bench.NextWindow(board);
        Assert.Equal(1_001u, again[2]);
        Assert.Equal(GateChannels.Channel2, board.ReadTripFlags());

        twin.Channels[2].SignalRate = Frequency.FromKilohertz(500); // 10 ns gates every 100 ns: about 500 counts per window
        board.ClearTripFlags(GateChannels.Channel2);
        _bench.NextWindow(board);
        var recovered = _bench.NextWindow(board);
        Assert.True(recovered.IsComplete(2));
        Assert.InRange(recovered[2], 400u, 600u);
        Assert.Equal(GateChannels.None, board.ReadTripFlags());
    }

    [Fact]
    public void The_shutter_takes_its_travel_time_and_reports_both_end_positions()
    {
        var board = _bench.OpenGateCounter(start: false);

        board.SetShutterOpen(true);
        Assert.Equal((true, ShutterPosition.Moving), board.ReadShutter());
        _bench.Time.Advance(TimeSpan.FromMilliseconds(19));
        Assert.Equal(ShutterPosition.Moving, board.ReadShutter().Position);
        _bench.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(ShutterPosition.Open, board.ReadShutter().Position);
        Assert.True(_bench.Station.GateCounter.ShutterFullyOpen);

        board.SoftReset(); // reset commands it closed
        Assert.Equal((false, ShutterPosition.Moving), board.ReadShutter());
        _bench.Time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(ShutterPosition.Closed, board.ReadStatus().Shutter);
    }

    [Fact]
    public void Unread_windows_are_reported_as_missed()
    {
        var board = _bench.OpenGateCounter(Duration.FromMilliseconds(10));
        var first = _bench.NextWindow(board);

        _bench.Time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.True(board.TryReadWindow(out var later));

        Assert.Equal(first.Sequence + 3, later.Sequence);
        Assert.Equal(2u, later.MissedWindows);
        Assert.False(board.TryReadWindow(out _));
    }

    [Fact]
    public void The_board_refuses_a_corrupted_command_and_counts_it()
    {
        var board = _bench.OpenGateCounter(start: false);
        using var raw = _bench.Station.Buses.OpenSpi(_bench.Map.GetSpiConnectionSettings(DeviceId.GateCounter));
        var frame = new byte[7];
        var reply = new byte[7];
        GateCounterFrame.EncodeCommand(GateCounterRegister.Control, write: true, 0x11, frame);
        frame[4] ^= 0x10; // a bit flips on MOSI after the CRC was computed

        raw.TransferFullDuplex(frame, reply);

        Assert.Equal(GateCounterRegisters.NakCrc, reply[6]);
        Assert.Equal(1u, board.ReadBoardCrcErrorCount());
        Assert.False(board.ReadStatus().BoardEnabled); // nothing executed
        board.ClearBoardCrcErrorCount();
        Assert.Equal(0u, board.ReadBoardCrcErrorCount());
    }

    [Fact]
    public void Out_of_range_and_read_only_writes_are_refused_by_the_board()
    {
        var board = _bench.OpenGateCounter(start: false);

        var value = Assert.Throws<GateCounterException>(() => board.WriteRegister(GateCounterRegister.GatePeriod, 5));
        var readOnly = Assert.Throws<GateCounterException>(() => board.WriteRegister(GateCounterRegister.Status, 0));
        var unknown = Assert.Throws<GateCounterException>(() => board.ReadRegister((GateCounterRegister)0x13));

        Assert.Equal((GateCounterFailure.ValueRejected, 1), (value.Failure, value.Attempts));
        Assert.Equal(GateCounterFailure.AddressRejected, readOnly.Failure);
        Assert.Equal(GateCounterFailure.AddressRejected, unknown.Failure);
        Assert.Equal(10_000u, board.ReadRegister(GateCounterRegister.GatePeriod));
    }

    [Fact]
    public void Twin_and_binding_agree_on_the_crc()
    {
        var data = new byte[5];
        var random = new Random(7);
        for (int i = 0; i < 1000; i++)
        {
            random.NextBytes(data);
            Assert.Equal(GateCounterFrame.Crc8(data), EmulatedGateCounter.Crc8(data));
        }
    }

    public void Dispose() => _bench.Dispose();
}
