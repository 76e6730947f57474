using System.Globalization;
using Microsoft.Extensions.Configuration;
using ScottPlot;
using Station.Calibration.Common;
using Station.Calibration.Detectors;
using Station.Devices.FilterWheel;
using Station.Devices.Tmc5160;
using Station.Firmware.Filters;

namespace Station.Calibration.FilterWheels;

/// <summary>
/// <c>filter-wheel-offsets.cs</c>: the options, the procedure on a rig and the result the session writes
/// (<c>filter-wheels.json</c>, <see cref="FilterWheelCalibrationFile"/>, and <c>filter-wheels.png</c>). The wheels,
/// their mechanics and slot names come from the firmware's configuration (<c>Station:FilterWheels</c>); the nominal
/// slot positions from that table on hardware, and from the emulated wheel's drawing on the emulator (whose index
/// sits elsewhere than the shipped appsettings.json assumes).
/// </summary>
public static class FilterWheelSlotCalibration
{
    public const string FileName = "filter-wheels.json";
    public const string PlotName = "filter-wheels.png";

    public static IReadOnlyList<CalibrationOption> Options { get; } =
    [
        new("wheels", "wheel names from Station:FilterWheels, comma-separated, or 'all'", "all", text => !string.IsNullOrWhiteSpace(text)),
        new("opaque", "slot names that pass no light (blanks), comma-separated, or 'none'", "dark", text => !string.IsNullOrWhiteSpace(text)),
        new("open-slot", "the slot each other wheel is turned to while one is scanned", "open", text => !string.IsNullOrWhiteSpace(text)),
        DetectorBench.SourcePortOption,
    ];

    public static CalibrationResult Calibrate(CalibrationArguments arguments, CalibrationRig rig)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(rig);
        var configured = LoadConfiguration(arguments.ConfigPath ?? StationConfiguration.DefaultPath);
        string wanted = arguments.Get("wheels");
        var names = wanted == "all" ? [.. configured.Wheels.Select(w => w.Name)] : wanted.Split(',', StringSplitOptions.TrimEntries);
        foreach (var unknown in names.Where(n => configured.Wheels.All(w => w.Name != n)))
        {
            throw new CalibrationArgumentException($"option --wheels names '{unknown}'; the configured wheels are {string.Join(", ", configured.Wheels.Select(w => w.Name))}");
        }

