using System.Globalization;
using Station.Core.Pointing;
using UnitsNet;

namespace Station.Core.Safety;

/// <summary>
/// <see cref="SafetyOptions"/> validated and compiled into the plain numbers the supervisor compares each tick
/// (cosines, tick counts, lookup tables), so an evaluation does no unit conversion and no allocation.
/// </summary>
public sealed class SafetyConfiguration
{
    private readonly bool[][] _daylightApproved;
    private readonly CompiledZone[] _zones;

    private SafetyConfiguration(SafetyOptions o)
    {
        Options = o;
        ChannelCount = o.ChannelCount;
        FilterWheelCount = o.FilterWheels.Count;
        MountLimits = o.MountLimits;
        CosSunExclusion = Math.Cos(o.MountLimits.SunExclusionDeg * Math.PI / 180);
        NightSunElevationMaxDeg = o.NightSunElevationMax.Degrees;
        LaserElevationMaskDeg = o.LaserElevationMask.Degrees;
        _daylightApproved = [.. o.FilterWheels.Select(w => w.Slots.Select(s => w.DaylightApprovedSlots.Contains(s, StringComparer.Ordinal)).ToArray())];
        _zones = [.. o.NoFireZones.Select(z => new CompiledZone(Normalize360(z.AzimuthFrom.Degrees), z.AzimuthWidth.Degrees, z.ElevationMin.Degrees, z.ElevationMax.Degrees))];
        MountMaxAgeTicks = Ticks(o.MaxAges.MountPosition);
        SunMaxAgeTicks = Ticks(o.MaxAges.Sun);
        InterlockMaxAgeTicks = Ticks(o.MaxAges.Interlocks);
        WatchdogMaxAgeTicks = Ticks(o.MaxAges.Watchdog);
        TrackerMaxAgeTicks = Ticks(o.MaxAges.Tracker);
        WheelMaxAgeTicks = Ticks(o.MaxAges.FilterWheels);
        TripMaxAgeTicks = Ticks(o.MaxAges.TripState);
        BrightLightMaxAgeTicks = Ticks(o.MaxAges.BrightLight);
        TargetMaxAgeTicks = Ticks(o.MaxAges.CommandedTarget);
        SkewTicks = Ticks(o.MaxClockSkew);
    }

    /// <summary>The options this was compiled from.</summary>
    public SafetyOptions Options { get; }

    public int ChannelCount { get; }

    public int FilterWheelCount { get; }

    public MountLimits MountLimits { get; }

    internal double CosSunExclusion { get; }

    internal double NightSunElevationMaxDeg { get; }

    internal double LaserElevationMaskDeg { get; }

    internal long MountMaxAgeTicks { get; }

    internal long SunMaxAgeTicks { get; }

    internal long InterlockMaxAgeTicks { get; }

    internal long WatchdogMaxAgeTicks { get; }

    internal long TrackerMaxAgeTicks { get; }

    internal long WheelMaxAgeTicks { get; }

    internal long TripMaxAgeTicks { get; }

    internal long BrightLightMaxAgeTicks { get; }

    internal long TargetMaxAgeTicks { get; }

    internal long SkewTicks { get; }

    /// <summary>Compiles <paramref name="options"/>, or throws listing every problem (nothing is half-applied).</summary>
    /// <exception cref="ArgumentException">The options are inconsistent; the message names each problem.</exception>
    public static SafetyConfiguration Create(SafetyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Validate(options);
        return problems.Count == 0
            ? new SafetyConfiguration(options)
            : throw new ArgumentException("invalid safety configuration: " + string.Join("; ", problems), nameof(options));
    }

    /// <summary>Every problem with <paramref name="options"/> (empty when they are usable).</summary>
    public static IReadOnlyList<string> Validate(SafetyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Require(bool ok, FormattableString text)
        {
            if (!ok)
            {
                problems.Add(text.ToString(CultureInfo.InvariantCulture));
            }
        }

        Require(options.ChannelCount is >= 1 and <= SafetyCapacity.MaxChannels, $"ChannelCount is {options.ChannelCount}; expected 1…{SafetyCapacity.MaxChannels}");
        if (options.MountLimits is null)
        {
            problems.Add("MountLimits is missing");
        }
        else
        {
            problems.AddRange(options.MountLimits.Validate().Select(p => "MountLimits: " + p));
        }

        double night = options.NightSunElevationMax.Degrees;
        Require(double.IsFinite(night) && night is >= -90 and <= 90, $"NightSunElevationMax is {night}°; expected −90°…90°");
        double mask = options.LaserElevationMask.Degrees;
        Require(double.IsFinite(mask) && mask is >= 0 and <= 90, $"LaserElevationMask is {mask}°; expected 0°…90°");
        ValidateZones(options.NoFireZones, Require);
        ValidateWheels(options.FilterWheels, Require);
        ValidateAges(options, Require);
        return problems;
    }

