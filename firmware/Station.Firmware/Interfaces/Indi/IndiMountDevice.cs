using System.Globalization;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Safety;
using Station.Firmware.Motion;
using Station.Firmware.Safety;
using Station.Firmware.Sequencing;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>
/// <c>QKD Station Mount</c>: the az-el mount as an INDI telescope. HORIZONTAL_COORD is the sky direction (through the
/// pointing model) — writing it slews sun-safe (Busy while moving, Ok at the target, Alert with the controller's reason
/// on a refusal or fault); EQUATORIAL_EOD_COORD is computed from it, the site and the station clock; park, abort and
/// the pass sequencer's satellite, TLE and pass window complete it.
/// </summary>
public sealed partial class IndiMountDevice : IndiDevice
{
    public const string DeviceName = "QKD Station Mount";

    /// <summary>How close to the target a finished slew must be to be Ok, degrees.</summary>
    public const double ArrivalToleranceDeg = 0.01;

    private const string SatelliteGroup = "Satellite";
    private const string SiteGroup = "Site";
    private readonly MountController _mount;
    private readonly PointingModel _pointing;
    private readonly GroundStation _site;
    private readonly StationSequencerService? _sequencer;
    private readonly SafetyLoop? _safety;
    private readonly List<(int Catalog, string Text)> _tles;
    private readonly string? _tlePath;
    private (double SkyAz, double SkyEl, IndiVector Vector)? _slew;
    private MountState _lastState;

    public IndiMountDevice(MountController mount, PointingModel pointing, GroundStation site, string? tlePath, StationSequencerService? sequencer = null, SafetyLoop? safety = null)
        : base(DeviceName)
    {
        _mount = mount ?? throw new ArgumentNullException(nameof(mount));
        _pointing = pointing ?? throw new ArgumentNullException(nameof(pointing));
        _site = site ?? throw new ArgumentNullException(nameof(site));
        _sequencer = sequencer;
        _safety = safety;
        _tlePath = tlePath;
        _tles = ReadTles(tlePath);
        Horizontal = Number("HORIZONTAL_COORD", "Az/Alt", MainGroup, IndiAccessMode.ReadWrite,
            Element("AZ", "Az D:M:S", 0, 360, 0, "%010.6m"), Element("ALT", "Alt D:M:S", -90, 90, 0, "%010.6m"));
        Horizontal.TimeoutSeconds = 120;
        Equatorial = Number("EQUATORIAL_EOD_COORD", "Eq. Coordinates (JNow)", MainGroup, IndiAccessMode.ReadOnly,
            Element("RA", "RA (hh:mm:ss)", 0, 24, 0, "%010.6m"), Element("DEC", "DEC (dd:mm:ss)", -90, 90, 0, "%010.6m"));
        OnCoordSet = Switch("ON_COORD_SET", "On Set", MainGroup, IndiAccessMode.ReadWrite, IndiSwitchRule.OneOfMany, ("SLEW", "Slew"), ("TRACK", "Track"));
        OnCoordSet["TRACK"].On = true;
        Abort = Switch("TELESCOPE_ABORT_MOTION", "Abort Motion", MainGroup, IndiAccessMode.ReadWrite, IndiSwitchRule.AtMostOne, ("ABORT", "Abort"));
        Park = Switch("TELESCOPE_PARK", "Parking", MainGroup, IndiAccessMode.ReadWrite, IndiSwitchRule.OneOfMany, ("PARK", "Park(ed)"), ("UNPARK", "UnPark(ed)"));
        Park.TimeoutSeconds = 120;
        TrackState = Switch("TELESCOPE_TRACK_STATE", "Tracking", MainGroup, IndiAccessMode.ReadWrite, IndiSwitchRule.OneOfMany, ("TRACK_ON", "On"), ("TRACK_OFF", "Off"));
        MountStatus = Text("MOUNT_STATE", "Mount state", MainGroup, IndiAccessMode.ReadOnly, ("STATE", "State"), ("FAULT", "Fault"));
        Geographic = Number("GEOGRAPHIC_COORD", "Location", SiteGroup, IndiAccessMode.ReadWrite,
            Element("LAT", "Lat (dd:mm:ss)", -90, 90, 0, "%010.6m"), Element("LONG", "Lon (dd:mm:ss)", 0, 360, 0, "%010.6m"), Element("ELEV", "Elevation (m)", -200, 10000));
        Geographic["LAT"].Number = site.LatitudeDeg;
        Geographic["LONG"].Number = (site.LongitudeDeg % 360 + 360) % 360;
        Geographic["ELEV"].Number = site.HeightM;
        Geographic.State = IndiState.Ok;
        TimeUtc = Text("TIME_UTC", "UTC", SiteGroup, IndiAccessMode.ReadWrite, ("UTC", "UTC Time"), ("OFFSET", "UTC Offset"));
        TimeUtc["OFFSET"].Text = "0.00";
        TimeUtc.State = IndiState.Ok;
        Tle = Text("SAT_TLE_TEXT", "Orbit Params", SatelliteGroup, IndiAccessMode.ReadWrite, ("TLE", "TLE"));
        PassWindow = Text("SAT_PASS_WINDOW", "Pass Window", SatelliteGroup, IndiAccessMode.ReadOnly, ("SAT_PASS_WIN_START", "Start"), ("SAT_PASS_WIN_END", "End"));
        Tracking = Switch("SAT_TRACKING_STAT", "Tracking", SatelliteGroup, IndiAccessMode.ReadOnly, IndiSwitchRule.OneOfMany, ("SAT_TRACK", "Track"), ("SAT_HALT", "Halt"));
        Sequencer = Text("SAT_SEQUENCER", "Pass sequencer", SatelliteGroup, IndiAccessMode.ReadOnly, ("STATE", "State"), ("SATELLITE", "Satellite"));
        _lastState = _mount.State;
    }

