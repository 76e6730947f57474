using System.Text;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.Gnss;
using Station.Emulator.Devices;
using Station.Emulator.Faults;

namespace Station.Hil.Tests.Sensors;

/// <summary>The GnssReceiver (unmodified Iot.Device.Nmea0183 parser, PPS on a GPIO edge) against the emulated receiver.</summary>
public sealed class GnssHilTests : SensorTestStation
{
    private readonly GnssReceiver _receiver;

    public GnssHilTests()
    {
        var port = PinMap.GetSerialPort(DeviceId.Gnss);
        var serial = Station.Buses.OpenSerial(new SerialPortSettings(port.Port, port.BaudRate));
        _receiver = new GnssReceiver(serial, Station.Buses.Gpio, PinMap.GetGpioLine(DeviceId.Gnss, "pps").Line, Time);
    }

    [Fact]
    public void Reports_position_fix_and_time_after_the_first_second()
    {
        var before = _receiver.Status;
        Assert.True(before.Health.HasFlag(GnssHealth.NotStarted));
        _receiver.Start();
        Time.Advance(TimeSpan.FromSeconds(1.2));

        var status = _receiver.Status;
        Assert.Equal(GnssHealth.Ok, status.Health);
        Assert.Equal(GnssFixQuality.Gnss, status.FixQuality);
        Assert.Equal(14, status.Satellites);
        Assert.Equal(0.8, status.Hdop, 1e-9);
        Assert.Equal(Station.Gnss.LatitudeDegrees, status.Latitude!.Value.Degrees, 1e-7);
        Assert.Equal(Station.Gnss.LongitudeDegrees, status.Longitude!.Value.Degrees, 1e-7);
        Assert.Equal(3153, status.AltitudeMsl!.Value.Meters, 0.05);
        Assert.Equal(Start.AddSeconds(1), status.GnssTime);
        Assert.Equal(3, status.SentencesParsed);
        Assert.Equal(0, status.SentencesRejected);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.0375)]
    [InlineData(-0.250)]
    [InlineData(2.75)]
    public void Measures_the_station_clock_offset_from_pulse_and_sentence(double offsetSeconds)
    {
        Station.Gnss.ClockOffset = TimeSpan.FromSeconds(offsetSeconds);
        _receiver.Start();
        Time.Advance(TimeSpan.FromSeconds(3));

        var status = _receiver.Status;
        Assert.Equal(GnssHealth.Ok, status.Health);
        Assert.Equal(TimeSpan.FromSeconds(offsetSeconds), status.ClockOffset);
        Assert.InRange(status.Pulses, 2, 3);
    }

    [Fact]
    public void Sentences_carry_valid_checksums_the_library_verifies()
    {
        string burst = Station.Gnss.Burst(Start, fix: true);
        var lines = burst.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["$GNRMC", "$GNGGA", "$GNZDA"], lines.Select(l => l[..6]));
        foreach (string line in lines)
        {
            Assert.NotNull(Iot.Device.Nmea0183.TalkerSentence.FromSentenceString(line, out var error));
            Assert.Equal(Iot.Device.Nmea0183.NmeaError.None, error);
        }

        // Checksum worked by hand: XOR of the characters between "$" and "*" is 0x60.
        Assert.Equal("$GPZDA,000000.00,01,01,2026,00,00*60\r\n", EmulatedGnssReceiver.Sentence("GPZDA,000000.00,01,01,2026,00,00"));
    }

    [Fact]
    public void A_corrupted_line_is_rejected_not_parsed()
    {
        _receiver.Start();
        string good = EmulatedGnssReceiver.Sentence("GNZDA,120000.00,19,03,2026,00,00");
        string bad = good.Replace("120000", "130000", StringComparison.Ordinal);
        _receiver.Process(Encoding.ASCII.GetBytes(bad + "$GNZDA,120000.00,19,03,2026,00,00\r\n"));
        var status = _receiver.Status;
        Assert.Equal(2, status.SentencesRejected); // wrong checksum, and no checksum at all
        Assert.Equal(0, status.SentencesParsed);
        Assert.Null(status.GnssTime);
    }

    [Fact]
    public void Loss_of_fix_is_reported_and_recovers()
    {
        _receiver.Start();
        Time.Advance(TimeSpan.FromSeconds(2.2));
        Assert.Equal(GnssHealth.Ok, _receiver.Status.Health);

        Station.Faults.InjectNow(FaultKind.GnssLoss, DeviceId.Gnss, TimeSpan.FromSeconds(3));
        Time.Advance(TimeSpan.FromSeconds(1));
        var lost = _receiver.Status;
        Assert.Equal(GnssHealth.FixLost, lost.Health);
        Assert.Equal(GnssFixQuality.NoFix, lost.FixQuality);
        Assert.Equal(0, lost.Satellites);
        Assert.Null(lost.Latitude);
        Assert.NotNull(lost.ClockOffset); // time and pulses continue in holdover

        Time.Advance(TimeSpan.FromSeconds(3));
        var back = _receiver.Status;
        Assert.Equal(GnssHealth.Ok, back.Health);
        Assert.Equal(Station.Gnss.LatitudeDegrees, back.Latitude!.Value.Degrees, 1e-7);
    }

    [Fact]
    public void Loss_of_the_pulse_is_reported_the_offset_withheld_and_recovers()
    {
        _receiver.Start();
        Time.Advance(TimeSpan.FromSeconds(2.2));
        Station.Faults.InjectNow(FaultKind.PpsLoss, DeviceId.Gnss, TimeSpan.FromSeconds(3));

        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(GnssHealth.Ok, _receiver.Status.Health); // 1.2 s since the last pulse: within the timeout
        Time.Advance(TimeSpan.FromSeconds(1));
        var lost = _receiver.Status;
        Assert.Equal(GnssHealth.PpsLost, lost.Health);
        Assert.Null(lost.ClockOffset);
        Assert.NotNull(lost.Latitude); // the fix is unaffected

        Time.Advance(TimeSpan.FromSeconds(2));
        var back = _receiver.Status;
        Assert.Equal(GnssHealth.Ok, back.Health);
        Assert.Equal(TimeSpan.Zero, back.ClockOffset);
    }

    [Fact]
    public void A_silent_receiver_reads_no_data()
    {
        _receiver.Start();
        Time.Advance(TimeSpan.FromSeconds(1.2));
        Station.GnssLink.Dispose(); // cable pulled: the firmware's stream ends
        Time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(_receiver.Status.Health.HasFlag(GnssHealth.NoData));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _receiver.Dispose();
        }

        base.Dispose(disposing);
    }
}
