using Iot.Device.Adc;
using Station.Devices.Board;
using Station.Devices.Dac8563;
using Station.Devices.QuadCell;
using Station.Devices.SteeringMirror;
using Station.Emulator;
using Station.Emulator.Faults;
using UnitsNet;

namespace Station.Hil.Tests.Sensors;

/// <summary>The DAC8563 binding and SteeringMirror against the emulated DAC and mirror, read back through the MCP3208.</summary>
public sealed class SteeringMirrorHilTests : SensorTestStation
{
    private readonly Mcp3208 _monitorAdc;
    private readonly SteeringMirror _mirror;

    public SteeringMirrorHilTests()
    {
        var dac = new Dac8563(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.SteeringMirrorDac)));
        _monitorAdc = new Mcp3208(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.QuadCellAdc)));
        var monitor = new SteeringMirrorMonitor(_monitorAdc, ElectricPotential.FromVolts(3.3), DividerRatio: EmulatedStation.MirrorMonitorDividerRatio);
        _mirror = new SteeringMirror(dac, new SteeringMirrorOptions(), monitor);
    }

    [Fact]
    public void Initialize_sets_reference_gain_and_mid_scale_and_the_mirror_rests()
    {
        var centred = _mirror.Initialize();

        Assert.True(Station.SteeringMirrorDac.InternalReferenceEnabled);
        Assert.Equal(2, Station.SteeringMirrorDac.Gain(0));
        Assert.Equal(2, Station.SteeringMirrorDac.Gain(1));
        Assert.Equal(3, Station.SteeringMirrorDac.LdacMask);
        Assert.Equal(Dac8563.MidScale, Station.SteeringMirrorDac.DacRegister(0));
        Assert.Equal(Dac8563.MidScale, Station.SteeringMirrorDac.DacRegister(1));
        Assert.False(centred.Saturated);
        Time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(0, Station.SteeringMirror.TipMicroradians, 1e-6);
        Assert.Equal(0, Station.SteeringMirror.TiltMicroradians, 1e-6);
    }

    [Fact]
    public void A_pointed_mirror_settles_on_the_commanded_angles_within_one_dac_code()
    {
        _mirror.Initialize();
        var command = _mirror.Point(Angle.FromMicroradians(312.5), Angle.FromMicroradians(-147.25));

        Assert.Equal(command.TipCode, Station.SteeringMirrorDac.DacRegister(0));
        Assert.Equal(command.TiltCode, Station.SteeringMirrorDac.DacRegister(1));
        Time.Advance(TimeSpan.FromMilliseconds(50));
        double microradiansPerCode = 5.0 / 65536 * 1000;
        Assert.Equal(312.5, Station.SteeringMirror.TipMicroradians, microradiansPerCode);
        Assert.Equal(-147.25, Station.SteeringMirror.TiltMicroradians, microradiansPerCode);
        Assert.Equal(312.5, _mirror.MicroradiansFor(command.TipCode), microradiansPerCode / 2);
    }

    [Fact]
    public void A_small_step_overshoots_as_the_second_order_damping_implies()
    {
        _mirror.Initialize();
        Station.SteeringMirror.DampingRatio = 0.5;
        _mirror.Point(Angle.FromMicroradians(100), Angle.Zero);
        double peak = 0;
        for (int i = 0; i < 200; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(0.05));
            peak = Math.Max(peak, Station.SteeringMirror.TipMicroradians);
        }

        // Peak overshoot of a second-order step: exp(−ζπ/√(1−ζ²)) = 16.3 % at ζ = 0.5.
        double expected = Math.Exp(-0.5 * Math.PI / Math.Sqrt(1 - 0.25));
        Assert.Equal(expected, (peak - 100) / 100, 0.01);
        Assert.Equal(100, Station.SteeringMirror.TipMicroradians, 0.5);
    }

    [Fact]
    public void A_large_step_is_slew_limited()
    {
        _mirror.Initialize();
        Station.SteeringMirror.SlewLimitMicroradiansPerSecond = 2e5;
        _mirror.Point(Angle.FromMicroradians(1500), Angle.Zero);
        double fastest = 0;
        for (int i = 0; i < 100; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(0.1));
            fastest = Math.Max(fastest, Math.Abs(Station.SteeringMirror.RateMicroradiansPerSecond(0)));
        }

        Assert.Equal(2e5, fastest, 1.0);
        Assert.InRange(Station.SteeringMirror.TipMicroradians, 1500 - 2e5 * 0.0075, 2e5 * 0.01); // 10 ms at 0.2 µrad/µs, less the start-up
        Time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(1500, Station.SteeringMirror.TipMicroradians, 0.1);
    }

    [Fact]
    public void A_request_beyond_the_range_is_clamped_and_flagged_saturated()
    {
        _mirror.Initialize();
        var command = _mirror.Point(Angle.FromMicroradians(5000), Angle.FromMicroradians(-100));

        Assert.True(command.TipSaturated);
        Assert.False(command.TiltSaturated);
        Assert.Equal(2000, command.TipMicroradians);
        Time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(2000, Station.SteeringMirror.TipMicroradians, 0.1);
    }

    [Fact]
    public void Pointing_before_initialisation_or_at_nan_is_refused_and_sends_nothing()
    {
        Assert.Throws<InvalidOperationException>(() => _mirror.Point(0, 0));
        _mirror.Initialize();
        long frames = Station.SteeringMirrorDac.FrameCount;
        var error = Assert.Throws<ArgumentException>(() => _mirror.Point(double.NaN, 0));
        Assert.Contains("steering_mirror_dac", error.Message, StringComparison.Ordinal);
        Assert.Equal(frames, Station.SteeringMirrorDac.FrameCount);
    }

    [Fact]
    public void The_read_back_agrees_when_the_dac_follows()
    {
        _mirror.Initialize();
        var (_, check) = _mirror.PointVerified(Angle.FromMicroradians(800), Angle.FromMicroradians(-600));
        Assert.Equal(SteeringMirrorCheckStatus.Ok, check.Status);
        Assert.Equal(0, check.Rewrites);
        Assert.Equal(check.ExpectedTipVolts, check.MeasuredTipVolts, 0.01);
    }

    [Fact]
    public void Garbled_frames_are_rewritten_then_reported_and_the_mirror_recovers()
    {
        _mirror.Initialize();
        Station.Faults.InjectNow(FaultKind.SpiCrc, DeviceId.SteeringMirrorDac, TimeSpan.FromMilliseconds(10));

        var (_, check) = _mirror.PointVerified(Angle.FromMicroradians(500), Angle.FromMicroradians(250));
        Assert.Equal(SteeringMirrorCheckStatus.DacNotFollowing, check.Status);
        Assert.Equal(_mirror.MaxRewrites, check.Rewrites);

        Time.Advance(TimeSpan.FromMilliseconds(10));
        var (_, after) = _mirror.PointVerified(Angle.FromMicroradians(500), Angle.FromMicroradians(250));
        Assert.Equal(SteeringMirrorCheckStatus.Ok, after.Status);
        Time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(500, Station.SteeringMirror.TipMicroradians, 0.1);
        Assert.Equal(250, Station.SteeringMirror.TiltMicroradians, 0.1);
    }

    [Fact]
    public void An_absent_dac_is_noticed_only_by_the_read_back()
    {
        _mirror.Initialize();
        Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.SteeringMirrorDac, TimeSpan.FromMilliseconds(10));

        var (command, check) = _mirror.PointVerified(Angle.FromMicroradians(400), Angle.Zero);
        Assert.False(command.Saturated);
        Assert.Equal(SteeringMirrorCheckStatus.DacNotFollowing, check.Status);
        Assert.Equal(2.5, check.MeasuredTipVolts, 0.01); // still at mid-scale
        Time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(0, Station.SteeringMirror.TipMicroradians, 1e-3);

        Assert.Equal(SteeringMirrorCheckStatus.Ok, _mirror.PointVerified(Angle.FromMicroradians(400), Angle.Zero).Check.Status);
    }

    [Fact]
    public void A_silent_monitor_adc_is_reported_as_such()
    {
        _mirror.Initialize();
        Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.QuadCellAdc, TimeSpan.FromMilliseconds(10));
        Assert.Equal(SteeringMirrorCheckStatus.MonitorNotResponding, _mirror.PointVerified(Angle.FromMicroradians(10), Angle.Zero).Check.Status);
    }

    [Fact]
    public void Tipping_the_mirror_onto_the_line_of_sight_centres_the_quad_cell_spot()
    {
        _mirror.Initialize();
        using var cell = new QuadCell(_monitorAdc, ElectricPotential.FromVolts(3.3), ElectricPotential.FromVolts(0.2), shouldDispose: false);
        Station.LineOfSight.OffsetXMicroradians = 30;
        Station.LineOfSight.OffsetYMicroradians = -20;
        Time.Advance(TimeSpan.FromMilliseconds(5));
        var before = cell.Read();
        Assert.True(before.X > 0.5 && before.Y < -0.3, $"spot should sit at +x, −y; read x={before.X}, y={before.Y}");

        _mirror.Point(Angle.FromMicroradians(30), Angle.FromMicroradians(-20));
        Time.Advance(TimeSpan.FromMilliseconds(50));
        var after = cell.Read();
        Assert.Equal(QuadCellStatus.Valid, after.Status);
        Assert.Equal(0, after.X, 0.01);
        Assert.Equal(0, after.Y, 0.01);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _mirror.Dispose();
            _monitorAdc.Dispose();
        }

        base.Dispose(disposing);
    }
}
