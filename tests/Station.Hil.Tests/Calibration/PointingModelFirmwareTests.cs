using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Station.Calibration.Common;
using Station.Calibration.Pointing;
using Station.Core.Pointing;
using Station.Emulator;
using Station.Emulator.Truth;
using Station.Firmware.Hosting;
using Station.Firmware.Motion;

namespace Station.Hil.Tests.Calibration;

/// <summary>The file pointing-model.cs writes, loaded by the firmware host at start-up on the very emulated station it was made on.</summary>
public sealed class PointingModelFirmwareTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const double D = Math.PI / 180;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "calib-pmfw-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_firmware_loads_the_calibrated_model_at_start_up_and_points_the_true_line_of_sight_onto_the_sky()
    {
        EmulatedCalibrationRig? rig = null;
        var session = new CalibrationSession("pointing-model", PointingModelCalibration.Options, (arguments, rig) => PointingModelCalibration.Run(arguments, rig))
        {
            RigFactory = arguments => rig = EmulatedCalibrationRig.Create(arguments, cameraTruth: EmulatedCameraTruth.Ideal),
        };
        Assert.Equal(0, session.Run(["--seed", "7", "--stars", "24", "--out", _dir], TextWriter.Null, TextWriter.Null));
        string path = Path.Combine(_dir, "pointing-model.json");
        var truth = rig!.Station.TruePointingModel;

        // The firmware on an emulated station with the same mount truth (the rig's own was disposed with its session), on its own clock.
        var clock = new Station.Core.Timing.SimulatedTimeProvider(rig.Clock.GetUtcNow());
        using var station = EmulatedStation.FromPinMap(clock, rig.PinMap, EmulatedMountTruth.FromSeed(7));
        using var host = CalibrationHost.Build([$"--Station:PointingModelPath={path}", "--Station:Name=delingha"], clock, station);
        await host.StartAsync();
        var model = host.Services.GetRequiredService<PointingModel>();

        // The firmware's mount controller homes and slews to where the model says a target is (the one of four the
        // unmodelled mount would miss most): the emulated optics then truly point at it (within the 8″ backlash).
        var (goalAz, goalEl) = new[] { (30.0, 60.0), (120.0, 40.0), (200.0, 70.0), (300.0, 50.0) }.MaxBy(t => Miss(truth.MountToSky(t.Item1 * D, t.Item2 * D), t.Item1, t.Item2));
        var mount = host.Services.GetRequiredService<MountController>();
        Assert.True(clock.AdvanceUntil(() => mount.State == MountState.Idle, TimeSpan.FromMinutes(5)), $"homing ended {mount.State}: {mount.FaultReason}");
        var (targetAz, targetEl) = model.SkyToMount(goalAz * D, goalEl * D);
        mount.SlewTo(targetAz / D, targetEl / D);
        Assert.True(clock.AdvanceUntil(() => mount.State == MountState.Idle, TimeSpan.FromMinutes(2)), $"slew ended {mount.State}: {mount.FaultReason}");
        clock.Advance(TimeSpan.FromSeconds(1));
        var (losAz, losEl) = station.TrueLineOfSight();
        double slewMiss = Miss((losAz * D, losEl * D), goalAz, goalEl);
        double unmodelledMiss = Miss(truth.MountToSky(goalAz * D, goalEl * D), goalAz, goalEl);
        await host.StopAsync();
        output.WriteLine($"target az {goalAz}° el {goalEl}°: true line of sight off by {slewMiss:0.00}″ with the model, {unmodelledMiss:0.0}″ without");
        Assert.True(slewMiss <= 10, $"the true line of sight misses the target by {slewMiss:0.0}″ (without the model {unmodelledMiss:0.0}″)");
        Assert.True(unmodelledMiss >= 60, $"without the model the miss would be only {unmodelledMiss:0.0}″");

        // Over the sky, the mount angles the firmware now commands put the true line of sight within 2″ of the target;
        // without the model they miss by about a minute of arc. The commanded angles are in the homed frame (the
        // calibration homed as the firmware does): the mechanical angles differ by the homing offset.
        var (homedAz, homedEl) = HomedFrame.Offset(7);
        double worstWith = 0, sumWithout = 0;
        int n = 0;
        for (double el = 20; el <= 80; el += 15)
        {
            for (double az = 0; az < 360; az += 30, n++)
            {
                var (mountAz, mountEl) = model.SkyToMount(az * D, el * D);
                worstWith = Math.Max(worstWith, Miss(truth.MountToSky(mountAz - (homedAz * D), mountEl - (homedEl * D)), az, el));
                double without = Miss(truth.MountToSky(az * D, el * D), az, el);
                sumWithout += without * without;
            }
        }

        Assert.True(worstWith <= 2, $"with the model the line of sight misses by up to {worstWith:0.00}″");
        Assert.True(Math.Sqrt(sumWithout / n) >= 60, $"without the model the rms miss is only {Math.Sqrt(sumWithout / n):0.0}″");
    }

    [Theory]
    [InlineData("\"station\": \"delingha\"", "\"station\": \"nanshan\"", "made for station 'nanshan', but this is 'delingha'")]
    [InlineData("\"version\": 1", "\"version\": 9", "'version' is 9; this firmware reads version 1")]
    [InlineData("\"created_utc\": \"", "\"created_utc\": \"x", "'created_utc' is 'x")]
    [InlineData("\"value_arcsec\": ", "\"value_arcsec\": \"a\", \"old\": ", "terms.IA: 'value_arcsec' is \"a\", expected a number")]
    public async Task A_mismatched_or_malformed_file_stops_start_up_naming_the_file_and_the_field(string find, string replace, string expected)
    {
        var fit = PointingModelFit.Fit([.. Observations()], [PointingTerm.IA, PointingTerm.IE]);
        string json = PointingModelFile.FromFit(fit, "delingha", DateTimeOffset.UnixEpoch).ToJson();
        Assert.Contains(find, json, StringComparison.Ordinal);
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "pointing-model.json");
        int at = json.IndexOf(find, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, string.Concat(json.AsSpan(0, at), replace, json.AsSpan(at + find.Length)));
        var time = new Station.Core.Timing.SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        using var station = EmulatedStation.FromPinMap(time, Station.Devices.Board.PinMapLoader.LoadDefault());
        using var host = CalibrationHost.Build([$"--Station:PointingModelPath={path}", "--Station:Name=delingha"], time, station);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Station:PointingModelPath: " + path, failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    private static double Miss((double AzimuthRad, double ElevationRad) sky, double azDeg, double elDeg) =>
        Math.Sqrt(Math.Pow(Math.IEEERemainder(sky.AzimuthRad - (azDeg * D), 2 * Math.PI) * Math.Cos(elDeg * D), 2) + Math.Pow(sky.ElevationRad - (elDeg * D), 2)) / D * 3600;

    private static IEnumerable<PointingObservation> Observations()
    {
        for (int i = 0; i < 24; i++)
        {
            double az = i * 15 * D, el = (20 + (i % 4 * 20)) * D;
            yield return new PointingObservation(az, el, az, el);
        }
    }
}
