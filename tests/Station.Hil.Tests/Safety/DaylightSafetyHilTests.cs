using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Orbits;
using Station.Core.Safety;
using Station.Devices.Board;
using Station.Devices.FilterWheel;
using Station.Devices.Tmc5160;
using Station.Firmware.Motion;
using Station.Firmware.Safety;
using UnitsNet;

namespace Station.Hil.Tests.Safety;

/// <summary>
/// Daylight at Delingha with the real sun, the emulated mount moved by the firmware's axes and the emulated spectral
/// wheel turned by the FilterWheel driver: opening the wheel or pointing near the sun gates the detectors off before
/// the light arrives, so the emulated SPADs are never overexposed while biased (damage counter 0).
/// </summary>
public sealed class DaylightSafetyHilTests : IDisposable
{
    /// <summary>About half an hour after local solar noon: the sun some 50° up in the south.</summary>
    private static readonly DateTimeOffset Noon = new(2026, 3, 19, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly SafetyBench _bench;
    private readonly FilterWheel _wheel;
    private readonly MountAxis _az;
    private readonly MountAxis _el;
    private readonly DaylightOptics _optics;

    public DaylightSafetyHilTests()
    {
        FilterWheel? wheel = null;
        MountAxis? az = null, el = null;
        _bench = new SafetyBench(start: Noon, startLoop: false, sources: b =>
        {
            az = b.Own(new MountAxis("az", OpenTmc(b, DeviceId.AzMotor), new AxisOptions(), b.Time, NullLogger<MountAxis>.Instance));
            el = b.Own(new MountAxis("el", OpenTmc(b, DeviceId.ElMotor), new AxisOptions { MinAngleDeg = -1, MaxAngleDeg = 91 }, b.Time, NullLogger<MountAxis>.Instance));
            az.Initialize();
            el.Initialize();
            var twin = b.Station.SpectralFilterWheel;
            var options = new FilterWheelOptions
            {
                Slots = [.. twin.CalibratedSlotOffsets().Select((offset, i) => new FilterSlot(SafetyBench.SpectralSlots[i], offset))],
                GearRatio = twin.Geometry.GearRatio,
            };
            wheel = b.Own(new FilterWheel(DeviceId.FilterWheelSpectral, OpenTmc(b, DeviceId.FilterWheelSpectral), options, b.Time));
            wheel.Initialize();
            return new SafetyLoopSources(
                new AxisMountPositionSource(new StepCountAxisSensor(az), new StepCountAxisSensor(el)),
                new StationSunSource(StationCatalog.Delingha),
                new FilterWheelSenseAdapter(wheel, SafetyBench.SpectralSlots, b.Time),
                b.Scripted);
        });
        (_wheel, _az, _el) = (wheel!, az!, el!);
        _optics = new DaylightOptics(_bench.Station, StationCatalog.Delingha, SafetyBench.SpectralSlots);
        _bench.Station.World.Add(_optics);
        _bench.Scripted.Locked = true;
        _bench.Loop.Start();
        _bench.Board.SetShutterOpen(true);
        Run(_wheel.Home());
        Run(_wheel.MoveTo("810/10nm"));
        MoveMount(0, 45);
    }

    [Fact]
    public void Opening_the_filter_wheel_in_daylight_gates_the_detectors_off_and_they_survive()
    {
        Assert.InRange(_bench.Loop.LastSensed.Sun.Value.ElevationDeg, 30, 70);
        Assert.True((_bench.Loop.Permissions.GateReasons(0) & SafetyReason.SunAboveNightLimit) != 0);
        var daylight = _bench.Loop.SetDaylightMode(true);
        Assert.True(daylight.Accepted, daylight.Message);
        _bench.RunUntilGatesOpen();
        Assert.Equal(DaylightOptics.FilteredDaylight.Hertz, _optics.Background.Hertz);

        var move = _wheel.MoveTo("open");
        _bench.Time.Advance(Tick);
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(_bench.GateRunning(ch)));
        Run(move);
        Assert.Equal("open", _wheel.CurrentSlot);
        _bench.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DaylightOptics.OpenDaylight.Hertz, _optics.Background.Hertz); // the light is really there
        for (int ch = 0; ch < 4; ch++)
        {
            Assert.False(_bench.GateRunning(ch));
            Assert.Equal(SafetyReason.DaylightFilterNotInBeam, _bench.Loop.Permissions.GateReasons(ch));
            Assert.Equal(0, _bench.Station.GateCounter.Channels[ch].DamageEvents);
        }