        string opaqueText = arguments.Get("opaque");
        var opaque = opaqueText == "none" ? new HashSet<string>() : opaqueText.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        string openSlot = arguments.Get("open-slot");
        using var bench = DetectorBench.Open(rig, arguments.Get(DetectorBench.SourcePortOption.Name));
        var wheels = configured.Wheels.Select(c => Open(rig, c)).ToList();
        try
        {
            foreach (var wheel in wheels)
            {
                Home(bench, wheel);
            }

            bench.ConfigureGates(UnitsNet.Duration.FromMicroseconds(1), UnitsNet.Duration.FromMicroseconds(1)); // free-running
            bench.SetShutter(true);
            var scans = new List<WheelSlotScan>();
            foreach (string name in names)
            {
                foreach (var other in wheels.Where(w => w.Name != name))
                {
                    if (!other.SlotNames.Contains(openSlot))
                    {
                        throw new CalibrationArgumentException($"option --open-slot: wheel '{other.Name}' has no slot '{openSlot}' (its slots: {string.Join(", ", other.SlotNames)})");
                    }

                    SlotCentreScan.MoveTo(bench, other, other.NominalOffsets[other.SlotNames.ToList().IndexOf(openSlot)]);
                }

                scans.Add(SlotCentreScan.Run(bench, wheels.Single(w => w.Name == name), new SlotScanOptions(OpaqueSlots: opaque)));
            }

            bench.SetShutter(false);
            var result = ToResult(scans);
            result.Inputs["calibration_source_identity"] = bench.SourceIdentity.ToString();
            return result;
        }
        finally
        {
            foreach (var wheel in wheels)
            {
                wheel.Wheel.Dispose();
            }
        }
    }

    public static CalibrationResult ToResult(IReadOnlyList<WheelSlotScan> scans)
    {
        ArgumentNullException.ThrowIfNull(scans);
        var file = new FilterWheelCalibrationFile(null!, [.. scans.Select(w => new FilterWheelCalibration(w.Name, w.MicrostepsPerRevolution,
            [.. w.Slots.Select(s => new FilterSlotCalibration(s.Name, (int)Math.Round(s.CentreMicrosteps) % w.MicrostepsPerRevolution, s.Measured, s.WidthMicrosteps))]))]);
        var inputs = CalibrationSession.Inputs(
            ("source", "continuous reference light through both wheels"),
            ("wheels", string.Join(",", scans.Select(s => s.Name))),
            ("edge_scans", scans.Sum(w => w.Slots.Count(s => s.Measured)) * 2));
        var summary = new List<string> { "wheel     slot          nominal   centre   Δ        width   source power" };
        summary.AddRange(scans.SelectMany(w => w.Slots.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{w.Name,-9} {s.Name,-12} {s.NominalOffset,8} {s.CentreMicrosteps,8:0} {SlotCentreScan.Wrap(s.CentreMicrosteps - s.NominalOffset, w.MicrostepsPerRevolution, true),+6:+0;-0}   {(s.Measured ? s.WidthMicrosteps.ToString("0", CultureInfo.InvariantCulture) : "opaque, placed"),7}   {s.Power:0.###}"))));
        return new CalibrationResult(FileName, FilterWheelCalibrationFile.FormatName, FilterWheelCalibrationFile.FormatVersion, inputs,
            header => (file with { Header = header }).Serialize(header), PlotName, path => Plot(scans, path), summary);
    }

    /// <summary>Every measured edge scan, normalised, against the position from the fitted centre.</summary>
    public static void Plot(IReadOnlyList<WheelSlotScan> scans, string path)
    {
        ArgumentNullException.ThrowIfNull(scans);
        var plot = new Plot();
        foreach (var wheel in scans)
        {
            foreach (var slot in wheel.Slots.Where(s => s.Measured))
            {
                var xs = new List<double>();
                var ys = new List<double>();
                foreach (var scan in new[] { slot.RisingScan!, slot.FallingScan! })
                {
                    for (int i = 0; i < scan.Positions.Count; i++)
                    {
                        xs.Add(scan.Positions[i] - slot.CentreMicrosteps);
                        ys.Add((scan.Counts[i] - slot.Baseline) / (slot.Plateau - slot.Baseline));
                    }
                }

                var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
                points.MarkerSize = 3;
                points.LegendText = string.Create(CultureInfo.InvariantCulture, $"{wheel.Name}/{slot.Name}: {slot.CentreMicrosteps:0}");
            }
        }

        plot.Add.HorizontalLine(0.5, 1, Colors.Gray);
        plot.XLabel("microsteps from the fitted slot centre (edges at ± half the aperture)");
        plot.YLabel("transmission (normalised counts)");
        plot.Title("Filter-wheel slot edges");
        plot.ShowLegend(Alignment.MiddleCenter);
        plot.SavePng(path, 1200, 700);
    }

    /// <summary>The firmware's <c>Station:FilterWheels</c> from the configuration file <paramref name="path"/>.</summary>
    public static FilterWheelServiceOptions LoadConfiguration(string path)
    {
        FilterWheelServiceOptions options;
        try
        {
            options = StationConfiguration.ReadFile(path).GetSection(FilterWheelServiceOptions.SectionName).Get<FilterWheelServiceOptions>() ?? new();
        }
        catch (InvalidOperationException ex)
        {
            throw new CalibrationArgumentException($"option --config '{path}': {ex.Message}", ex);
        }

        var problems = options.Validate();
        return problems.Count == 0 && options.Wheels.Count > 0 ? options
            : throw new CalibrationArgumentException($"option --config '{path}': {(problems.Count > 0 ? string.Join("; ", problems) : "no filter wheels configured")}");
    }

    /// <summary>Opens a configured wheel; on the emulator its nominal table is the emulated wheel's drawing.</summary>
    private static WheelUnderTest Open(CalibrationRig rig, FilterWheelConfiguration configuration)
    {
        var slotNames = configuration.Slots.Select(s => s.Name).ToList();
        IReadOnlyList<int> nominal = configuration.Slots.Select(s => s.OffsetMicrosteps).ToList();
        if (rig is EmulatedCalibrationRig emulated)
        {
            var truth = configuration.DeviceId == emulated.Station.SpectralFilterWheel.Name ? emulated.Station.SpectralFilterWheel : emulated.Station.NdFilterWheel;
            nominal = truth.NominalSlotOffsets();
        }

        var driverOptions = configuration.ToDriverOptions() with { Slots = [.. slotNames.Select((n, i) => new FilterSlot(n, nominal[i]))] };
        var spi = rig.Buses.OpenSpi(rig.PinMap.GetSpiConnectionSettings(configuration.DeviceId));
        var controller = new Tmc5160(spi, fullStepsPerRevolution: configuration.MotorFullStepsPerRevolution, name: configuration.DeviceId);
        var wheel = new FilterWheel(configuration.DeviceId, controller, driverOptions, rig.Time);
        wheel.Initialize();
        return new WheelUnderTest(configuration.Name, wheel, slotNames, nominal);
    }

    private static void Home(DetectorBench bench, WheelUnderTest wheel)
    {
        var operation = wheel.Wheel.Home();
        if (!bench.Rig.WaitUntil(() => operation.IsCompleted, TimeSpan.FromSeconds(60)) || operation.Error is not null)
        {
            throw new CalibrationRefusedException($"wheel '{wheel.Name}' did not home: {operation.Error?.Message ?? "timed out"}");
        }
    }
}
