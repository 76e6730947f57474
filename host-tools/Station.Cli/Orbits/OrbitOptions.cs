using System.CommandLine;

namespace Station.Cli.Orbits;

/// <summary>Options the orbit commands share, created fresh for each command (an option belongs to one command).</summary>
internal static class OrbitOptions
{
    public static Option<FileInfo> Tle() => new("--tle")
    {
        Description = "TLE file (2- or 3-line sets, e.g. a CelesTrak catalogue)",
        Required = true,
    };

    public static Option<string> Sat(bool required) => new("--sat")
    {
        Description = "Satellite: catalogue number (25544, A0001) or name (\"ISS (ZARYA)\"); with several sets, the epoch nearest the start is used",
        Required = required,
    };

    public static Option<string> Station() => new("--station")
    {
        Description = "Station: delingha, nanshan, or LAT,LON,HEIGHT_M in degrees and metres above WGS-84 (write negatives as --station=-33.93,18.47,50)",
        Required = true,
    };

    public static Option<bool> Refraction() => new("--refraction")
    {
        Description = "Use apparent (refracted) elevations: Bennett's formula scaled by pressure and temperature, as skyfield",
    };

    public static Option<double?> Pressure() => new("--pressure-hpa")
    {
        Description = "Air pressure for --refraction, hPa (default 1010·exp(−height/9.1 km))",
    };

    public static Option<double?> Temperature() => new("--temperature-c")
    {
        Description = "Air temperature for --refraction, °C (default 10)",
    };
}
