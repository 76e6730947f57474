using System.Device.Gpio;
using Station.Devices.Board;
using Station.Devices.GateCounter;
using UnitsNet;

namespace Station.Devices.Tests.GateCounter;

/// <summary>The inter-arrival histogram of register map v1.1 against a scripted board.</summary>
public sealed class GateCounterHistogramTests : IDisposable
{
    private static readonly GpioLineAssignment[] Enables =
    [
        new("enable_ch0", 5, GpioDirection.Output, GpioPull.None, ActiveLevel.High),
        new("enable_ch1", 6, GpioDirection.Output, GpioPull.None, ActiveLevel.High),
        new("enable_ch2", 12, GpioDirection.Output, GpioPull.None, ActiveLevel.High),
        new("enable_ch3", 13, GpioDirection.Output, GpioPull.None, ActiveLevel.High),
    ];

    private readonly ScriptedGateCounterSpi _spi = new();
    private readonly GpioController _gpio = new(new RecordingGpioDriver());
    private readonly GateCounterBoard _board;

    public GateCounterHistogramTests() => _board = new GateCounterBoard(_spi, _gpio, Enables, retries: 3, shouldDispose: false);

    public void Dispose()
    {
        _board.Dispose();
        _gpio.Dispose();
        _spi.Dispose();
    }

    [Fact]
    public void A_v1_0_board_has_no_histogrammer_and_nothing_is_written()
    {
        int sent = _spi.Sent.Count;
        var refused = Assert.Throws<NotSupportedException>(() => _board.StartInterArrivalHistogram(Duration.FromNanoseconds(20)));
        Assert.Contains("version 1.0; the inter-arrival histogram needs register map v1.1", refused.Message, StringComparison.Ordinal);
        Assert.All(_spi.Sent.Skip(sent), frame => Assert.Equal(0, frame[0] & 0x80)); // reads only
    }

    [Fact]
    public void Start_writes_the_bin_width_in_10_ps_units_then_clear_and_record()
    {
        _spi.Registers[0x00] = 0x4743_0101;
        _board.StartInterArrivalHistogram(Duration.FromNanoseconds(20));
        Assert.Equal(2_000u, _spi.Registers[0x31]);
        Assert.Equal(3u, _spi.Registers[0x30]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _board.StartInterArrivalHistogram(Duration.FromMicroseconds(20)));
    }
}
