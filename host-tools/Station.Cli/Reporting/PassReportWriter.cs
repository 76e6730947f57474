using System.Text.Encodings.Web;
using System.Text.Json;
using Station.Firmware.Telemetry;

namespace Station.Cli.Reporting;

/// <summary>Writes <c>report.json</c> and the plots for a telemetry journal.</summary>
public static class PassReportWriter
{
    public const string TelemetryFileName = "telemetry.sqlite";
    public const string ReportFileName = "report.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep "°" and "µ" readable in the file
    };

    /// <summary>
    /// The telemetry file for a command-line argument: the file itself, or <see cref="TelemetryFileName"/> inside a
    /// directory. Throws <see cref="TelemetryDatabaseException"/> naming the path when there is none.
    /// </summary>
    public static string ResolveDatabase(string directoryOrDatabase)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directoryOrDatabase);
        string full = Path.GetFullPath(directoryOrDatabase);
        if (Directory.Exists(full))
        {
            string inside = Path.Combine(full, TelemetryFileName);
            return File.Exists(inside) ? inside : throw new TelemetryDatabaseException($"{full}: the directory has no {TelemetryFileName}");
        }

        return File.Exists(full) ? full : throw new TelemetryDatabaseException($"{full}: no such file or directory");
    }

    /// <summary>Builds the report from the journal, writes it and the plots into <paramref name="outputDirectory"/>.</summary>
    public static PassReport Write(string databasePath, string outputDirectory)
    {
        using var database = TelemetryDatabase.Open(databasePath);
        var report = PassReportBuilder.Build(database);
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllText(Path.Combine(outputDirectory, ReportFileName), Serialize(report));
        PassPlots.Write(database, report, outputDirectory);
        return report;
    }

    public static string Serialize(PassReport report) => JsonSerializer.Serialize(report, Json);
}
