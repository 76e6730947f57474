using Iot.Device.Adc;
using Station.Devices.Board;
using Station.Devices.QuadCell;
using Station.Emulator.Faults;
using UnitsNet;

namespace Station.Hil.Tests.Sensors;

/// <summary>The unmodified Iot.Device.Adc.Mcp3208 and the QuadCell driver against the emulated MCP3208 and quad cell.</summary>
public sealed class QuadCellHilTests : SensorTestStation
{
    private readonly Mcp3208 _adc;
    private readonly QuadCell _cell;

    public QuadCellHilTests()
    {
        _adc = new Mcp3208(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.QuadCellAdc)));
        _cell = new QuadCell(_adc, ElectricPotential.FromVolts(3.3), ElectricPotential.FromVolts(0.2), shouldDispose: false);
    }

    [Fact]
    public void The_unmodified_binding_reads_every_single_ended_channel_exactly()
    {
        Station.QuadCell.NoiseVoltsRms = 0;
        Station.LineOfSight.OffsetXMicroradians = 13;
        Station.LineOfSight.OffsetYMicroradians = -7;
        for (int channel = 0; channel < 8; channel++)
        {
            double volts = channel switch
            {
                < 4 => Station.QuadCell.SampleVolts(channel),
                4 or 5 => Station.SteeringMirrorDac.OutputVolts(channel - 4) * 0.5,
                _ => 0,
            };
            Assert.Equal(Station.QuadCellAdc.Quantise(volts), _adc.Read(channel));
            Assert.Equal(channel, Station.QuadCellAdc.LastChannel);
        }
    }

    [Fact]
    public void Pseudo_differential_reads_decode_the_pair_and_the_polarity_bit()
    {
        Station.QuadCell.NoiseVoltsRms = 0;
        Station.LineOfSight.OffsetXMicroradians = 30; // A (CH0) brighter than B (CH1)
        double a = Station.QuadCell.SampleVolts(0);
        double b = Station.QuadCell.SampleVolts(1);
        Assert.True(a > b + 0.1);
        Assert.Equal(Station.QuadCellAdc.Quantise(a - b), _adc.ReadPseudoDifferential(0, 1));

        // D0 = 1 swaps the pair (CH1 = IN+, CH0 = IN−); IN+ below IN− converts to 0. The binding never sets
        // D0 (its InvertedDifferential request equals the Differential one), so send the frame directly.
        using var spi = Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.QuadCellAdc));
        byte[] miso = new byte[3];
        spi.TransferFullDuplex([0x04, 0x40, 0x00], miso);
        Assert.Equal(0, ((miso[1] & 0x0F) << 8) | miso[2]);
        spi.TransferFullDuplex([0x04, 0x00, 0x00], miso);
        Assert.Equal(Station.QuadCellAdc.Quantise(a - b), ((miso[1] & 0x0F) << 8) | miso[2]);
    }

    [Fact]
    public void The_twin_follows_the_datasheet_bit_stream_not_one_byte_alignment()
    {
        Station.QuadCell.NoiseVoltsRms = 0;
        int expected = Station.QuadCellAdc.Quantise(Station.QuadCell.SampleVolts(2));
        using var spi = Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.QuadCellAdc));

        // Start bit as the last bit of byte 0, then SGL=1 D2..D0=010: byte 1 = 1 010 s n B11 B10.
        byte[] mosi = [0x01, 0b1010_0000, 0x00, 0x00];
        byte[] miso = new byte[4];
        spi.TransferFullDuplex(mosi, miso);
        Assert.Equal(0, (miso[1] >> 2) & 1); // null bit
        int msbFirst = ((miso[1] & 0x03) << 10) | (miso[2] << 2) | (miso[3] >> 6);
        Assert.Equal(expected, msbFirst);

        // Remaining clocks carry the LSB-first copy: B1 … B6 in the last six bits of byte 3.
        int lsbFirst = 0;
        for (int bit = 0; bit < 6; bit++)
        {
            lsbFirst |= ((miso[3] >> (5 - bit)) & 1) << (bit + 1);
        }

        Assert.Equal(expected & 0x7E, lsbFirst);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 0)]
    [InlineData(-25, 15)]
    [InlineData(40, -40)]
    public void Spot_position_matches_the_erf_integral_within_noise(double xMicroradians, double yMicroradians)
    {
        Station.LineOfSight.OffsetXMicroradians = xMicroradians;
        Station.LineOfSight.OffsetYMicroradians = yMicroradians;
        var cell = Station.QuadCell;
        var v = Enumerable.Range(0, 4).Select(q => cell.DarkVolts + (cell.PowerWatts * cell.VoltsPerWatt * cell.QuadrantFraction(q))).ToArray();
        double expectedSum = v.Sum();
        double expectedX = (v[0] + v[3] - v[1] - v[2]) / expectedSum;
        double expectedY = (v[0] + v[1] - v[2] - v[3]) / expectedSum;

        var reading = _cell.Read();

        Assert.Equal(QuadCellStatus.Valid, reading.Status);
        Assert.Equal(expectedX, reading.X, 0.01);
        Assert.Equal(expectedY, reading.Y, 0.01);
        Assert.Equal(expectedSum, reading.SumVolts, 0.01);
        Assert.Equal(0, reading.Retries);
    }

    [Fact]
    public void Small_offsets_follow_the_linear_erf_slope()
    {
        // Infinite cell, no gap: x = erf(dx / (√2 σ)) ≈ √(2/π) dx / σ near the centre.
        Station.QuadCell.GapMicroradians = 0;
        Station.QuadCell.NoiseVoltsRms = 0;
        Station.QuadCell.DarkVolts = 0;
        Station.LineOfSight.OffsetXMicroradians = 2;
        var reading = _cell.Read();
        double slope = Math.Sqrt(2 / Math.PI) * 2 / Station.QuadCell.SpotSigmaMicroradians;
        Assert.Equal(slope, reading.X, 0.003);
    }

    [Fact]
    public void A_dark_cell_reads_no_spot_and_a_blinding_one_saturated()
    {
        Station.QuadCell.PowerWatts = 0;
        Assert.Equal(QuadCellStatus.NoSpot, _cell.Read().Status);

        Station.QuadCell.PowerWatts = 1e-4;
        var bright = _cell.Read();
        Assert.Equal(QuadCellStatus.Saturated, bright.Status);
        Assert.Equal(QuadCell.FullScaleCode, bright.A);
    }

    [Fact]
    public void Beacon_loss_reads_no_spot_until_the_beacon_returns()
    {
        Assert.Equal(QuadCellStatus.Valid, _cell.Read().Status);
        Station.Faults.InjectNow(FaultKind.BeaconLoss, DeviceId.QuadCellAdc, TimeSpan.FromMilliseconds(50));

        var lost = _cell.Read();
        Assert.Equal(QuadCellStatus.NoSpot, lost.Status);
        Assert.InRange(lost.SumVolts, 0, 0.1);

        Time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(QuadCellStatus.Valid, _cell.Read().Status);
    }

    [Fact]
    public void An_absent_adc_is_retried_then_reported_and_recovers_when_it_answers_again()
    {
        Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.QuadCellAdc, TimeSpan.FromMilliseconds(20));

        var failed = _cell.Read();
        Assert.Equal(QuadCellStatus.AdcNotResponding, failed.Status);
        Assert.Equal(_cell.MaxRetries, failed.Retries);
        Assert.Equal(0, Station.QuadCellAdc.ConversionCount); // the chip never converted

        Time.Advance(TimeSpan.FromMilliseconds(20));
        var recovered = _cell.Read();
        Assert.Equal(QuadCellStatus.Valid, recovered.Status);
        Assert.Equal(0, recovered.Retries);
        Assert.Equal(4, Station.QuadCellAdc.ConversionCount);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cell.Dispose();
            _adc.Dispose();
        }

        base.Dispose(disposing);
    }
}
