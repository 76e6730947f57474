using System.Device.Gpio;
using System.Device.Spi;
using System.Text;
using Station.Devices.Board;
using Station.Devices.GateCounter;
using UnitsNet;

namespace Station.Devices.Tests.GateCounter;

/// <summary>The gate/counter binding against a scripted board: frames, CRC, retries, validation, window bookkeeping.</summary>
public sealed class GateCounterBoardTests : IDisposable
{
    private static readonly GpioLineAssignment[] Enables =
    [
        new("enable_ch0", 5, GpioDirection.Output, GpioPull.None, ActiveLevel.High),
        new("enable_ch1", 6, GpioDirection.Output, GpioPull.None, ActiveLevel.High),
        new("enable_ch2", 12, GpioDirection.Output, GpioPull.None, ActiveLevel.High),
        new("enable_ch3", 13, GpioDirection.Output, GpioPull.None, ActiveLevel.High),
    ];

    private readonly ScriptedGateCounterSpi _spi = new();
    private readonly RecordingGpioDriver _gpioDriver = new();
    private readonly GpioController _gpio;
    private readonly GateCounterBoard _board;

    public GateCounterBoardTests()
    {
        _gpio = new GpioController(_gpioDriver);
        _board = new GateCounterBoard(_spi, _gpio, Enables, retries: 3, shouldDispose: false);
    }

