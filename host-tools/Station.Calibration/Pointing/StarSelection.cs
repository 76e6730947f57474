using Station.Calibration.Stars;
using Station.Core.Orbits;

namespace Station.Calibration.Pointing;

/// <summary>The part of the sky a survey may use: an azimuth sector (from → to, clockwise, may wrap past north) and an elevation band.</summary>
public sealed record SkyRegion(double AzimuthFromDeg = 0, double AzimuthToDeg = 360, double ElevationMinDeg = 20, double ElevationMaxDeg = 80)
{
    /// <summary>Width of the azimuth sector, degrees (360 for the whole horizon).</summary>
    public double AzimuthSpanDeg
    {
        get
        {
            double span = AzimuthToDeg - AzimuthFromDeg;
            return span is > 0 and <= 360 ? span : ((span % 360) + 360) % 360;
        }
    }

    public bool Contains(double azimuthDeg, double elevationDeg) =>
        elevationDeg >= ElevationMinDeg && elevationDeg <= ElevationMaxDeg && ((((azimuthDeg - AzimuthFromDeg) % 360) + 360) % 360) <= AzimuthSpanDeg;
}

/// <summary>A star chosen for the survey and where it stood when chosen (unrefracted, degrees).</summary>
public sealed record SurveyStar(BrightStar Star, double AzimuthDeg, double ElevationDeg);

/// <summary>
/// Chooses survey stars spread evenly over a region of the sky: targets laid out in elevation bands (fewer per band
/// towards the zenith, as the sky there is smaller), the nearest usable star to each target, visited band by band in
/// alternating azimuth order to keep slews short. A star is unusable when another catalogue star lies within
/// <see cref="NeighbourExclusionDeg"/> (two spots in the field) or it is a large-amplitude variable.
/// </summary>
public static class StarSelection
{
    /// <summary>Another star this close makes a star unusable (the camera's field is 11′ across).</summary>
    public const double NeighbourExclusionDeg = 0.5;

    /// <summary>Mira (HR 681) and χ Cyg (HR 7564): magnitudes from 2–3 down to 10–14.</summary>
    public static IReadOnlySet<string> Variables { get; } = new HashSet<string>(StringComparer.Ordinal) { "HR 681", "HR 7564" };

    public static IReadOnlyList<SurveyStar> Choose(IReadOnlyList<BrightStar> catalogue, DateTime utc, GroundStation site, int count, SkyRegion region)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(region);
        var usable = Usable(catalogue)
            .Select(star =>
            {
                var (az, el) = StarAstrometry.Topocentric(star, utc, site);
                return new SurveyStar(star, az * 180 / Math.PI, el * 180 / Math.PI);
            })
            .Where(s => region.Contains(s.AzimuthDeg, s.ElevationDeg))
            .ToList();

        var chosen = new List<SurveyStar>();
        foreach (var (targetAz, targetEl) in Targets(count, region))
        {
            var nearest = usable.MinBy(s => Separation(s.AzimuthDeg, s.ElevationDeg, targetAz, targetEl));
            if (nearest is null)
            {
                break;
            }

            chosen.Add(nearest);
            usable.Remove(nearest);
        }

        return chosen;
    }

    /// <summary>Target points spread evenly over the region, band by band, in serpentine azimuth order.</summary>
    private static IEnumerable<(double AzimuthDeg, double ElevationDeg)> Targets(int count, SkyRegion region)
    {
        int bands = Math.Max(2, (int)Math.Round(Math.Sqrt(count / 2.5)));
        double height = (region.ElevationMaxDeg - region.ElevationMinDeg) / bands;
        var centres = Enumerable.Range(0, bands).Select(k => region.ElevationMinDeg + ((k + 0.5) * height)).ToArray();
        var weights = centres.Select(e => Math.Cos(e * Math.PI / 180)).ToArray();
        double total = weights.Sum();
        int assigned = 0;
        for (int k = 0; k < bands; k++)
        {
            int inBand = k == bands - 1 ? count - assigned : Math.Max(1, (int)Math.Round(count * weights[k] / total));
            inBand = Math.Min(inBand, count - assigned);
            assigned += inBand;
            for (int j = 0; j < inBand; j++)
            {
                int index = k % 2 == 0 ? j : inBand - 1 - j;
                double az = region.AzimuthFromDeg + ((index + 0.5) * region.AzimuthSpanDeg / inBand);
                yield return ((az % 360 + 360) % 360, centres[k]);
            }
        }
    }

    private static IEnumerable<BrightStar> Usable(IReadOnlyList<BrightStar> catalogue)
    {
        var vectors = catalogue.Select(s => Unit(s.RaJ2000Deg, s.DecJ2000Deg)).ToArray();
        double cosLimit = Math.Cos(NeighbourExclusionDeg * Math.PI / 180);
        for (int i = 0; i < catalogue.Count; i++)
        {
            if (Variables.Contains(catalogue[i].Id))
            {
                continue;
            }

            bool crowded = false;
            for (int j = 0; j < catalogue.Count && !crowded; j++)
            {
                crowded = j != i && Dot(vectors[i], vectors[j]) > cosLimit;
            }

            if (!crowded)
            {
                yield return catalogue[i];
            }
        }
    }

    /// <summary>Angle between two (az, el) directions, degrees.</summary>
    public static double Separation(double az1Deg, double el1Deg, double az2Deg, double el2Deg)
    {
        var a = Unit(az1Deg, el1Deg);
        var b = Unit(az2Deg, el2Deg);
        return Math.Acos(Math.Clamp(Dot(a, b), -1, 1)) * 180 / Math.PI;
    }

    private static (double X, double Y, double Z) Unit(double lonDeg, double latDeg)
    {
        var (sinLon, cosLon) = Math.SinCos(lonDeg * Math.PI / 180);
        var (sinLat, cosLat) = Math.SinCos(latDeg * Math.PI / 180);
        return (cosLat * cosLon, cosLat * sinLon, sinLat);
    }

    private static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);
}