    /// <summary>Whether the slot at <paramref name="slot"/> of wheel <paramref name="wheel"/> is approved for daylight.</summary>
    public bool IsDaylightApproved(int wheel, int slot) =>
        (uint)wheel < (uint)_daylightApproved.Length && (uint)slot < (uint)_daylightApproved[wheel].Length && _daylightApproved[wheel][slot];

    /// <summary>Whether a sky direction lies in any no-fire zone (bounds inclusive: the edge forbids).</summary>
    public bool InNoFireZone(double azimuthDeg, double elevationDeg)
    {
        double az = Normalize360(azimuthDeg);
        foreach (ref readonly CompiledZone z in _zones.AsSpan())
        {
            if (elevationDeg >= z.ElMinDeg && elevationDeg <= z.ElMaxDeg && Normalize360(az - z.AzFromDeg) <= z.AzWidthDeg)
            {
                return true;
            }
        }

        return false;
    }

    internal static double Normalize360(double deg)
    {
        double r = deg % 360;
        return r < 0 ? r + 360 : r;
    }

    private static long Ticks(Duration d) => (long)Math.Round(d.Seconds * TimeSpan.TicksPerSecond);

    private static void ValidateZones(IReadOnlyList<NoFireZone> zones, Action<bool, FormattableString> require)
    {
        require(zones is not null, $"NoFireZones is missing");
        foreach (var z in zones ?? [])
        {
            double from = z.AzimuthFrom.Degrees, width = z.AzimuthWidth.Degrees, lo = z.ElevationMin.Degrees, hi = z.ElevationMax.Degrees;
            require(double.IsFinite(from) && from is >= 0 and < 360, $"no-fire zone '{z.Name}': AzimuthFrom {from}° must be in 0°…360°");
            require(double.IsFinite(width) && width is > 0 and <= 360, $"no-fire zone '{z.Name}': AzimuthWidth {width}° must be over 0° and at most 360°");
            require(double.IsFinite(lo) && double.IsFinite(hi) && lo < hi && lo >= -90 && hi <= 90, $"no-fire zone '{z.Name}': elevation {lo}°…{hi}° must be an increasing range within −90°…90°");
        }
    }

    private static void ValidateWheels(IReadOnlyList<FilterWheelSafety> wheels, Action<bool, FormattableString> require)
    {
        require(wheels is not null, $"FilterWheels is missing");
        wheels ??= [];
        require(wheels.Count <= SafetyCapacity.MaxFilterWheels, $"{wheels.Count} filter wheels configured; at most {SafetyCapacity.MaxFilterWheels} are supported");
        foreach (var w in wheels)
        {
            require(w.Slots.Count > 0, $"filter wheel '{w.Name}' has no slots");
            foreach (string dup in w.Slots.GroupBy(s => s, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                require(false, $"filter wheel '{w.Name}' names slot '{dup}' twice");
            }

            foreach (string approved in w.DaylightApprovedSlots.Where(a => !w.Slots.Contains(a, StringComparer.Ordinal)))
            {
                require(false, $"filter wheel '{w.Name}': daylight-approved slot '{approved}' is not one of its slots ({string.Join(", ", w.Slots)})");
            }
        }

        foreach (string dup in wheels.GroupBy(w => w.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            require(false, $"filter wheel '{dup}' is configured twice");
        }
    }

    private static void ValidateAges(SafetyOptions o, Action<bool, FormattableString> require)
    {
        if (o.MaxAges is null)
        {
            require(false, $"MaxAges is missing");
            return;
        }

        (string Name, Duration Age)[] ages =
        [
            ("MountPosition", o.MaxAges.MountPosition), ("Sun", o.MaxAges.Sun), ("Interlocks", o.MaxAges.Interlocks),
            ("Watchdog", o.MaxAges.Watchdog), ("Tracker", o.MaxAges.Tracker), ("FilterWheels", o.MaxAges.FilterWheels),
            ("TripState", o.MaxAges.TripState), ("BrightLight", o.MaxAges.BrightLight), ("CommandedTarget", o.MaxAges.CommandedTarget),
        ];
        foreach (var (name, age) in ages)
        {
            double s = age.Seconds;
            require(double.IsFinite(s) && s > 0 && s <= 60, $"MaxAges.{name} is {s} s; expected over 0 s and at most 60 s");
        }

        double skew = o.MaxClockSkew.Seconds;
        require(double.IsFinite(skew) && skew is >= 0 and <= 1, $"MaxClockSkew is {skew} s; expected 0…1 s");
    }

    private readonly record struct CompiledZone(double AzFromDeg, double AzWidthDeg, double ElMinDeg, double ElMaxDeg);
}
