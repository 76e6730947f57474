using System.Device.Gpio;
using Station.Devices.Board;
using Station.Emulator.Buses;
using Station.Emulator.Faults;
using Station.Emulator.World;

namespace Station.Emulator.Devices;

/// <summary>
/// The physical safety inputs around the station, wired as the pin map says: the e-stop chain (estop_ok), the dome
/// sensor (dome_open), the aircraft detector (aircraft_ok), the laser key's sense contact (key_ok on the expander)
/// and the watchdog's relay contact (watchdog_ok on the expander). Tests and scenarios set the physical state;
/// faults <c>estop</c> (on <c>interlocks</c>) and <c>aircraft_alarm</c> (on <c>uplink_laser</c> or
/// <c>interlocks</c>: the detector is both a laser input and an interlock) override it while active. Levels are
/// re-applied at every property change and world step, so a scheduled fault takes effect within one step (1 ms).
/// </summary>
public sealed class EmulatedInterlockPanel : IWorldComponent
{
    private readonly EmulatedGpioDriver _gpio;
    private readonly EmulatedMcp23017 _expander;
    private readonly FaultInjector _faults;
    private readonly EmulatedWatchdog _watchdog;
    private readonly EmulatedUplinkLaser _laser;
    private readonly GpioLineAssignment _estopOk;
    private readonly GpioLineAssignment _domeOpen;
    private readonly GpioLineAssignment _aircraftOk;
    private readonly ExpanderPinAssignment _keyOk;
    private readonly ExpanderPinAssignment _watchdogOk;
    private bool _estopPressed;
    private bool _domeOpenState;
    private bool _aircraftPresent;
    private readonly Lock _gate = new();
    private PinValue? _estopDriven;
    private PinValue? _domeDriven;
    private PinValue? _aircraftDriven;

    public EmulatedInterlockPanel(PinMap pinMap, EmulatedGpioDriver gpio, EmulatedMcp23017 expander, FaultInjector faults,
        EmulatedWatchdog watchdog, EmulatedUplinkLaser laser)
    {
        ArgumentNullException.ThrowIfNull(pinMap);
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _expander = expander ?? throw new ArgumentNullException(nameof(expander));
        _faults = faults ?? throw new ArgumentNullException(nameof(faults));
        _watchdog = watchdog ?? throw new ArgumentNullException(nameof(watchdog));
        _laser = laser ?? throw new ArgumentNullException(nameof(laser));
        _estopOk = pinMap.GetGpioLine(DeviceId.Interlocks, "estop_ok");
        _domeOpen = pinMap.GetGpioLine(DeviceId.Interlocks, "dome_open");
        _aircraftOk = pinMap.GetGpioLine(DeviceId.UplinkLaser, "aircraft_ok");
        _keyOk = pinMap.GetExpanderPin(DeviceId.Interlocks, "key_ok");
        _watchdogOk = pinMap.GetExpanderPin(DeviceId.Interlocks, "watchdog_ok");
        _watchdog.CutChanged += _ => Apply();
        Apply();
    }

    /// <summary>An e-stop button is pressed (the normally-closed chain is open).</summary>
    public bool EstopPressed
    {
        get => _estopPressed;
        set => Set(ref _estopPressed, value);
    }

    /// <summary>The dome is open.</summary>
    public bool DomeOpen
    {
        get => _domeOpenState;
        set => Set(ref _domeOpenState, value);
    }

    /// <summary>The aircraft detector sees an aircraft.</summary>
    public bool AircraftPresent
    {
        get => _aircraftPresent;
        set => Set(ref _aircraftPresent, value);
    }

    /// <summary>The uplink laser's key is turned ON (both poles: sense contact and driver power).</summary>
    public bool KeyOn
    {
        get => _laser.KeyOn;
        set
        {
            _laser.KeyOn = value;
            Apply();
        }
    }

    /// <summary>The e-stop chain is open now (button or fault).</summary>
    public bool EstopActive => _estopPressed || _faults.IsActive(FaultKind.Estop, DeviceId.Interlocks);

    /// <summary>The aircraft detector alarms now (aircraft or fault).</summary>
    public bool AircraftAlarmActive =>
        _aircraftPresent
        || _faults.IsActive(FaultKind.AircraftAlarm, DeviceId.UplinkLaser)
        || _faults.IsActive(FaultKind.AircraftAlarm, DeviceId.Interlocks);

    public void Advance(DateTimeOffset now) => Apply();

    /// <summary>Drives every input to the level its physical state gives (header lines only when they change).</summary>
    public void Apply()
    {
        lock (_gate)
        {
            ApplyUnderLock();
        }
    }

    private void ApplyUnderLock()
    {
        Drive(_estopOk.Line, _estopOk.ValueFor(!EstopActive), ref _estopDriven);
        Drive(_domeOpen.Line, _domeOpen.ValueFor(_domeOpenState), ref _domeDriven);
        Drive(_aircraftOk.Line, _aircraftOk.ValueFor(!AircraftAlarmActive), ref _aircraftDriven);

        // Contacts to ground when OK; open (pull-up, or floating) otherwise.
        _expander.DriveInput(_keyOk.PinNumber!.Value, _laser.KeyOn ? _keyOk.ActiveHigh : null);
        _expander.DriveInput(_watchdogOk.PinNumber!.Value, _watchdog.IsCut ? null : _watchdogOk.ActiveHigh);
    }

    private void Drive(int line, PinValue level, ref PinValue? driven)
    {
        if (driven != level)
        {
            driven = level;
            _gpio.DriveInput(line, level);
        }
    }

    private void Set(ref bool field, bool value)
    {
        field = value;
        Apply();
    }
}
