using System.Globalization;
using Iot.Device.Adc;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Acquisition;
using Station.Core.Orbits;
using Station.Devices.Board;
using Station.Devices.Dac8563;
using Station.Devices.QuadCell;
using Station.Devices.SteeringMirror;
using Station.Emulator.Scenarios;
using Station.Emulator.World;
using Station.Emulator.World.Disturbances;
using Station.Firmware.Acquisition;
using UnitsNet;

using Station.Emulator.Truth;

namespace Station.Cli.Tracking;

/// <summary>
/// Flies a pass with beacon acquisition: the shared set-up (<see cref="EmulatedPassSession"/>), then the emulator's
/// beacon sky (truth ephemeris, disturbances, clouds, star), the firmware's quad cell, steering mirror and
/// <see cref="BeaconAcquisition"/> service on the emulated buses, the acquisition's offsets fed to the
/// <see cref="Firmware.Motion.MountTracker"/>. Lock times count from the true satellite crossing the track's minimum
/// elevation (geometric, as the pass finder defines AOS) when the whole pass is flown, from the start of the track
/// when a window is. The truth residual (beacon after the mirror, what the science detectors see) is sampled every
/// millisecond in fine lock above 30° elevation.
/// </summary>
public static class ClosedLoopPassRunner
{
    /// <summary>Quad-cell sum (volts at the ADC) below which the binding reports no spot.</summary>
    public const double QuadCellNoSpotVolts = 0.1;

    /// <summary>Elevation above which the fine residual is counted (the requirement's 30°).</summary>
    public const double FineRmsFloorDeg = 30;

    public static ClosedLoopPassResult Run(ClosedLoopPassRequest request, PinMap? pinMap = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var session = EmulatedPassSession.Prepare(request.Pass, pinMap);
        var station = session.Station;
        var aos = new DateTimeOffset(session.Pass.AosUtc!.Value, TimeSpan.Zero);
        var trackStart = new DateTimeOffset(session.Trajectory.StartUtc, TimeSpan.Zero);
        var acquireAt = trackStart + request.AcquireFromAos;
        if (request.AcquireFromAos < TimeSpan.Zero || acquireAt >= new DateTimeOffset(session.Trajectory.EndUtc, TimeSpan.Zero))
        {
            throw new PassTrackException(string.Create(CultureInfo.InvariantCulture, $"Acquisition {request.AcquireFromAos.TotalSeconds:0.###} s after AOS is outside the track ({(session.Trajectory.EndUtc - session.Trajectory.StartUtc).TotalSeconds:0} s)."));
        }

        var sky = new EmulatedBeaconSky(station, request.Pass.Satellite, request.Pass.Station, new BeaconSkyParameters
        {
            AlongTrackSeconds = request.AlongTrackSeconds,
            CrossTrackMeters = request.CrossTrackMeters,
            Clouds = [.. request.Clouds.Select(c => new CloudInterval(aos + c.AfterAos, aos + c.AfterAos + c.Duration))],
            Star = request.Star is { } s ? new BeaconSkyStar(aos + s.AfterAos, s.XelOffsetUrad, s.ElOffsetUrad, s.SignalElectrons) : null,
            Turbulence = request.Turbulence,
            Jitter = request.Jitter,
            Seed = request.SkySeed,
        });
        station.World.Add(sky);
        station.BeaconScene.NoisePoolFrames = 16; // a whole pass at 100 fps: copy pooled noise, stamp the spots

        var map = session.PinMap;
        using var quadCell = new QuadCell(new Mcp3208(station.Buses.OpenSpi(map.GetSpiConnectionSettings(DeviceId.QuadCellAdc))), ElectricPotential.FromVolts(3.3), ElectricPotential.FromVolts(QuadCellNoSpotVolts));
        using var mirror = new SteeringMirror(new Dac8563(station.Buses.OpenSpi(map.GetSpiConnectionSettings(DeviceId.SteeringMirrorDac))), new SteeringMirrorOptions());
        mirror.Initialize();
        var options = request.Acquisition ?? EmulatedAcquisitionTuning.For(sky.Parameters.QuadCell, map.GetCamera(DeviceId.BeaconCamera).Device, sky.Parameters.CameraSignalElectrons / station.BeaconScene.ElectronsPerAdu);
        using var acquisition = new BeaconAcquisition(options, station.Buses.OpenCamera, quadCell, mirror, session.Time, NullLogger<BeaconAcquisition>.Instance);

        if (request.FrameObserver is { } observer)
        {
            acquisition.FrameObserver = (service, centroid) => observer(service, centroid, sky);
        }

        var reference = request.AcquireFromAos == TimeSpan.Zero ? TrueCrossing(sky, aos, request.Pass.TrackMaskDeg) : acquireAt;
        var residual = new ResidualRecorder(sky, acquisition);
        station.World.Add(residual);
        var statistics = new PassTrackStatistics(request.Pass.StatisticsFloorDeg, session.LockLossThresholdDeg, session.Trajectory.Keyholes);
        using var tracker = session.CreateTracker();
        tracker.SetpointOffset = acquisition;
        tracker.TickObserver = tick =>
        {
            var (x, y) = sky.BeaconOffset;
            statistics.Add(tick.Time, Math.Sqrt((x * x) + (y * y)) * 1e-6 * 180 / Math.PI * 3600, sky.LineOfSightElevationDeg, session.Violation());
        };

        tracker.Start(session.Trajectory);
        session.Time.AdvanceTo(acquireAt);
        var (range, xelRate, elRate) = LineOfSightAt(session.Satellite, request.Pass.Station, acquireAt.UtcDateTime);
        if (request.KnownTimeBiasSeconds is { } bias)
        {
            double fieldUrad = options.Tracker.Camera.InscribedFieldOfView.Microradians;
            acquisition.Start(SearchRegion.Circle(bias * xelRate * 1e6, bias * elRate * 1e6, fieldUrad / 2), reference);
        }
        else
        {
            acquisition.Start(acquireAt.UtcDateTime - request.Pass.Satellite.EpochUtc, range, xelRate, elRate, reference);
        }

        var region = acquisition.Tracker.Pattern.Region;
        int points = acquisition.Tracker.Pattern.Count;
        var (trackerState, trackerFault) = session.FlyToEnd(tracker);
        var finalResidual = sky.Residual; // before the stop recentres the mirror
        tracker.Stop();
        acquisition.Stop();

        var track = new OpenLoopPassResult(session.Pass, session.Calibration, session.PressureMbar, session.TemperatureC, session.Trajectory, session.SlewStrategy,
            trackerState, trackerFault, statistics, session.EncoderRetries, session.SimulatedTime, session.WallTime);
        return new ClosedLoopPassResult(track, [.. sky.Parameters.Describe()], region, points, reference, acquisition.Metrics, acquisition.Metrics.Transitions,
            residual.RmsX, residual.RmsY, residual.Samples, acquisition.FramesMeasured, acquisition.FineSamples, acquisition.CameraSwitches, [.. TurbulenceAlongPass(sky.Parameters.Turbulence, session), .. Spectra(residual, sky.Parameters.Turbulence)], finalResidual.X, finalResidual.Y);
    }