        var audits = _bench.Telemetry.Audits.Where(a => a.Permission == PermissionKind.DetectorGate && a.Channel == 0).ToList();
        Assert.Contains(audits, a => a.WasPermitted && !a.Permitted && (a.CausedBy & SafetyInputs.FilterWheelMotion) != 0);
        // Between slots no approved filter is in the beam either; once settled on "open" only that reason remains.
        Assert.Contains(audits, a => a.WasPermitted && !a.Permitted && a.Added == (SafetyReason.FilterWheelMoving | SafetyReason.DaylightFilterNotInBeam));
        Assert.Contains(audits, a => !a.Permitted && a.Removed == SafetyReason.FilterWheelMoving && a.Reasons == SafetyReason.DaylightFilterNotInBeam);

        Run(_wheel.MoveTo("810/10nm"));
        _bench.RunUntilGatesOpen();

        // Control: the same open filter with the loop stopped and the gates forced on damages the detectors at once.
        Run(_wheel.MoveTo("open"));
        _bench.Loop.Stop();
        _bench.Board.SetAllMasterEnables(true);
        _bench.Time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.True(_bench.Station.GateCounter.Channels[0].DamageEvents > 0);
    }

    [Fact]
    public void Pointing_near_the_sun_gates_the_detectors_off_before_the_glare_and_they_survive()
    {
        Assert.True(_bench.Loop.SetDaylightMode(true).Accepted);
        _bench.RunUntilGatesOpen();
        var sun = _bench.Loop.LastSensed.Sun.Value;

        MoveMount(sun.AzimuthDeg - 20, sun.ElevationDeg); // 20° from the sun along the almucantar: about 12° away
        Assert.Equal(DaylightOptics.SunGlare.Hertz, _optics.Background.Hertz);
        for (int ch = 0; ch < 4; ch++)
        {
            Assert.False(_bench.GateRunning(ch));
            Assert.True((_bench.Loop.Permissions.GateReasons(ch) & SafetyReason.SunInExclusionCone) != 0);
            Assert.Equal(0, _bench.Station.GateCounter.Channels[ch].DamageEvents);
            Assert.Equal(0, _bench.Station.GateCounter.Channels[ch].OverexposedSeconds);
        }

        Assert.Contains(_bench.Telemetry.Audits, a => a.Permission == PermissionKind.DetectorGate && a.WasPermitted && !a.Permitted
            && (a.Added & SafetyReason.SunInExclusionCone) != 0 && (a.CausedBy & SafetyInputs.MountPosition) != 0);

        MoveMount(sun.AzimuthDeg - 120, 45);
        _bench.RunUntilGatesOpen();
    }

    public void Dispose() => _bench.Dispose();

    private static Tmc5160 OpenTmc(SafetyBench bench, string deviceId) =>
        new(bench.Station.Buses.OpenSpi(bench.Map.GetSpiConnectionSettings(deviceId)), name: deviceId);

    private void Run(FilterWheelOperation operation)
    {
        Assert.True(_bench.Time.AdvanceUntil(() => operation.IsCompleted, TimeSpan.FromSeconds(60)), $"{operation.Kind} did not end");
        Assert.Null(operation.Error);
    }

    private void MoveMount(double azimuthDeg, double elevationDeg)
    {
        var az = _az.MoveTo(Angle.FromDegrees(azimuthDeg));
        var el = _el.MoveTo(Angle.FromDegrees(elevationDeg));
        Assert.True(_bench.Time.AdvanceUntil(() => az.IsCompleted && el.IsCompleted, TimeSpan.FromMinutes(2)), "the mount did not arrive");
        _bench.Time.Advance(2 * Tick);
    }
}