    [Fact]
    public void Crc_is_crc8_i432_1_with_its_catalogue_check_value()
    {
        Assert.Equal(0xA1, GateCounterFrame.Crc8(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0x55, GateCounterFrame.Crc8([0, 0, 0, 0, 0])); // so a MISO stuck low fails the check
        Assert.NotEqual(0xFF, GateCounterFrame.Crc8([0xFF, 0xFF, 0xFF, 0xFF, 0xFF])); // and an idle bus too
    }

    [Fact]
    public void Read_and_write_frames_carry_address_rw_bit_big_endian_data_and_crc()
    {
        var frame = new byte[7];

        GateCounterFrame.EncodeCommand(GateCounterRegister.Control, write: true, 0x0000_0011, frame);

        Assert.Equal(new byte[] { 0x81, 0x00, 0x00, 0x00, 0x11, GateCounterFrame.Crc8([0x81, 0, 0, 0, 0x11]), 0x00 }, frame);
        GateCounterFrame.EncodeCommand(GateCounterRegister.WindowSequence, write: false, 0xDEAD_BEEF, frame);
        Assert.Equal(new byte[] { 0x20, 0, 0, 0, 0, GateCounterFrame.Crc8([0x20, 0, 0, 0, 0]), 0 }, frame);
    }

    [Fact]
    public void Initialize_checks_identity_then_soft_resets_and_reads_the_timing_back()
    {
        var identity = _board.Initialize();

        Assert.Equal(new GateCounterIdentity(0x4743, 1, 0), identity);
        Assert.Equal([0x00, 0x82, 0x07, 0x08], _spi.Sent.Take(4).Select(frame => frame[0]));
        Assert.Equal(GateCounterRegisters.CommandSoftReset, _spi.Registers[0x02]);
        Assert.Equal(100, _board.GatePeriod.Nanoseconds, 9);
        Assert.Equal(100, _board.IntegrationWindow.Milliseconds, 9);
    }

    [Fact]
    public void A_board_with_another_magic_is_refused_by_name()
    {
        _spi.Registers[0x00] = 0x1234_0100;

        var error = Assert.Throws<GateCounterException>(() => _board.Initialize());

        Assert.Equal(GateCounterFailure.WrongIdentity, error.Failure);
        Assert.StartsWith("gate_counter: wrong identity on Id (0x00)", error.Message, StringComparison.Ordinal);
        Assert.Contains("magic 0x1234", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_reply_is_repeated_and_the_verified_value_returned()
    {
        _spi.Damage.Enqueue(ScriptedGateCounterSpi.CorruptCrc);
        _spi.Damage.Enqueue(ScriptedGateCounterSpi.CorruptCrc);

        var identity = _board.ReadIdentity();

        Assert.Equal(0x4743, identity.Magic);
        Assert.Equal((3L, 2L, 2L), (_board.FrameCount, _board.RetryCount, _board.CrcErrorCount));
    }

    [Fact]
    public void A_board_that_never_answers_gives_a_typed_exception_after_every_retry()
    {
        for (int i = 0; i < 4; i++)
        {
            _spi.Damage.Enqueue(ScriptedGateCounterSpi.Idle);
        }

        var error = Assert.Throws<GateCounterException>(() => _board.ReadStatus());

        Assert.Equal((GateCounterFailure.NoResponse, GateCounterRegister.Status, 4, "gate_counter"), (error.Failure, error.Register, error.Attempts, error.DeviceName));
        Assert.StartsWith("gate_counter: no response on Status (0x03) after 4 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, _board.NoResponseCount);
    }

    [Fact]
    public void A_command_the_board_saw_corrupted_is_repeated_until_acknowledged()
    {
        _spi.Damage.Enqueue(ScriptedGateCounterSpi.Nak(GateCounterRegisters.NakCrc));

        _board.SetShutterOpen(true);

        Assert.Equal(1u, _spi.Registers[0x05]);
        Assert.Equal(2, _spi.Sent.Count);
        Assert.Equal(1, _board.RetryCount);
    }

    [Fact]
    public void A_rejected_value_is_not_retried()
    {
        _spi.Damage.Enqueue(ScriptedGateCounterSpi.Nak(GateCounterRegisters.NakValue));

        var error = Assert.Throws<GateCounterException>(() => _board.SetTripThreshold(1, 1000u));

        Assert.Equal((GateCounterFailure.ValueRejected, GateCounterRegister.TripThreshold0 + 4, 1), (error.Failure, error.Register, error.Attempts));
        Assert.Single(_spi.Sent);
    }

    [Fact]
    public void A_damaged_acknowledge_byte_counts_as_a_crc_error()
    {
        _spi.Damage.Enqueue(reply => reply[6] = 0x00);

        _board.ReadStatus();

        Assert.Equal((1L, 1L), (_board.CrcErrorCount, _board.RetryCount));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void A_channel_outside_0_to_3_is_refused_and_nothing_sent(int channel)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _board.ConfigureGate(channel, Duration.Zero, Duration.FromNanoseconds(5)));

        Assert.Contains("channels 0-3", error.Message, StringComparison.Ordinal);
        Assert.Empty(_spi.Sent);
    }

    [Fact]
    public void A_gate_wider_than_the_period_is_refused_with_both_values_and_nothing_sent()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            _board.ConfigureGate(2, Duration.FromNanoseconds(60), Duration.FromNanoseconds(50)));

        Assert.Contains("gate_counter channel 2: delay 60 ns + width 50 ns exceeds the gate period 100 ns", error.Message, StringComparison.Ordinal);
        Assert.Empty(_spi.Sent);
        Assert.Equal((0, 10), (_board.GetGate(2).Delay.Nanoseconds, _board.GetGate(2).Width.Nanoseconds));
    }

    [Fact]
    public void Gate_timing_is_written_in_10_ps_units_in_an_order_the_board_accepts()
    {
        _board.ConfigureGate(0, Duration.FromNanoseconds(95), Duration.FromNanoseconds(5)); // width first: 95 + 10 > 100

        Assert.Equal([0x91, 0x90], _spi.Sent.Select(frame => frame[0]));
        Assert.Equal((9_500u, 500u), (_spi.Registers[0x10], _spi.Registers[0x11]));

        _spi.Sent.Clear();
        _board.ConfigureGate(0, Duration.FromNanoseconds(1.234), Duration.FromNanoseconds(50)); // delay first

        Assert.Equal([0x90, 0x91], _spi.Sent.Select(frame => frame[0]));
        Assert.Equal((123u, 5_000u), (_spi.Registers[0x10], _spi.Registers[0x11]));
    }

    [Fact]
    public void Shrinking_the_period_below_a_gate_is_refused()
    {
        _board.ConfigureGate(3, Duration.FromNanoseconds(40), Duration.FromNanoseconds(30));
        _spi.Sent.Clear();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _board.SetGatePeriod(Duration.FromNanoseconds(50)));

        Assert.Contains("gate period 50 ns is shorter than channel 3's delay 40 ns + width 30 ns", error.Message, StringComparison.Ordinal);
        Assert.Empty(_spi.Sent);
    }

