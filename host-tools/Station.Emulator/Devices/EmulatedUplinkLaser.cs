using System.Device.Gpio;
using Station.Devices.Board;
using Station.Emulator.Buses;
using Station.Emulator.World;

namespace Station.Emulator.Devices;

/// <summary>
/// The emulated 671 nm uplink beacon: a laser driver switched by the laser_enable line, a beam shutter on the
/// shutter_open line (modelled as instantaneous), the key switch whose power pole cuts the driver, and the
/// external watchdog's cut. The laser emits while enable is asserted, the key is ON and the watchdog has not cut;
/// the beam leaves the station while it emits and the shutter is open. Emission changes are time-stamped so tests
/// can check how long the laser stayed on after an interlock opened.
/// </summary>
public sealed class EmulatedUplinkLaser : IWorldComponent
{
    private readonly TimeProvider _time;
    private readonly EmulatedGpioDriver _gpio;
    private readonly GpioLineAssignment _enable;
    private readonly GpioLineAssignment _shutter;
    private readonly Lock _gate = new();
    private bool _keyOn = true;
    private bool _externalCut;

    public EmulatedUplinkLaser(TimeProvider timeProvider, EmulatedGpioDriver gpio, GpioLineAssignment laserEnable, GpioLineAssignment shutterOpen)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _enable = laserEnable ?? throw new ArgumentNullException(nameof(laserEnable));
        _shutter = shutterOpen ?? throw new ArgumentNullException(nameof(shutterOpen));
        _gpio.OutputChanged += (_, _) => Update();
    }

    /// <summary>The key switch (its power pole cuts the laser driver when OFF).</summary>
    public bool KeyOn
    {
        get => _keyOn;
        set
        {
            _keyOn = value;
            Update();
        }
    }

    /// <summary>Whether the external watchdog cuts the laser.</summary>
    public bool ExternalCut => _externalCut;

    /// <summary>The firmware asserts laser_enable.</summary>
    public bool EnableCommanded => _gpio.LevelOf(_enable.Line) == _enable.ActiveValue;

    /// <summary>The firmware asserts shutter_open.</summary>
    public bool ShutterOpen => _gpio.LevelOf(_shutter.Line) == _shutter.ActiveValue;

    /// <summary>The laser is lasing.</summary>
    public bool IsEmitting { get; private set; }

    /// <summary>Light leaves the station.</summary>
    public bool IsBeamOut => IsEmitting && ShutterOpen;

    /// <summary>When emission last started or stopped.</summary>
    public DateTimeOffset? LastEmissionChangeAt { get; private set; }

    /// <summary>Times emission started.</summary>
    public int EmissionStarts { get; private set; }

    public void SetExternalCut(bool cut)
    {
        _externalCut = cut;
        Update();
    }

    public void Advance(DateTimeOffset now) => Update();

    private void Update()
    {
        lock (_gate)
        {
            bool emitting = EnableCommanded && _keyOn && !_externalCut;
            if (emitting == IsEmitting)
            {
                return;
            }

            IsEmitting = emitting;
            LastEmissionChangeAt = _time.GetUtcNow();
            if (emitting)
            {
                EmissionStarts++;
            }
        }
    }
}
