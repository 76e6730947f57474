using Station.Core.Numerics;
using UnitsNet;

namespace Station.Core.Pointing;

/// <summary>
/// One calibration observation: where the source truly was on the sky and where the mount pointed when the
/// source was centred (both after refraction: apparent az/el). Radians.
/// </summary>
public readonly record struct PointingObservation(double SkyAzimuthRad, double SkyElevationRad, double MountAzimuthRad, double MountElevationRad);

/// <summary>A fitted term: value and 1σ uncertainty (null when the observations cannot determine the term).</summary>
public sealed record FittedTerm(PointingTerm Term, Angle Value, Angle? Uncertainty);

/// <summary>Result of a pointing-model fit. RMS values are on-sky (azimuth residuals scaled by cos E), radial.</summary>
public sealed record PointingFitResult(
    PointingModel Model,
    IReadOnlyList<FittedTerm> Terms,
    Angle RmsBefore,
    Angle RmsAfter,
    int ObservationCount,
    IReadOnlyList<PointingTerm> DegenerateTerms);

/// <summary>Least-squares fit of TPOINT terms to observations.</summary>
public static class PointingModelFit
{
    /// <summary>
    /// Fits <paramref name="terms"/> (default: <see cref="PointingTerms.Basic"/>). Needs at least as many
    /// residual components (2 per observation) as terms; terms the sky coverage cannot separate are reported
    /// as degenerate with zero value and no uncertainty rather than given arbitrary values.
    /// </summary>
    public static PointingFitResult Fit(IReadOnlyList<PointingObservation> observations, IReadOnlyList<PointingTerm>? terms = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        terms ??= PointingTerms.Basic;
        if (terms.Distinct().Count() != terms.Count)
        {
            throw new ArgumentException("A pointing term is listed twice.", nameof(terms));
        }

        int rows = 2 * observations.Count;
        if (rows < terms.Count)
        {
            throw new ArgumentException($"{observations.Count} observations give {rows} residuals; fitting {terms.Count} terms needs at least {(terms.Count + 1) / 2} observations.", nameof(observations));
        }

        var design = new double[rows, terms.Count];
        var residuals = new double[rows];
        for (int i = 0; i < observations.Count; i++)
        {
            var o = observations[i];
            if (!double.IsFinite(o.SkyAzimuthRad + o.SkyElevationRad + o.MountAzimuthRad + o.MountElevationRad))
            {
                throw new ArgumentException($"Observation {i} has a non-finite angle.", nameof(observations));
            }

            double cosE = Math.Cos(o.SkyElevationRad);
            residuals[2 * i] = WrapPi(o.MountAzimuthRad - o.SkyAzimuthRad) * cosE;
            residuals[(2 * i) + 1] = o.MountElevationRad - o.SkyElevationRad;
            for (int t = 0; t < terms.Count; t++)
            {
                var (pa, pe) = PointingTerms.Partials(terms[t], o.SkyAzimuthRad, o.SkyElevationRad);
                design[2 * i, t] = pa * cosE;
                design[(2 * i) + 1, t] = pe;
            }
        }

        var solution = LeastSquares.Solve(design, residuals);
        var fitted = new List<FittedTerm>();
        var degenerate = new List<PointingTerm>();
        var coefficients = new Dictionary<PointingTerm, Angle>();
        for (int t = 0; t < terms.Count; t++)
        {
            double sigma = solution.StandardErrors[t];
            if (double.IsInfinity(sigma))
            {
                degenerate.Add(terms[t]);
            }

            coefficients[terms[t]] = Angle.FromRadians(solution.Parameters[t]);
            fitted.Add(new FittedTerm(terms[t], Angle.FromRadians(solution.Parameters[t]), double.IsInfinity(sigma) ? null : Angle.FromRadians(sigma)));
        }

        double before = Math.Sqrt(residuals.Sum(r => r * r) / observations.Count);
        double after = solution.ResidualRms * Math.Sqrt(2); // per-component RMS → radial RMS
        return new PointingFitResult(new PointingModel(coefficients), fitted, Angle.FromRadians(before), Angle.FromRadians(after), observations.Count, degenerate);
    }

    private static double WrapPi(double angle) => Math.IEEERemainder(angle, 2 * Math.PI);
}