    [Theory]
    [InlineData(5e-6)]
    [InlineData(11.0)]
    [InlineData(-1e-3)]
    public void An_integration_window_outside_10_us_to_10_s_is_refused(double seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _board.SetIntegrationWindow(Duration.FromSeconds(seconds)));

        Assert.Contains("outside 10 µs … 10 s", error.Message, StringComparison.Ordinal);
        Assert.Empty(_spi.Sent);
    }

    [Fact]
    public void Trip_rate_is_converted_over_the_window()
    {
        _board.SetIntegrationWindow(Duration.FromMilliseconds(10));

        _board.SetTripThreshold(0, Frequency.FromMegahertz(2));

        Assert.Equal(20_000u, _spi.Registers[0x12]);
    }

    [Fact]
    public void Window_reads_report_new_repeated_and_missed_windows()
    {
        _spi.Registers[0x20] = 1;
        _spi.Registers[0x21] = 10;
        _spi.Registers[0x24] = 40;
        _spi.Registers[0x25] = 0x21; // ch0 interrupted, ch1 tripped

        Assert.True(_board.TryReadWindow(out var first));
        Assert.Equal((1u, 10u, 40u, 0u), (first.Sequence, first[0], first[3], first.MissedWindows));
        Assert.Equal((GateChannels.Channel0, GateChannels.Channel1), (first.GateInterrupted, first.TrippedInWindow));
        Assert.False(first.IsComplete(0));
        Assert.False(first.IsComplete(1));
        Assert.True(first.IsComplete(2));

        Assert.False(_board.TryReadWindow(out _)); // same sequence: nothing new

        _spi.Registers[0x20] = 4;
        Assert.True(_board.TryReadWindow(out var later));
        Assert.Equal(2u, later.MissedWindows);
        Assert.Equal(2, _board.MissedWindowCount);
    }

    [Fact]
    public void A_sequence_that_goes_backwards_means_the_board_was_reset()
    {
        _spi.Registers[0x20] = 7;
        Assert.True(_board.TryReadWindow(out _));
        _spi.Registers[0x20] = 3;

        var error = Assert.Throws<GateCounterException>(() => _board.TryReadWindow(out _));

        Assert.Equal(GateCounterFailure.SequenceReset, error.Failure);
        Assert.Contains("sequence 3 after 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Master_enables_start_low_and_follow_their_channel()
    {
        Assert.All(Enables, line => Assert.Equal(PinValue.Low, _gpioDriver.Levels[line.Line]));

        _board.SetMasterEnable(2, true);

        Assert.Equal(PinValue.High, _gpioDriver.Levels[12]);
        Assert.True(_board.IsMasterEnabled(2));
        Assert.False(_board.IsMasterEnabled(1));
        _board.Dispose();
        Assert.Equal(PinValue.Low, _gpioDriver.Levels[12]); // disposing closes every gate
    }

    [Fact]
    public void The_board_needs_spi_mode_0_and_four_output_enables()
    {
        using var wrongMode = new ScriptedGateCounterSpi(SpiMode.Mode3);
        Assert.Contains("needs SPI mode 0", Assert.Throws<ArgumentException>(() => new GateCounterBoard(wrongMode, _gpio, Enables)).Message, StringComparison.Ordinal);
        Assert.Contains("needs 4 output master-enable lines; got 3", Assert.Throws<ArgumentException>(() => new GateCounterBoard(_spi, _gpio, Enables[..3], shouldDispose: false)).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _board.Dispose();
        _gpio.Dispose();
        _spi.Dispose();
    }
}
