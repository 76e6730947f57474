using System.Globalization;
using Station.Calibration.Common;
using Station.Calibration.Detectors;
using Station.Devices.CalibrationSource;
using Station.Devices.FilterWheel;
using UnitsNet;

namespace Station.Calibration.FilterWheels;

/// <summary>How the slot-centre scan runs.</summary>
/// <param name="CoarseStepDegrees">Step of the coarse profile across each slot's pitch.</param>
/// <param name="FineStepMicrosteps">Step of the fine scans across each edge.</param>
/// <param name="FineHalfRangeDegrees">Each fine scan covers the coarse edge ± this.</param>
/// <param name="TargetRateHz">Reference light aimed for through a slot (all channels together), by setting the source power.</param>
/// <param name="TargetCounts">Counts aimed for per fine step on a slot's plateau (sets the dwell).</param>
/// <param name="OpaqueSlots">Slots that pass no reference light (blanks), placed from the measured ones instead of refused.</param>
public sealed record SlotScanOptions(
    double CoarseStepDegrees = 0.5,
    int FineStepMicrosteps = 16,
    double FineHalfRangeDegrees = 1.5,
    double TargetRateHz = 2e6,
    long TargetCounts = 10_000,
    IReadOnlySet<string>? OpaqueSlots = null);

/// <summary>A wheel to calibrate: its binding (slot table = the nominal one) and its slots' nominal offsets.</summary>
public sealed record WheelUnderTest(string Name, FilterWheel Wheel, IReadOnlyList<string> SlotNames, IReadOnlyList<int> NominalOffsets);

/// <summary>A profile: positions (microsteps from the index) and summed counts.</summary>
public sealed record TransmissionProfile(IReadOnlyList<int> Positions, IReadOnlyList<long> Counts, double DwellSeconds);

/// <summary>One slot's result.</summary>
/// <param name="RisingEdge">Half-transmission crossing on the low-position side (unwrapped microsteps).</param>
/// <param name="FallingEdge">Half-transmission crossing on the high side.</param>
public sealed record SlotCentre(string Name, int NominalOffset, double CentreMicrosteps, bool Measured, double RisingEdge, double FallingEdge,
    double Plateau, double Baseline, double Power, TransmissionProfile? Coarse, TransmissionProfile? RisingScan, TransmissionProfile? FallingScan)
{
    public double WidthMicrosteps => Measured ? FallingEdge - RisingEdge : 0;
}

/// <summary>One wheel's result.</summary>
public sealed record WheelSlotScan(string Name, int MicrostepsPerRevolution, IReadOnlyList<SlotCentre> Slots);

/// <summary>
/// Finds each slot's centre in microsteps from the index by scanning the transmission of the reference light through
/// the wheel: per slot a coarse profile across its pitch (source power set so the slot passes about
/// <see cref="SlotScanOptions.TargetRateHz"/>), then fine scans across its two edges, each fitted with a line over the
/// 15–85 % part of the ramp; the centre is the mean of the two half-transmission crossings (edge shape and detector
/// non-linearity are symmetric, so they cancel). Every scan approaches from the same side. Refused, naming the slot,
/// when a slot passes no light (unless named opaque) or an edge is missing.
/// </summary>
public static class SlotCentreScan
{
    public static WheelSlotScan Run(DetectorBench bench, WheelUnderTest wheel, SlotScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(wheel);
        ArgumentNullException.ThrowIfNull(options);
        int revolution = wheel.Wheel.MicrostepsPerRevolution;
        int pitch = revolution / wheel.SlotNames.Count;
        var opaque = options.OpaqueSlots ?? new HashSet<string>();
        var slots = new List<SlotCentre>();
        for (int i = 0; i < wheel.SlotNames.Count; i++)
        {
            string name = wheel.SlotNames[i];
            int nominal = wheel.NominalOffsets[i];
            double power = ChoosePower(bench, wheel, nominal, pitch, options, out double plateauRate, out double baselineRate);
            if (power < 0)
            {
                if (!opaque.Contains(name))
                {
                    throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                        $"wheel '{wheel.Name}' slot '{name}': no transmission edge (at full source power {plateauRate:0} counts/s at its nominal centre {nominal}, {baselineRate:0} counts/s on the web); if it is a blank, name it with --opaque"));
                }

                slots.Add(new SlotCentre(name, nominal, double.NaN, false, double.NaN, double.NaN, 0, 0, 1, null, null, null));
                continue;
            }

