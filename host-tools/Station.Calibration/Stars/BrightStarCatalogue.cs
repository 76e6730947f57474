using System.Globalization;
using System.Reflection;

namespace Station.Calibration.Stars;

/// <summary>A catalogue star: J2000 (FK5) position and proper motion (μα* includes cos δ), V magnitude.</summary>
public sealed record BrightStar(string Id, string Name, double RaJ2000Deg, double DecJ2000Deg, double PmRaMasPerYear, double PmDecMasPerYear, double VMagnitude);

/// <summary>
/// The bundled bright-star catalogue: the Yale Bright Star Catalogue (BSC5, CDS V/50) stars brighter than V 4.5, with
/// J2000 positions and proper motions (provenance in Stars/README.md). Embedded, so the scripts need no files.
/// </summary>
public static class BrightStarCatalogue
{
    private const string ResourceName = "Station.Calibration.Stars.bright_stars.csv";
    private static readonly Lazy<IReadOnlyList<BrightStar>> Embedded = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded catalogue {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), ResourceName);
    });

    /// <summary>Every star of the bundled catalogue (V &lt; 4.5).</summary>
    public static IReadOnlyList<BrightStar> All => Embedded.Value;

    /// <summary>Parses <c>hr_or_hip,name,ra_j2000_deg,dec_j2000_deg,pm_ra_mas_per_yr,pm_dec_mas_per_yr,parallax_mas,vmag</c> rows.</summary>
    public static IReadOnlyList<BrightStar> Parse(string csv, string source)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var stars = new List<BrightStar>();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int i = 1; i < lines.Length; i++)
        {
            string[] f = lines[i].Split(',');
            if (f.Length != 8 || !TryNumber(f[2], out double ra) || !TryNumber(f[3], out double dec) || !TryNumber(f[7], out double v))
            {
                throw new FormatException($"{source} line {i + 1}: expected 8 fields with numeric ra, dec and vmag: '{lines[i]}'");
            }

            // A blank proper motion is an unknown one: take it as zero (BSC5 gives one for every V < 4.5 star).
            stars.Add(new BrightStar(f[0], f[1], ra, dec, TryNumber(f[4], out double pmRa) ? pmRa : 0, TryNumber(f[5], out double pmDec) ? pmDec : 0, v));
        }

        return stars;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
