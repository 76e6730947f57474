using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Station.Cli.Reporting;
using Station.Core.Acquisition;
using Station.Firmware.Telemetry;
using Station.Hil.Tests.Telemetry;

namespace Station.Hil.Tests.Simulation;

/// <summary>
/// <c>kill -9</c> in the middle of a simulated pass: the journal opens cleanly, passes SQLite's integrity check, and
/// holds everything up to at most one (simulated) second before the last progress line the run printed.
/// </summary>
public sealed class KilledSimulationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Killing_stationctl_mid_pass_loses_at_most_the_last_second_of_telemetry()
    {
        string stationctl = Path.Combine(AppContext.BaseDirectory, "stationctl.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", stationctl, "simulate", "--out", _directory.Path])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        DateTimeOffset? lastProgress = null;
        int fineLines = 0;
        var deadline = Stopwatch.StartNew();
        while (fineLines < 3 && deadline.Elapsed < TimeSpan.FromMinutes(5) && process.StandardError.ReadLine() is { } line)
        {
            // Progress lines: "18:03:05Z  FineLock    el  …" every ten simulated seconds.
            if (line.Length > 9 && line[8] == 'Z' && TimeOnly.TryParseExact(line[..8], "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
            {
                lastProgress = new DateTimeOffset(2016, 12, 20, clock.Hour, clock.Minute, clock.Second, TimeSpan.Zero);
                fineLines += line.Contains("FineLock", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        process.Kill(entireProcessTree: true); // SIGKILL: no flush, no dispose
        process.WaitForExit();
        Assert.True(fineLines == 3, "the run should have reached fine lock before the kill");

        string path = Path.Combine(_directory.Path, PassReportWriter.TelemetryFileName);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar() as string);
        }

        using var db = TelemetryDatabase.Open(path);
        var span = db.MountSampleSpan()!.Value;
        Assert.True(span.Last >= lastProgress!.Value - TimeSpan.FromSeconds(1),
            $"the last mount sample is at {span.Last:HH:mm:ss.fff}; the run had printed {lastProgress:HH:mm:ss} before it was killed");
        var samples = db.ReadMountSamples(span.Last - TimeSpan.FromSeconds(1), span.Last);
        Assert.Contains(samples, s => s.TrackerState == TrackerState.FineLock);
    }
}