            slots.Add(MeasureSlot(bench, wheel, name, nominal, pitch, power, plateauRate, options));
        }

        var measured = slots.Where(s => s.Measured).ToList();
        if (measured.Count == 0)
        {
            throw new CalibrationRefusedException($"wheel '{wheel.Name}': no slot passes the reference light; is the source on and the other wheel open?");
        }

        // Blanks: their nominal place shifted by the wheel's mean offset (the machining error of a blank stays unknown).
        double shift = measured.Average(s => Wrap(s.CentreMicrosteps - s.NominalOffset, revolution, centred: true));
        slots = [.. slots.Select(s => s.Measured ? s : s with { CentreMicrosteps = Wrap(s.NominalOffset + shift, revolution, centred: false) })];
        return new WheelSlotScan(wheel.Name, revolution, slots);
    }

    /// <summary>The source power for a slot (−1 when even full power shows nothing), from its rate at the nominal centre.</summary>
    private static double ChoosePower(DetectorBench bench, WheelUnderTest wheel, int nominal, int pitch, SlotScanOptions options, out double plateauRate, out double baselineRate)
    {
        var probe = TimeSpan.FromMilliseconds(20);
        baselineRate = Rate(bench, wheel, Wrap(nominal + (pitch / 2), wheel.Wheel.MicrostepsPerRevolution), 1, probe);
        double power = 0.01;
        for (int attempt = 0; ; attempt++)
        {
            plateauRate = Rate(bench, wheel, nominal, power, probe);
            double net = plateauRate - baselineRate;
            double noise = Math.Sqrt((plateauRate + baselineRate) / probe.TotalSeconds);
            if (net > 20 * noise)
            {
                double wanted = Math.Min(1, power * options.TargetRateHz / plateauRate);
                if (Math.Abs((wanted / power) - 1) < 0.5 || attempt >= 4)
                {
                    return power;
                }

                power = wanted;
                continue;
            }

            if (power >= 1)
            {
                return -1;
            }

            power = Math.Min(1, power * 100);
        }
    }

    private static SlotCentre MeasureSlot(DetectorBench bench, WheelUnderTest wheel, string name, int nominal, int pitch, double power, double plateauRate, SlotScanOptions options)
    {
        int revolution = wheel.Wheel.MicrostepsPerRevolution;
        int coarseStep = (int)Math.Round(options.CoarseStepDegrees / 360 * revolution);
        double coarseDwell = Math.Clamp(300 / plateauRate, 1e-3, 10);
        var coarsePositions = Enumerable.Range(0, (pitch / coarseStep) + 1).Select(k => nominal - (pitch / 2) + (k * coarseStep)).ToArray();
        var coarse = Profile(bench, wheel, coarsePositions, power, coarseDwell);
        long max = coarse.Counts.Max(), min = coarse.Counts.Min();
        double half = (max + min) / 2.0;
        int peak = coarse.Counts.ToList().IndexOf(max);
        int rise = Enumerable.Range(0, peak + 1).Reverse().FirstOrDefault(k => coarse.Counts[k] < half, -1);
        int fall = Enumerable.Range(peak, coarse.Counts.Count - peak).FirstOrDefault(k => coarse.Counts[k] < half, -1);
        if (rise < 0 || fall < 0)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"wheel '{wheel.Name}' slot '{name}': no {(rise < 0 ? "rising" : "falling")} edge between {coarsePositions[0]} and {coarsePositions[^1]} microsteps (the slot is missing or far from its nominal {nominal})"));
        }

        double fineDwell = Math.Clamp(options.TargetCounts / plateauRate, 1e-3, 10);
        int halfRange = (int)Math.Round(options.FineHalfRangeDegrees / 360 * revolution);
        int centreGuess = (coarsePositions[rise] + coarsePositions[fall]) / 2;
        double plateau = Profile(bench, wheel, [centreGuess], power, fineDwell * 4).Counts[0] / 4.0;
        double baseline = Profile(bench, wheel, [centreGuess + (pitch / 2)], power, fineDwell * 4).Counts[0] / 4.0;
        var risingScan = Profile(bench, wheel, Range(coarsePositions[rise] + (coarseStep / 2), halfRange, options.FineStepMicrosteps), power, fineDwell);
        var fallingScan = Profile(bench, wheel, Range(coarsePositions[fall] - (coarseStep / 2), halfRange, options.FineStepMicrosteps), power, fineDwell);
        double risingEdge = Crossing(wheel, name, "rising", risingScan, plateau, baseline);
        double fallingEdge = Crossing(wheel, name, "falling", fallingScan, plateau, baseline);
        double centre = Wrap((risingEdge + fallingEdge) / 2, revolution, centred: false);
        return new SlotCentre(name, nominal, centre, true, risingEdge, fallingEdge, plateau, baseline, power, coarse, risingScan, fallingScan);
    }

    /// <summary>The half-transmission crossing of a fine edge scan: a line through its 15–85 % points.</summary>
    internal static double Crossing(WheelUnderTest wheel, string name, string edge, TransmissionProfile scan, double plateau, double baseline)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < scan.Positions.Count; i++)
        {
            double level = (scan.Counts[i] - baseline) / (plateau - baseline);
            if (level is >= 0.15 and <= 0.85)
            {
                x.Add(scan.Positions[i]);
                y.Add(scan.Counts[i]);
            }
        }

        if (x.Count < 4)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"wheel '{wheel.Name}' slot '{name}': no {edge} edge in {scan.Positions[0]} … {scan.Positions[^1]} microsteps ({x.Count} points on the ramp, 4 needed)"));
        }

        var line = BenchFits.Line(x, y);
        double crossing = (((plateau + baseline) / 2) - line.Intercept) / line.Slope;
        bool ok = double.IsFinite(crossing) && crossing >= scan.Positions[0] && crossing <= scan.Positions[^1] && (edge == "rising") == (line.Slope > 0);
        return ok ? crossing : throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
            $"wheel '{wheel.Name}' slot '{name}': the {edge} edge does not cross half transmission inside {scan.Positions[0]} … {scan.Positions[^1]} microsteps"));
    }

    private static int[] Range(int centre, int halfRange, int step) =>
        [.. Enumerable.Range(0, (2 * halfRange / step) + 1).Select(k => centre - halfRange + (k * step))];

    private static double Rate(DetectorBench bench, WheelUnderTest wheel, int position, double power, TimeSpan dwell) =>
        Profile(bench, wheel, [position], power, dwell.TotalSeconds).Counts[0] / dwell.TotalSeconds;

    /// <summary>Counts (all channels) at each position, each approached the positive way from 64 microsteps below.</summary>
    private static TransmissionProfile Profile(DetectorBench bench, WheelUnderTest wheel, int[] positions, double power, double dwellSeconds)
    {
        int revolution = wheel.Wheel.MicrostepsPerRevolution;
        var counts = new long[positions.Length];
        bench.SetLight(CalibrationLightMode.Continuous, power, CalibrationInjection.ThroughFilterWheels);
        int? last = null;
        for (int i = 0; i < positions.Length; i++)
        {
            int target = Wrap(positions[i], revolution);
            if (last is not { } previous || Wrap(target - previous, revolution) > revolution / 2 || target == previous)
            {
                MoveTo(bench, wheel, Wrap(target - 64, revolution)); // same approach direction for every point
            }

            MoveTo(bench, wheel, target);
            last = target;
            counts[i] = bench.Count(TimeSpan.FromSeconds(dwellSeconds)).Sum();
        }

        return new TransmissionProfile(positions, counts, dwellSeconds);
    }

    internal static void MoveTo(DetectorBench bench, WheelUnderTest wheel, int position)
    {
        var operation = wheel.Wheel.MoveToPosition(position);
        if (!bench.Rig.WaitUntil(() => operation.IsCompleted, TimeSpan.FromSeconds(30)) || operation.Error is not null)
        {
            throw new CalibrationRefusedException($"wheel '{wheel.Name}' did not reach {position}: {operation.Error?.Message ?? "timed out"}");
        }
    }

    private static int Wrap(int position, int revolution) => ((position % revolution) + revolution) % revolution;

    internal static double Wrap(double position, int revolution, bool centred)
    {
        double wrapped = position - (revolution * Math.Floor(position / revolution));
        return centred && wrapped > revolution / 2.0 ? wrapped - revolution : wrapped;
    }
}
