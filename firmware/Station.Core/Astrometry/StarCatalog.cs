using System.Globalization;

namespace Station.Core.Astrometry;

/// <summary>
/// Bright-star catalogues in the CSV form <c>hr_or_hip,name,ra_j2000_deg,dec_j2000_deg,pm_ra_mas_per_yr,
/// pm_dec_mas_per_yr,parallax_mas,vmag</c>. The bundled one (<see cref="BrightStars"/>) is every star of the Yale
/// Bright Star Catalogue (5th ed., CDS V/50) brighter than V = 4.5; provenance in Astrometry/README.md. An empty
/// parallax (125 of them in BSC5) is read as 0.
/// </summary>
public static class StarCatalog
{
    public const string Header = "hr_or_hip,name,ra_j2000_deg,dec_j2000_deg,pm_ra_mas_per_yr,pm_dec_mas_per_yr,parallax_mas,vmag";

    private static readonly Lazy<IReadOnlyList<CatalogStar>> Bundled = new(() =>
    {
        using var stream = typeof(StarCatalog).Assembly.GetManifestResourceStream("Station.Core.Astrometry.bright_stars.csv")
            ?? throw new InvalidOperationException("The bundled bright-star catalogue is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader, "bright_stars.csv");
    });

    /// <summary>The bundled catalogue: BSC5 stars with V &lt; 4.5.</summary>
    public static IReadOnlyList<CatalogStar> BrightStars => Bundled.Value;

    /// <summary>Parses a catalogue; a bad line throws a <see cref="FormatException"/> naming the source, line and field.</summary>
    public static IReadOnlyList<CatalogStar> Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine();
        if (header?.Trim() != Header)
        {
            throw new FormatException($"{source}: line 1 is '{header}', expected the header '{Header}'.");
        }

        var stars = new List<CatalogStar>();
        int lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string[] f = line.Split(',');
            if (f.Length != 8)
            {
                throw new FormatException($"{source}: line {lineNumber} has {f.Length} fields, expected 8 ({Header}).");
            }

            double Number(int index, string name, double min, double max)
            {
                if (!double.TryParse(f[index], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < min || value > max)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{source}: line {lineNumber}: {name} '{f[index]}' is not a number in {min}…{max}."));
                }

                return value;
            }

            stars.Add(new CatalogStar(f[0], f[1], Number(2, "ra_j2000_deg", 0, 360), Number(3, "dec_j2000_deg", -90, 90),
                Number(4, "pm_ra_mas_per_yr", -20000, 20000), Number(5, "pm_dec_mas_per_yr", -20000, 20000),
                f[6].Length == 0 ? 0 : Number(6, "parallax_mas", -100, 1000), Number(7, "vmag", -2, 20)));
        }

        return stars;
    }
}