    /// <summary>When the true satellite crosses <paramref name="elevationDeg"/> (geometric) near AOS: bisection within ±60 s.</summary>
    private static DateTimeOffset TrueCrossing(EmulatedBeaconSky sky, DateTimeOffset aos, double elevationDeg)
    {
        DateTime lo = aos.UtcDateTime.AddSeconds(-60), hi = aos.UtcDateTime.AddSeconds(60);
        if (sky.TrueLook(lo, refracted: false).ElevationDeg >= elevationDeg || sky.TrueLook(hi, refracted: false).ElevationDeg < elevationDeg)
        {
            return aos; // the truth is minutes off: count from the predicted AOS
        }

        while ((hi - lo).TotalMilliseconds > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            (lo, hi) = sky.TrueLook(mid, refracted: false).ElevationDeg < elevationDeg ? (mid, hi) : (lo, mid);
        }

        return new DateTimeOffset(hi, TimeSpan.Zero);
    }

    /// <summary>Slant range and line-of-sight rates (cross-elevation, elevation; rad/s) of the predicted satellite at <paramref name="utc"/>.</summary>
    private static (Length Range, double XelRate, double ElRate) LineOfSightAt(Sgp4Propagator satellite, GroundStation site, DateTime utc)
    {
        var a = Look(satellite, site, utc);
        var b = Look(satellite, site, utc.AddSeconds(1));
        const double d = Math.PI / 180;
        double azRate = Math.IEEERemainder(b.AzimuthDeg - a.AzimuthDeg, 360) * d;
        return (Length.FromKilometers(a.RangeKm), azRate * Math.Cos(a.ElevationDeg * d), (b.ElevationDeg - a.ElevationDeg) * d);
    }

    private static LookAngles Look(Sgp4Propagator satellite, GroundStation site, DateTime utc)
    {
        var s = satellite.PropagateToUtc(utc);
        return Topocentric.Look(new Vec3(s.XKm, s.YKm, s.ZKm), new Vec3(s.VxKmPerS, s.VyKmPerS, s.VzKmPerS), utc, site);
    }