    public IndiVector Horizontal { get; }

    public IndiVector Equatorial { get; }

    public IndiVector OnCoordSet { get; }

    public IndiVector Abort { get; }

    public IndiVector Park { get; }

    public IndiVector TrackState { get; }

    public IndiVector MountStatus { get; }

    public IndiVector Geographic { get; }

    public IndiVector TimeUtc { get; }

    public IndiVector Tle { get; }

    public IndiVector PassWindow { get; }

    public IndiVector Tracking { get; }

    public IndiVector Sequencer { get; }

    protected override void OnCommand(IndiCommand command, IndiHub hub)
    {
        var vector = command.Vector;
        try
        {
            if (vector == Horizontal)
            {
                SlewTo(command.Number("AZ"), command.Number("ALT"), hub);
            }
            else if (vector == OnCoordSet)
            {
                SetSwitches(OnCoordSet, [.. command.SwitchesOn()]);
                OnCoordSet.State = IndiState.Ok;
                hub.Publish(OnCoordSet, OnCoordSet["TRACK"].On ? "a horizontal target is held after the slew (satellites are tracked by the pass sequencer)" : null);
            }
            else if (vector == Abort)
            {
                bool stopped = _mount.Abort();
                Abort.State = IndiState.Ok;
                hub.Publish(Abort, stopped ? "abort: braking to a stop" : "abort: nothing was moving");
            }
            else if (vector == Park)
            {
                ParkOrUnpark(command.SwitchesOn().Contains("PARK"), hub);
            }
            else if (vector == TrackState)
            {
                SetTracking(command.SwitchesOn().Contains("TRACK_ON"), hub);
            }
            else if (vector == Tle)
            {
                SetTarget(command.Text("TLE"), hub);
            }
            else if (vector == Geographic)
            {
                CompareSite(command.Number("LAT"), command.Number("LONG"), command.Number("ELEV"), hub);
            }
            else if (vector == TimeUtc)
            {
                CompareTime(command.Text("UTC"), command.Text("OFFSET"), hub);
            }
            else
            {
                hub.Refuse(vector, $"{vector.Name} cannot be set");
            }
        }
        catch (MountCommandRefusedException ex)
        {
            hub.Refuse(vector, ex.Message);
        }
    }

