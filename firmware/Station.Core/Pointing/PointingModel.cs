using System.Collections.ObjectModel;
using UnitsNet;

namespace Station.Core.Pointing;

/// <summary>
/// A pointing model: term coefficients (radians inside; arcseconds at the API) mapping where a source is on
/// the sky to where the mount must point, and back. Valid below the zenith singularity of CA/NPAE/AN/AW
/// (tan E, 1/cos E): corrections are evaluated with E clamped to 89.5° so they stay finite through a keyhole.
/// </summary>
public sealed class PointingModel
{
    private const double MaxElevationForModelRad = 89.5 * Math.PI / 180;
    private readonly PointingTerm[] _terms;
    private readonly double[] _coefficientsRad;

    /// <summary>A model with the given coefficients (terms not named are zero).</summary>
    public PointingModel(IReadOnlyDictionary<PointingTerm, Angle> coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        _terms = [.. coefficients.Keys.OrderBy(t => t)];
        _coefficientsRad = [.. _terms.Select(t => coefficients[t].Radians)];
        if (_coefficientsRad.Any(c => !double.IsFinite(c)))
        {
            throw new ArgumentException("Pointing-model coefficients must be finite.", nameof(coefficients));
        }
    }

    /// <summary>The model that corrects nothing.</summary>
    public static PointingModel Identity { get; } = new(new Dictionary<PointingTerm, Angle>());

    /// <summary>The coefficients, in arcseconds at the API.</summary>
    public IReadOnlyDictionary<PointingTerm, Angle> Coefficients =>
        new ReadOnlyDictionary<PointingTerm, Angle>(_terms.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => Angle.FromRadians(_coefficientsRad[p.i])));

    /// <summary>Coefficient of one term (zero when absent).</summary>
    public Angle this[PointingTerm term]
    {
        get
        {
            int index = Array.IndexOf(_terms, term);
            return index < 0 ? Angle.Zero : Angle.FromRadians(_coefficientsRad[index]);
        }
    }

    /// <summary>The correction (ΔA, ΔE) in radians at a sky position (radians).</summary>
    public (double DAzRad, double DElRad) Correction(double azimuthRad, double elevationRad)
    {
        double el = Math.Min(elevationRad, MaxElevationForModelRad);
        double dA = 0, dE = 0;
        for (int i = 0; i < _terms.Length; i++)
        {
            var (pa, pe) = PointingTerms.Partials(_terms[i], azimuthRad, el);
            dA += _coefficientsRad[i] * pa;
            dE += _coefficientsRad[i] * pe;
        }

        return (dA, dE);
    }

    /// <summary>Mount position for a sky position (radians): sky + correction.</summary>
    public (double AzimuthRad, double ElevationRad) SkyToMount(double azimuthRad, double elevationRad)
    {
        var (dA, dE) = Correction(azimuthRad, elevationRad);
        return (azimuthRad + dA, elevationRad + dE);
    }

    /// <summary>Sky position for a mount position (radians), by fixed-point iteration (converges in a few
    /// steps because the corrections are arcseconds and vary slowly).</summary>
    public (double AzimuthRad, double ElevationRad) MountToSky(double azimuthRad, double elevationRad)
    {
        double a = azimuthRad, e = elevationRad;
        for (int i = 0; i < 20; i++)
        {
            var (dA, dE) = Correction(a, e);
            double nextA = azimuthRad - dA, nextE = elevationRad - dE;
            bool converged = Math.Abs(nextA - a) < 1e-13 && Math.Abs(nextE - e) < 1e-13;
            a = nextA;
            e = nextE;
            if (converged)
            {
                break;
            }
        }

        return (a, e);
    }
}
