using System.Runtime.CompilerServices;

namespace Station.Core.Orbits;

/// <summary>
/// SGP4/SDP4 propagator for one element set, following Hoots &amp; Roehrich (Spacetrack Report #3, 1980) as
/// revised by Vallado, Crawford, Hujsak &amp; Kelso ("Revisiting Spacetrack Report #3", AIAA 2006-6753).
/// Orbits with periods of 225 minutes or more use the deep-space (SDP4) terms.
/// </summary>
/// <remarks>
/// Instances are immutable after construction, so one instance may be propagated from many threads at
/// once. Unlike the reference code, the deep-space resonance integrator does not cache its last step:
/// it integrates from epoch on every call (one 720-minute step per half day), which repeats the same
/// fixed steps from the same start and so gives the same results, without shared mutable state.
/// Propagation allocates nothing.
/// </remarks>
public sealed partial class Sgp4Propagator
{
    private const double TwoPi = 2.0 * Math.PI;
    private const double TwoThirds = 2.0 / 3.0;
    private const double MinutesPerDay = 1440.0;
    private const double DegreesToRadians = Math.PI / 180.0;

    /// <summary>Creates a propagator and runs SGP4 once at epoch, as sgp4init does.</summary>
    /// <param name="elements">The element set.</param>
    /// <param name="gravityModel">Earth constants; element sets are fitted with <see cref="Sgp4GravityModel.Wgs72"/>.</param>
    /// <param name="operationMode">Vallado's opsmode: improved ('i', default) or AFSPC ('a').</param>
    /// <exception cref="ArgumentNullException"><paramref name="elements"/> is null.</exception>
    /// <exception cref="ArgumentException">An element is not finite, the mean motion is not positive or the eccentricity is outside [0, 1).</exception>
    public Sgp4Propagator(ElementSet elements, Sgp4GravityModel gravityModel = Sgp4GravityModel.Wgs72,
        Sgp4OperationMode operationMode = Sgp4OperationMode.Improved)
    {
        ArgumentNullException.ThrowIfNull(elements);
        Validate(elements);
        Elements = elements;
        GravityModel = gravityModel;
        OperationMode = operationMode;
        Initialize(elements, GravityConstants.For(gravityModel), operationMode == Sgp4OperationMode.Afspc);
        InitializationError = Propagate(0.0).Error;
    }

    /// <summary>The element set this propagator was built from.</summary>
    public ElementSet Elements { get; }

    /// <summary>The gravity constants in use.</summary>
    public Sgp4GravityModel GravityModel { get; }

    /// <summary>Vallado's operation mode in use.</summary>
    public Sgp4OperationMode OperationMode { get; }

    /// <summary>The error SGP4 reports at epoch (sgp4init's check); <see cref="Sgp4Error.None"/> when the set is usable.</summary>
    public Sgp4Error InitializationError { get; }

    /// <summary>True when the orbit period is 225 minutes or more and the deep-space (SDP4) terms apply.</summary>
    public bool IsDeepSpace => _deep is not null;

    /// <summary>SGP4's mean semi-major axis at epoch (un-Kozai'd, before drag), km — sizes the orbit for pass-search bounds.</summary>
    internal double MeanSemiMajorAxisKm => _ao * _radiusEarthKm;

    /// <summary>
    /// The mean semi-major axis after the drag terms at <paramref name="minutesSinceEpoch"/> (a₀·tempa², as the propagation
    /// computes it), km; for deep space without the resonance change of the mean motion.
    /// </summary>
    internal double MeanSemiMajorAxisKmAt(double minutesSinceEpoch)
    {
        double t = minutesSinceEpoch, t2 = t * t;
        double tempa = 1.0 - (_cc1 * t);
        if (!_isimp)
        {
            tempa -= (_d2 * t2) + (_d3 * t2 * t) + (_d4 * t2 * t2);
        }

        return _ao * tempa * tempa * _radiusEarthKm;
    }

    /// <summary>Catalogue number of the element set (shortcut for batch loops).</summary>
    public int CatalogNumber => Elements.CatalogNumber;

    /// <summary>Propagates to a UTC time (Kind Utc or Unspecified).</summary>
    /// <exception cref="ArgumentException"><paramref name="utc"/> is local time.</exception>
    public Sgp4Result PropagateToUtc(DateTime utc)
    {
        (double whole, double fraction) = JulianDate.FromUtc(utc);
        return PropagateToJulianDate(whole, fraction);
    }

    /// <summary>Propagates to a UTC Julian date given as two parts (any split; e.g. whole days and fraction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Sgp4Result PropagateToJulianDate(double julianDateWhole, double julianDateFraction) =>
        Propagate(MinutesSinceEpoch(julianDateWhole, julianDateFraction));

    /// <summary>Minutes from this element set's epoch to a UTC Julian date given as two parts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double MinutesSinceEpoch(double julianDateWhole, double julianDateFraction) =>
        ((julianDateWhole - _epochJulianWhole) + (julianDateFraction - _epochJulianFraction)) * MinutesPerDay;

    private static void Validate(ElementSet e)
    {
        ReadOnlySpan<double> values =
        [
            e.MeanMotionRevPerDay, e.Eccentricity, e.InclinationDeg, e.RightAscensionOfAscendingNodeDeg,
            e.ArgumentOfPerigeeDeg, e.MeanAnomalyDeg, e.BStar, e.EpochJulianDateWhole, e.EpochJulianDateFraction,
        ];
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"Element set {e.CatalogNumber} has a non-finite element.", nameof(e));
            }
        }

        if (e.MeanMotionRevPerDay <= 0.0)
        {
            throw new ArgumentException($"Element set {e.CatalogNumber}: mean motion {e.MeanMotionRevPerDay} rev/day, expected > 0.", nameof(e));
        }

        if (e.Eccentricity is < 0.0 or >= 1.0)
        {
            throw new ArgumentException($"Element set {e.CatalogNumber}: eccentricity {e.Eccentricity}, expected 0 <= e < 1.", nameof(e));
        }
    }
}