    private void SlewTo(double skyAzDeg, double skyElDeg, IndiHub hub)
    {
        if (skyElDeg is < -90 or > 90)
        {
            hub.Refuse(Horizontal, string.Create(CultureInfo.InvariantCulture, $"ALT {skyElDeg}° is not an altitude (-90° to 90°); nothing was moved"));
            return;
        }

        skyAzDeg = Wrap360(skyAzDeg);
        var (mountAzRad, mountElRad) = _pointing.SkyToMount(skyAzDeg * Math.PI / 180, skyElDeg * Math.PI / 180);
        double mountEl = mountElRad * 180 / Math.PI;
        double mountAz = NearestTurn(Wrap360(mountAzRad * 180 / Math.PI), mountEl);
        var plan = _mount.SlewTo(mountAz, mountEl);
        _slew = (skyAzDeg, skyElDeg, Horizontal);
        Horizontal.State = IndiState.Busy;
        hub.Publish(Horizontal, string.Create(CultureInfo.InvariantCulture, $"slewing to az {skyAzDeg:0.####}° alt {skyElDeg:0.####}° ({plan.Strategy})"));
    }

    /// <summary>The mount azimuth (−270°…270° of cable wrap) for a sky azimuth, the turn nearest where the mount is.</summary>
    private double NearestTurn(double azimuthDeg, double elevationDeg)
    {
        double here = _mount.KnownPosition.AzimuthDeg;
        double best = azimuthDeg;
        bool bestInside = false;
        foreach (double candidate in (double[])[azimuthDeg - 360, azimuthDeg, azimuthDeg + 360])
        {
            bool inside = _mount.Options.Limits.CheckPosition(candidate, elevationDeg) is null;
            if ((inside && !bestInside) || (inside == bestInside && Math.Abs(candidate - here) < Math.Abs(best - here)))
            {
                best = candidate;
                bestInside = inside;
            }
        }

        return best;
    }

    private void ParkOrUnpark(bool park, IndiHub hub)
    {
        if (park)
        {
            _mount.Park();
            SetSwitches(Park, "PARK");
            Park.State = IndiState.Busy;
            hub.Publish(Park, "parking");
            return;
        }

        if (_mount.State == MountState.Parked)
        {
            _mount.Unpark();
        }

        SetSwitches(Park, "UNPARK");
        Park.State = IndiState.Ok;
        hub.Publish(Park, "unparked");
    }

    private void SetTracking(bool on, IndiHub hub)
    {
        bool tracking = _mount.State == MountState.Tracking;
        if (on && !tracking)
        {
            hub.Refuse(TrackState, "the mount tracks satellites only under the pass sequencer; it does not offer sidereal tracking");
            return;
        }

        if (!on && tracking)
        {
            _mount.Abort();
        }

        TrackState.State = IndiState.Ok;
        hub.Publish(TrackState);
    }

    public override void Update(DateTimeOffset now, IndiHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var state = _mount.State;
        var (skyAz, skyEl) = SkyPosition();
        Horizontal["AZ"].Number = Math.Round(skyAz, 6);
        Horizontal["ALT"].Number = Math.Round(skyEl, 6);
        string? message = null;
        if (_slew is { } slew && state is not (MountState.Slewing or MountState.Stopping))
        {
            _slew = null;
            double miss = SlewPlanner.Separation(skyAz, skyEl, slew.SkyAz, slew.SkyEl);
            (Horizontal.State, message) = state switch
            {
                MountState.Idle when miss <= ArrivalToleranceDeg => (IndiState.Ok, "slew complete"),
                MountState.Faulted or MountState.EStopped => (IndiState.Alert, $"slew failed: {_mount.FaultReason}"),
                _ => (IndiState.Alert, string.Create(CultureInfo.InvariantCulture, $"slew ended {state} {miss:0.###}° from the target")),
            };
        }
        else if (_slew is null && Horizontal.State == IndiState.Busy)
        {
            Horizontal.State = IndiState.Ok;
        }

        Publish(hub, Horizontal, message);
        UpdateEquatorial(now, skyAz, skyEl);
        hub.PublishIfChanged(Equatorial);

        if (state != _lastState)
        {
            UpdateMotionSwitches(state, hub);
            _lastState = state;
        }

        MountStatus["STATE"].Text = state.ToString();
        MountStatus["FAULT"].Text = _mount.FaultReason ?? "";
        MountStatus.State = state switch { MountState.Faulted or MountState.EStopped => IndiState.Alert, MountState.Idle or MountState.Parked => IndiState.Ok, MountState.Unhomed => IndiState.Idle, _ => IndiState.Busy };
        hub.PublishIfChanged(MountStatus);

        TimeUtc["UTC"].Text = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        hub.PublishIfChanged(TimeUtc);
        UpdateSatellite(hub);
    }

