using System.Globalization;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Emulator;
using Station.Emulator.Devices;
using Station.Firmware.Telemetry;

namespace Station.Cli.Simulation;

/// <summary>
/// Watches the emulated hardware — not the firmware's beliefs — every 10 ms and counts safety violations: a detector
/// gate open while a filter wheel moves, while the optics point within the sun-exclusion cone or while the sun is up, a
/// detector damaged, the uplink beam out during an e-stop, an aircraft alarm or below the laser mask. Each new violation
/// goes to the journal as a <c>safety_violation</c> event.
/// </summary>
internal sealed class SafetyObserver : IDisposable
{
    private readonly EmulatedStation _station;
    private readonly GroundStation _site;
    private readonly ITelemetrySink _telemetry;
    private readonly ITimer _timer;
    private readonly double _sunExclusionDeg;
    private readonly double _laserMaskDeg;
    private readonly double _nightSunElevationDeg;
    private string? _active;

    public SafetyObserver(EmulatedStation station, GroundStation site, ITelemetrySink telemetry, double sunExclusionDeg = 30, double laserMaskDeg = 10, double nightSunElevationDeg = -12)
    {
        _station = station;
        _site = site;
        _telemetry = telemetry;
        _sunExclusionDeg = sunExclusionDeg;
        _laserMaskDeg = laserMaskDeg;
        _nightSunElevationDeg = nightSunElevationDeg;
        _timer = station.TimeProvider.CreateTimer(_ => Check(), null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
    }

    public int Violations { get; private set; }

    /// <summary>Detector damage events seen on the emulated SPADs.</summary>
    public int DamageEvents => _station.GateCounter.Channels.Sum(c => c.DamageEvents);

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        string? violation = Find();
        if (violation is not null && violation != _active)
        {
            Violations++;
            _telemetry.WriteEvent(new EventRecord(_station.TimeProvider.GetUtcNow(), "observer", Firmware.Telemetry.RunJournal.SafetyViolationKind, violation));
        }

        _active = violation;
    }

    private string? Find()
    {
        if (DamageEvents > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{DamageEvents} detector damage events");
        }

        bool anyGate = Enumerable.Range(0, EmulatedGateCounter.ChannelCount).Any(_station.GateCounter.IsGateOpen);
        var (losAz, losEl) = _station.TrueLineOfSight();
        if (anyGate)
        {
            if (_station.SpectralFilterWheel.SlotInBeam is null || _station.NdFilterWheel.SlotInBeam is null)
            {
                return "a detector gate is open while a filter wheel is between slots";
            }

            var sun = Sun.Apparent(_station.TimeProvider.GetUtcNow().UtcDateTime, _site);
            if (SlewPlanner.Separation(losAz, losEl, sun.AzimuthDeg, sun.ElevationDeg) < _sunExclusionDeg)
            {
                return "a detector gate is open with the optics inside the sun-exclusion cone";
            }

            if (sun.ElevationDeg > _nightSunElevationDeg)
            {
                return "a detector gate is open with the sun up";
            }
        }

        if (_station.UplinkLaser.IsBeamOut)
        {
            if (_station.InterlockPanel.EstopActive)
            {
                return "the uplink beam is out during an e-stop";
            }

            if (_station.InterlockPanel.AircraftAlarmActive)
            {
                return "the uplink beam is out during an aircraft alarm";
            }

            if (losEl < _laserMaskDeg)
            {
                return "the uplink beam is out below the laser mask";
            }
        }

        return null;
    }
}
