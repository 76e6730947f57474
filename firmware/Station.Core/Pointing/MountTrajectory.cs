namespace Station.Core.Pointing;

/// <summary>A planned keyhole: where the mount cannot follow the target and by how much it will miss.</summary>
/// <param name="StartUtc">First instant the plan departs from the target.</param>
/// <param name="EndUtc">Last instant it departs.</param>
/// <param name="MaxErrorArcsec">Largest on-sky angle between where the mount points and the target.</param>
/// <param name="TimeAboveThreshold">How long the error exceeds the lock-loss threshold (lock expected lost).</param>
public sealed record KeyholePrediction(DateTime StartUtc, DateTime EndUtc, double MaxErrorArcsec, TimeSpan TimeAboveThreshold);

/// <summary>One control-tick setpoint: mount position, feed-forward rate and acceleration (degrees, seconds).</summary>
public readonly record struct MountSetpoint(double AzimuthDeg, double ElevationDeg, double AzimuthRateDegPerS, double ElevationRateDegPerS, double AzimuthAccelerationDegPerS2, double ElevationAccelerationDegPerS2);

/// <summary>
/// A planned track, sampled at the control rate (structure of arrays): mount setpoints with feed-forward
/// rates and accelerations, the target it would ideally point at (sky apparent position through the pointing
/// model, on the chosen cable wrap), and the keyholes where the two differ.
/// </summary>
public sealed class MountTrajectory
{
    internal MountTrajectory(DateTime startUtc, double stepSeconds, int count)
    {
        StartUtc = startUtc;
        StepSeconds = stepSeconds;
        AzimuthDeg = new double[count];
        ElevationDeg = new double[count];
        TargetAzimuthDeg = new double[count];
        TargetElevationDeg = new double[count];
        SkyAzimuthDeg = new double[count];
        SkyElevationDeg = new double[count];
    }

    public DateTime StartUtc { get; }

    public double StepSeconds { get; }

    public int Count => AzimuthDeg.Length;

    public DateTime EndUtc => StartUtc.AddSeconds((Count - 1) * StepSeconds);

    /// <summary>Planned mount azimuth (continuous, on the chosen wrap).</summary>
    internal double[] AzimuthDeg { get; }

    internal double[] ElevationDeg { get; }

    /// <summary>Where the mount would point to follow the target exactly (model applied, on the wrap).</summary>
    internal double[] TargetAzimuthDeg { get; }

    internal double[] TargetElevationDeg { get; }

    /// <summary>The target's apparent (refracted) sky position, azimuth 0–360°.</summary>
    internal double[] SkyAzimuthDeg { get; }

    internal double[] SkyElevationDeg { get; }

    /// <summary>The cable-wrap offset chosen (multiple of 360°).</summary>
    public double WrapOffsetDeg { get; internal set; }

    /// <summary>Keyholes, in time order.</summary>
    public IReadOnlyList<KeyholePrediction> Keyholes { get; internal set; } = [];

    /// <summary>Closest approach of the target to the sun over the track, degrees.</summary>
    public double MinimumSunSeparationDeg { get; internal set; }

    public ReadOnlySpan<double> PlannedAzimuth => AzimuthDeg;

    public ReadOnlySpan<double> PlannedElevation => ElevationDeg;

    public ReadOnlySpan<double> TargetAzimuth => TargetAzimuthDeg;

    public ReadOnlySpan<double> TargetElevation => TargetElevationDeg;

    public ReadOnlySpan<double> SkyAzimuth => SkyAzimuthDeg;

    public ReadOnlySpan<double> SkyElevation => SkyElevationDeg;

    /// <summary>UTC of sample <paramref name="index"/>.</summary>
    public DateTime TimeOf(int index) => StartUtc.AddTicks((long)Math.Round(index * StepSeconds * TimeSpan.TicksPerSecond));

    /// <summary>
    /// The setpoint at <paramref name="utc"/>: positions interpolated linearly between samples, rates and
    /// accelerations by finite differences. Outside the track the end setpoint with zero rate is held.
    /// </summary>
    public MountSetpoint Sample(DateTime utc)
    {
        double x = (utc - StartUtc).TotalSeconds / StepSeconds;
        if (x <= 0 || Count < 3)
        {
            return new MountSetpoint(AzimuthDeg[0], ElevationDeg[0], 0, 0, 0, 0);
        }

        if (x >= Count - 1)
        {
            return new MountSetpoint(AzimuthDeg[^1], ElevationDeg[^1], 0, 0, 0, 0);
        }

        int i = (int)x;
        double f = x - i;
        int c = Math.Clamp(i + (f < 0.5 ? 0 : 1), 1, Count - 2);
        return new MountSetpoint(
            AzimuthDeg[i] + ((AzimuthDeg[i + 1] - AzimuthDeg[i]) * f),
            ElevationDeg[i] + ((ElevationDeg[i + 1] - ElevationDeg[i]) * f),
            AxisTrajectoryPlanner.RateAt(AzimuthDeg, c, StepSeconds),
            AxisTrajectoryPlanner.RateAt(ElevationDeg, c, StepSeconds),
            AxisTrajectoryPlanner.AccelerationAt(AzimuthDeg, c, StepSeconds),
            AxisTrajectoryPlanner.AccelerationAt(ElevationDeg, c, StepSeconds));
    }
}
