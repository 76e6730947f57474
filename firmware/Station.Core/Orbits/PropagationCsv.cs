using System.Globalization;

namespace Station.Core.Orbits;

/// <summary>
/// Propagates TLE text to CSV for the command line: <c>satnum,tsince_min,x_km,y_km,z_km,vx_kms,vy_kms,vz_kms</c>
/// (TEME, WGS-72, opsmode 'i') to one writer, and <c>satnum,tsince_min,error_code</c> rows plus '#'-prefixed
/// diagnostics to the other. A satellite stops at its first SGP4 error.
/// </summary>
public static class PropagationCsv
{
    /// <summary>The header line of the CSV output.</summary>
    public const string Header = "satnum,tsince_min,x_km,y_km,z_km,vx_kms,vy_kms,vz_kms";

    /// <summary>
    /// Vallado's verification run (as his testcpp): each set's start/stop/step columns after column 69,
    /// t = 0 first, then start to stop by step, the last step clamped to stop. Wrong checksums are reported
    /// as warnings and the set is still propagated (his hand-made cases 33333–33335 carry wrong ones);
    /// sets without the time columns are reported and skipped.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteVallado(TextReader tleText, TextWriter csvOut, TextWriter errOut)
    {
        ArgumentNullException.ThrowIfNull(tleText);
        ArgumentNullException.ThrowIfNull(csvOut);
        ArgumentNullException.ThrowIfNull(errOut);
        TleCatalog catalog = TleCatalog.Parse(tleText, ChecksumPolicy.Warn);
        ReportDiagnostics(catalog, errOut);
        csvOut.WriteLine(Header);
        foreach (TleEntry entry in catalog.Entries)
        {
            if (entry.TimeRange is not { } range)
            {
                errOut.WriteLine(Comment("error", entry.FirstLineNumber, "no start, stop and step minutes after column 69; skipped"));
                continue;
            }

            if (!(range.StepMinutes > 0.0))
            {
                errOut.WriteLine(Comment("error", entry.FirstLineNumber, $"step {Format(range.StepMinutes)} minutes, expected > 0; skipped"));
                continue;
            }

            var propagator = new Sgp4Propagator(entry.Elements);
            int satnum = entry.Elements.CatalogNumber;
            if (!WriteRow(propagator, satnum, 0.0, csvOut, errOut))
            {
                continue;
            }

            // testcpp steps by accumulation (not start + k·step) and backs off one step unless starting at 0.
            double tsince = range.StartMinutes;
            if (Math.Abs(tsince) > 1.0e-8)
            {
                tsince -= range.StepMinutes;
            }

            while (tsince < range.StopMinutes)
            {
                tsince = Math.Min(tsince + range.StepMinutes, range.StopMinutes);
                if (!WriteRow(propagator, satnum, tsince, csvOut, errOut))
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Propagates every set from <paramref name="startMin"/> to <paramref name="stopMin"/> minutes after its epoch
    /// by <paramref name="stepMin"/>, always including the stop time. Sets with wrong checksums (or any other
    /// problem) are reported on <paramref name="errOut"/> and skipped.
    /// </summary>
    /// <exception cref="ArgumentNullException">A reader or writer is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The step is not positive or the stop is before the start.</exception>
    public static void WriteGrid(TextReader tleText, TextWriter csvOut, TextWriter errOut, double startMin, double stopMin, double stepMin)
    {
        ArgumentNullException.ThrowIfNull(tleText);
        ArgumentNullException.ThrowIfNull(csvOut);
        ArgumentNullException.ThrowIfNull(errOut);
        if (!double.IsFinite(startMin) || !double.IsFinite(stopMin) || stopMin < startMin)
        {
            throw new ArgumentOutOfRangeException(nameof(stopMin), stopMin, "Expected finite start and stop minutes with stop >= start.");
        }

        if (!(stepMin > 0.0) || !double.IsFinite(stepMin))
        {
            throw new ArgumentOutOfRangeException(nameof(stepMin), stepMin, "Expected a positive step in minutes.");
        }

        TleCatalog catalog = TleCatalog.Parse(tleText, ChecksumPolicy.Enforce);
        ReportDiagnostics(catalog, errOut);
        csvOut.WriteLine(Header);

        // start + k·step (no accumulated rounding), then the stop time unless the grid already reached it.
        long steps = (long)Math.Floor(((stopMin - startMin) / stepMin) + 1e-9);
        foreach (TleEntry entry in catalog.Entries)
        {
            var propagator = new Sgp4Propagator(entry.Elements);
            int satnum = entry.Elements.CatalogNumber;
            bool ok = true;
            double last = startMin;
            for (long k = 0; ok && k <= steps; k++)
            {
                last = startMin + (k * stepMin);
                ok = WriteRow(propagator, satnum, last, csvOut, errOut);
            }

            if (ok && stopMin - last > 1e-9 * stepMin)
            {
                WriteRow(propagator, satnum, stopMin, csvOut, errOut);
            }
        }
    }

    private static bool WriteRow(Sgp4Propagator propagator, int satnum, double tsince, TextWriter csvOut, TextWriter errOut)
    {
        Sgp4Result r = propagator.Propagate(tsince);
        if (!r.IsSuccess)
        {
            errOut.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{satnum},{tsince:F8},{(int)r.Error}"));
            return false;
        }

        // F9: 1e-9 km = 1 µm and 1e-9 km/s = 1 µm/s, well inside the millimetre the algorithm is checked to.
        csvOut.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{satnum},{tsince:F8},{r.XKm:F9},{r.YKm:F9},{r.ZKm:F9},{r.VxKmPerS:F9},{r.VyKmPerS:F9},{r.VzKmPerS:F9}"));
        return true;
    }

    private static void ReportDiagnostics(TleCatalog catalog, TextWriter errOut)
    {
        foreach (TleDiagnostic d in catalog.Errors)
        {
            errOut.WriteLine("# error: " + d.Message);
        }

        foreach (TleDiagnostic d in catalog.Warnings)
        {
            errOut.WriteLine("# warning: " + d.Message);
        }
    }

    private static string Comment(string kind, int line, string problem) =>
        string.Create(CultureInfo.InvariantCulture, $"# {kind}: line {line}: {problem}");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