    /// <summary>Turbulence rms and corner at a few points of the flown track, for the report.</summary>
    private static List<string> TurbulenceAlongPass(TurbulenceTiltParameters turbulence, EmulatedPassSession session)
    {
        var lines = new List<string>();
        var t = session.Trajectory;
        const double d = Math.PI / 180;
        for (int k = 0; k <= 4; k++)
        {
            var utc = t.StartUtc + ((t.EndUtc - t.StartUtc) * k / 4);
            var a = t.Sample(utc);
            var b = t.Sample(utc.AddSeconds(0.1));
            double rate = Math.Sqrt(Math.Pow(Math.IEEERemainder(b.AzimuthDeg - a.AzimuthDeg, 360) * Math.Cos(a.ElevationDeg * d), 2) + Math.Pow(b.ElevationDeg - a.ElevationDeg, 2)) * d / 0.1;
            double zenith = (90 - a.ElevationDeg) * d;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"turbulence at {utc:HH:mm:ss}Z, elevation {a.ElevationDeg:0.0}°, slew {rate * 1e3:0.00} mrad/s: rms {turbulence.RmsUrad(zenith):0.00} µrad per axis, corner {turbulence.CornerHz(rate):0.0} Hz"));
        }

        return lines;
    }

    /// <summary>Measured spectra of what the sky injected and what the loops left, for the report.</summary>
    private static List<string> Spectra(ResidualRecorder recorder, TurbulenceTiltParameters turbulence)
    {
        var lines = new List<string>();
        if (recorder.Recorded < SpectrumSegment * 2)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"spectra: only {recorder.Recorded} samples recorded (need {SpectrumSegment * 2})"));
            return lines;
        }

        var c = CultureInfo.InvariantCulture;
        double fc = recorder.CornerAtStart, rms = recorder.TurbulenceRmsAtStart;
        var tilt = SpectralEstimate.Welch(recorder.Turbulence.AsSpan(0, recorder.Recorded), 1000, SpectrumSegment);
        double measuredRms = Math.Sqrt(tilt.BandPower(0, 500));
        double low = tilt.MeanDensity(0.2, fc / 3), lowModel = TurbulenceTiltParameters.Psd(fc / 10, fc, rms);
        lines.Add(string.Create(c, $"spectrum of the injected tilt (x, {recorder.Recorded / 1000.0:0.#} s from {recorder.StartTime:HH:mm:ss}Z; model at the start: fc {fc:0.0} Hz, rms {rms:0.00} µrad): rms {measuredRms:0.00} µrad; below fc/3 {low:G3} µrad²/Hz (model {lowModel:G3}); log-log slope 3·fc…150 Hz {tilt.LogLogSlope(3 * fc, 150):0.00} (model −3.67)"));
        var residual = SpectralEstimate.Welch(recorder.Residual.AsSpan(0, recorder.Recorded), 1000, SpectrumSegment);
        lines.Add(string.Create(c, $"spectrum of the residual after the mirror (x, same span): rms {Math.Sqrt(residual.BandPower(0, 500)):0.00} µrad; band rms 0–1 Hz {Math.Sqrt(residual.BandPower(0, 1)):0.00}, 1–10 Hz {Math.Sqrt(residual.BandPower(1, 10)):0.00}, 10–100 Hz {Math.Sqrt(residual.BandPower(10, 100)):0.00}, 100–500 Hz {Math.Sqrt(residual.BandPower(100, 500)):0.00} µrad"));
        return lines;
    }

    /// <summary>Welch segment of the report's spectra (4.1 s at 1 kHz: 0.24 Hz resolution).</summary>
    private const int SpectrumSegment = 4096;

    /// <summary>
    /// The truth residual after the mirror, sampled every world step while the tracker is in fine lock above 30°; and,
    /// from the first fine lock, 32.8 s of the injected tilt and of the residual for the report's spectra.
    /// </summary>
    private sealed class ResidualRecorder(EmulatedBeaconSky sky, BeaconAcquisition acquisition) : IWorldComponent
    {
        private double _sumX;
        private double _sumY;

        public double[] Turbulence { get; } = new double[8 * SpectrumSegment];

        public double[] Residual { get; } = new double[8 * SpectrumSegment];

        public int Recorded { get; private set; }

        public DateTimeOffset StartTime { get; private set; }

        public double CornerAtStart { get; private set; }

        public double TurbulenceRmsAtStart { get; private set; }

        public long Samples { get; private set; }

        public double RmsX => Samples == 0 ? double.NaN : Math.Sqrt(_sumX / Samples);

        public double RmsY => Samples == 0 ? double.NaN : Math.Sqrt(_sumY / Samples);

        public void Advance(DateTimeOffset now)
        {
            if (Recorded < Turbulence.Length && (Recorded > 0 || acquisition.State == TrackerState.FineLock))
            {
                if (Recorded == 0)
                {
                    (StartTime, CornerAtStart, TurbulenceRmsAtStart) = (now, sky.Turbulence.CornerHz, sky.Turbulence.RmsUrad);
                }

                Turbulence[Recorded] = sky.Turbulence.XUrad;
                Residual[Recorded++] = sky.Residual.X;
            }

            if (acquisition.State == TrackerState.FineLock && sky.LineOfSightElevationDeg >= FineRmsFloorDeg)
            {
                var (x, y) = sky.Residual;
                _sumX += x * x;
                _sumY += y * y;
                Samples++;
            }
        }
    }
}
