using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Station.Core.Calibration;
using Station.Firmware.Calibration;
using Station.Firmware.Detectors;
using Station.Firmware.Filters;

namespace Station.Hil.Tests.Calibration;

/// <summary>The firmware's loading of the gate-delay, filter-wheel and detector calibration files (Station:Calibration).</summary>
public sealed class BenchCalibrationFilesTests : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "calib-files-" + Guid.NewGuid().ToString("N"));

    public BenchCalibrationFilesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static CalibrationHeader Header(string format, string station = "delingha") => new(format, 1, station, Created, new JsonObject { ["seed"] = 1 });

    internal static string GateDelays(params int[] channels) =>
        new GateDelayCalibrationFile(null!, 1000, 1, [.. channels.Select(c => new GateDelayCalibrationChannel(c, 100.5 + c, 120, 2))])
            .Serialize(Header(GateDelayCalibrationFile.FormatName));

    internal static string Detectors(params int[] channels) =>
        new DetectorCalibrationFile(null!, [.. channels.Select(c => new DetectorChannelCalibration(c, 400 + c, 30, 0.02, 120))])
            .Serialize(Header(DetectorCalibrationFile.FormatName));

    internal static string Wheels(string wheel, params string[] slots) =>
        new FilterWheelCalibrationFile(null!, [new FilterWheelCalibration(wheel, 153_600, [.. slots.Select((s, i) => new FilterSlotCalibration(s, 1000 + (25_600 * i), true, 10_240))])])
            .Serialize(Header(FilterWheelCalibrationFile.FormatName));

    private static readonly string[] SpectralSlots = ["810/10nm", "532 beacon", "open", "dark", "850/40nm", "671/10nm"];

    /// <summary>The firmware's shipped configuration plus the given keys.</summary>
    internal static IConfiguration Configuration(params (string Key, string Value)[] settings)
    {
        string shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var builder = new ConfigurationBuilder();
        if (File.Exists(shipped))
        {
            builder.AddJsonFile(shipped);
        }
        else
        {
            builder.AddJsonFile(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../firmware/Station.Firmware/appsettings.json")));
        }

        return builder.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Good_files_are_read_and_applied_over_the_configuration()
    {
        var files = new BenchCalibrationFiles(Configuration(
            ("Station:Calibration:GateDelaysPath", Write("g.json", GateDelays(0, 1, 2, 3))),
            ("Station:Calibration:FilterWheelsPath", Write("w.json", Wheels("spectral", SpectralSlots))),
            ("Station:Calibration:DetectorsPath", Write("d.json", Detectors(0, 1, 2, 3)))));

        Assert.Empty(files.Problems);
        var gates = new GateDelayServiceOptions { Channels = [new() { Channel = 0 }, new() { Channel = 1 }, new() { Channel = 2 }, new() { Channel = 3 }] };
        files.GateDelays!.ApplyTo(gates);
        Assert.Equal([100.5, 101.5, 102.5, 103.5], gates.Channels.Select(c => c.InstrumentDelayNs));

        var wheels = new FilterWheelServiceOptions { Wheels = [new() { Name = "spectral", Slots = [.. SpectralSlots.Select(s => new FilterSlotConfiguration { Name = s, OffsetMicrosteps = 7 })] }] };
        files.FilterWheels!.ApplyTo(wheels);
        Assert.Equal([1000, 26_600, 52_200, 77_800, 103_400, 129_000], wheels.Wheels[0].Slots.Select(s => s.OffsetMicrosteps));

        var monitor = files.Detectors!.ApplyTo(new Station.Core.Detectors.CountMonitorOptions(), [0.1, 0.1, 1, 1]);
        Assert.Equal([40.0, 40.1, 402, 403], monitor.DarkCountRates.Select(r => Math.Round(r.Hertz, 6)));
        Assert.Equal(30, monitor.DeadTime.Nanoseconds, 9);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "GateDelaysPath", "{ not json", "not valid JSON" },
        { "GateDelaysPath", Replace(GateDelays(0, 1, 2, 3), "qkd-station/gate-delays", "qkd-station/pointing-model"), "'format' is \"qkd-station/pointing-model\"; expected \"qkd-station/gate-delays\"" },
        { "GateDelaysPath", Replace(GateDelays(0, 1, 2, 3), "\"version\": 1", "\"version\": 2"), "'version' is 2; this firmware reads version 1" },
        { "GateDelaysPath", Replace(GateDelays(0, 1, 2, 3), "\"delingha\"", "\"nanshan\""), "made for station 'nanshan', but this is 'delingha'" },
        { "GateDelaysPath", GateDelays(0, 1, 2), "lists 3 channels (0, 1, 2); Station:GateDelays configures 4 (0, 1, 2, 3)" },
        { "GateDelaysPath", Replace(GateDelays(0, 1, 2, 3), "\"instrument_delay_ns\": 101.5", "\"instrument_delay_ns\": \"x\""), "'channels[1].instrument_delay_ns' is missing or not a number" },
        { "FilterWheelsPath", Wheels("spectral", "open", "dark"), "wheel 'spectral' lists 2 slots (open, dark); configured: 6" },
        { "FilterWheelsPath", Wheels("colour", SpectralSlots), "wheel 'colour' is not configured in Station:FilterWheels" },
        { "FilterWheelsPath", Replace(Wheels("spectral", SpectralSlots), "\"offset_microsteps\": 1000", "\"offset_microsteps\": 200000"), "'wheels[0].slots[0].offset_microsteps' is 200000; expected 0 … 153599" },
        { "DetectorsPath", Detectors(0, 1), "lists 2 channels (0, 1); the count monitor watches 4 (0 … 3)" },
        { "DetectorsPath", Replace(Detectors(0, 1, 2, 3), "\"dead_time_ns\": 30", "\"dead_time_ns\": -1"), "'channels[0].dead_time_ns' is -1; expected 0.1 … 1000000" },
        { "DetectorsPath", Replace(Detectors(0, 1, 2, 3), "qkd-station/detectors", "qkd-station/gate-delays"), "'format' is \"qkd-station/gate-delays\"; expected \"qkd-station/detectors\"" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_malformed_or_mismatched_file_is_rejected_with_a_precise_message_and_applies_nothing(string option, string text, string expected)
    {
        string path = Write("bad.json", text);
        var files = new BenchCalibrationFiles(Configuration(("Station:Calibration:" + option, path)));

        string problem = Assert.Single(files.Problems);
        Assert.Contains($"Station:Calibration:{option}", problem, StringComparison.Ordinal);
        Assert.Contains(path, problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Null(files.GateDelays);
        Assert.Null(files.FilterWheels);
        Assert.Null(files.Detectors);
    }

    [Fact]
    public void The_station_name_when_configured_is_what_the_files_are_checked_against()
    {
        var files = new BenchCalibrationFiles(Configuration(("Station:Name", "nanshan"), ("Station:Calibration:DetectorsPath", Write("d.json", Detectors(0, 1, 2, 3)))));
        Assert.Contains("made for station 'delingha', but this is 'nanshan'", Assert.Single(files.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        string path = Path.Combine(_dir, "absent.json");
        var files = new BenchCalibrationFiles(Configuration(("Station:Calibration:DetectorsPath", path)));
        Assert.Contains($"Station:Calibration:DetectorsPath '{path}' cannot be read", Assert.Single(files.Problems), StringComparison.Ordinal);
    }

    private static string Replace(string text, string from, string to) =>
        text.Contains(from, StringComparison.Ordinal) ? text.Replace(from, to, StringComparison.Ordinal) : throw new ArgumentException($"'{from}' is not in the file", nameof(from));
}