    private static void Publish(IndiHub hub, IndiVector vector, string? message)
    {
        if (message is null)
        {
            hub.PublishIfChanged(vector);
        }
        else
        {
            hub.Publish(vector, message);
        }
    }

    private void UpdateMotionSwitches(MountState state, IndiHub hub)
    {
        bool parked = state is MountState.Parked or MountState.Parking;
        SetSwitches(Park, parked ? "PARK" : "UNPARK");
        Park.State = state == MountState.Parking ? IndiState.Busy : Park.State == IndiState.Alert && !parked ? IndiState.Alert : IndiState.Ok;
        hub.PublishIfChanged(Park);
        SetSwitches(TrackState, state == MountState.Tracking ? "TRACK_ON" : "TRACK_OFF");
        TrackState.State = state == MountState.Tracking ? IndiState.Busy : IndiState.Ok;
        hub.PublishIfChanged(TrackState);
    }

    /// <summary>Where the mount points on the sky: the safety loop's latest encoder reading when it has one, else the
    /// position the controller last established (it reads nothing itself, so no extra bus traffic).</summary>
    private (double AzimuthDeg, double ElevationDeg) SkyPosition()
    {
        var (az, el) = _mount.KnownPosition;
        if (_safety is { TickCount: > 0 } safety && safety.LastSensed.MountPosition is { Status: SensorStatus.Valid } sensed)
        {
            (az, el) = (sensed.Value.AzimuthDeg, sensed.Value.ElevationDeg);
        }

        var (skyAz, skyEl) = _pointing.MountToSky(az * Math.PI / 180, el * Math.PI / 180);
        return (Wrap360(skyAz * 180 / Math.PI), skyEl * 180 / Math.PI);
    }

    private void UpdateEquatorial(DateTimeOffset now, double azDeg, double altDeg)
    {
        var (raHours, decDeg) = HorizontalToEquatorialOfDate(now, _site, azDeg, altDeg);
        Equatorial["RA"].Number = Math.Round(raHours, 6);
        Equatorial["DEC"].Number = Math.Round(decDeg, 6);
        Equatorial.State = Horizontal.State == IndiState.Busy ? IndiState.Busy : IndiState.Ok;
    }

    /// <summary>
    /// Right ascension (hours) and declination (degrees) of date for a direction at azimuth/altitude (degrees, azimuth
    /// from north through east) seen from <paramref name="site"/> at <paramref name="utc"/>: hour angle and declination
    /// from the latitude, RA from the local mean sidereal time (GMST-82; UT1 taken as UTC, no refraction).
    /// </summary>
    public static (double RaHours, double DecDeg) HorizontalToEquatorialOfDate(DateTimeOffset utc, GroundStation site, double azDeg, double altDeg)
    {
        ArgumentNullException.ThrowIfNull(site);
        double lat = site.LatitudeDeg * Math.PI / 180, az = azDeg * Math.PI / 180, alt = altDeg * Math.PI / 180;
        double sinDec = (Math.Sin(lat) * Math.Sin(alt)) + (Math.Cos(lat) * Math.Cos(alt) * Math.Cos(az));
        double dec = Math.Asin(Math.Clamp(sinDec, -1, 1));
        double hourAngle = Math.Atan2(-Math.Sin(az) * Math.Cos(alt), (Math.Cos(lat) * Math.Sin(alt)) - (Math.Sin(lat) * Math.Cos(alt) * Math.Cos(az)));
        double lst = SiderealTime.Gmst82(JulianDate.FromDateTime(utc.UtcDateTime)) + (site.LongitudeDeg * Math.PI / 180);
        return (Wrap360((lst - hourAngle) * 180 / Math.PI) / 15, dec * 180 / Math.PI);
    }

    private static double Wrap360(double degrees) => ((degrees % 360) + 360) % 360;
}
