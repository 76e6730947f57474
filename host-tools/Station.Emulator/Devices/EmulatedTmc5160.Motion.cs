using Station.Emulator.Faults;

namespace Station.Emulator.Devices;

/// <summary>
/// The chip's motion in simulated time, in sub-steps of at most <see cref="Tmc5160RampGenerator.MaxStepSeconds"/>:
/// reference switch stops (hard or soft) and XLATCH on switch edges, StallGuard2 (a load-dependent SG_RESULT,
/// the stall flag above the TCOOLTHRS speed, stop on stall), and the rotor following XACTUAL while the driver
/// is enabled and the load stays below the motor's pull-out torque.
/// </summary>
public sealed partial class EmulatedTmc5160
{
    /// <summary>SG_RESULT of the twin's motor running without load (SGT = 0); it falls linearly to 0 at pull-out torque.</summary>
    public const int StallGuardUnloaded = 500;

    /// <summary>SG_RESULT counts each step of COOLCONF.SGT adds (a higher SGT needs more load to read 0).</summary>
    public const int StallGuardCountsPerThresholdStep = 8;

    private long _lastTimestamp;
    private bool _wasAtPosition = true;
    private uint _rampEvents;
    private uint _stopEvents;
    private uint _xlatch;
    private bool _leftWasActive;
    private bool _rightWasActive;
    private bool _blocked;
    private bool _stallFlag;
    private int _sgResult;
    private IEmulatedMotorMechanics? _mechanics;

    /// <summary>The ramp generator (motion of XACTUAL).</summary>
    public Tmc5160RampGenerator Ramp { get; } = new();

    /// <summary>Rotor position in full steps (follows XACTUAL while the driver is enabled and the load is below 1).</summary>
    public double RotorFullSteps { get; private set; }

    /// <summary>When the last positioning move came to rest on its target (null before any).</summary>
    public DateTimeOffset? PositionReachedAt { get; private set; }

    /// <summary>When the most recent XTARGET write arrived.</summary>
    public DateTimeOffset? TargetWrittenAt { get; private set; }

    /// <summary>Microsteps per full step from CHOPCONF.MRES.</summary>
    public int MicrostepsPerFullStep => 256 >> (int)Math.Min(8, (Register(0x6C) >> 24) & 0xF);

    /// <summary>
    /// Level on the REFL input (true = high), driven by the emulated world or by <see cref="Mechanics"/>.
    /// High is "active" with the default polarity (SW_MODE.pol_stop_l = 0).
    /// </summary>
    public bool ReferenceLeftActive { get; set; }

    /// <summary>Level on the REFR input (true = high); high is active with the default polarity.</summary>
    public bool ReferenceRightActive { get; set; }

    /// <summary>Load torque as a fraction of the motor's pull-out torque when no mechanism says otherwise.</summary>
    public double LoadFraction { get; set; } = 0.2;

    /// <summary>Load fraction under the <c>motor_stall</c> fault (above 1: the rotor cannot turn).</summary>
    public double StallLoadFraction { get; set; } = 1.5;

    /// <summary>The mechanism the motor turns (a filter wheel): its load, and the reference inputs it drives.</summary>
    public IEmulatedMotorMechanics? Mechanics
    {
        get => _mechanics;
        set
        {
            lock (_gate)
            {
                _mechanics = value;
                ApplyMechanicsLevels();
            }
        }
    }

    /// <summary>SG_RESULT as last measured (0–1023; 0 = highest load).</summary>
    public int StallGuardResult
    {
        get
        {
            lock (_gate)
            {
                return _sgResult;
            }
        }
    }

    /// <summary>Brings the ramp generator, switches, StallGuard2 and rotor up to the present simulated time.</summary>
    public void Synchronize()
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            double seconds = (now - _lastTimestamp) / (double)_time.TimestampFrequency;
            if (seconds <= 0)
            {
                return;
            }

            _lastTimestamp = now;
            Ramp.Profile = ReadProfile();
            double load = IsFaultActive(FaultKind.MotorStall) ? StallLoadFraction : (_mechanics?.LoadFraction ?? LoadFraction);
            double elapsed = 0;
            while (elapsed < seconds)
            {
                double dt = Math.Min(seconds - elapsed, Tmc5160RampGenerator.MaxStepSeconds);
                Step(dt, load, seconds - elapsed);
                elapsed += dt;
                if (Ramp.Velocity == 0 && (_blocked || Ramp.IntendedDirection == 0))
                {
                    break; // at rest and staying there: nothing changes for the rest of the interval
                }
            }
        }
    }

    private void Step(double dt, double load, double remaining)
    {
        uint switches = Register(0x34);
        int direction = Ramp.IntendedDirection;
        bool blockLeft = (switches & 0x1) != 0 && LeftActive(switches) && direction < 0;
        bool blockRight = (switches & 0x2) != 0 && RightActive(switches) && direction > 0;
        bool stallHold = (switches & (1u << 10)) != 0 && (_rampEvents & (1u << 6)) != 0;
        _stopEvents = (blockLeft ? 1u << 4 : 0) | (blockRight ? 1u << 5 : 0);
        _blocked = blockLeft || blockRight || stallHold;

        double before = Ramp.Position;
        double? arrival = null;
        if (_blocked)
        {
            double softStop = Ramp.Profile.DMax > 0 ? Ramp.Profile.DMax : Ramp.Profile.AMax;
            if (!stallHold && (switches & (1u << 11)) != 0 && softStop > 0 && Ramp.Velocity != 0)
            {
                Ramp.Decelerate(dt, softStop);
            }
            else
            {
                Ramp.HardStop();
            }
        }
        else
        {
            arrival = Ramp.Advance(dt);
        }

        double moved = Ramp.Position - before;
        if (moved != 0 && DriverEnabled && load < 1)
        {
            double fullSteps = moved / MicrostepsPerFullStep;
            RotorFullSteps += fullSteps;
            if (_mechanics is { } mechanics)
            {
                mechanics.RotorTurned(fullSteps);
                ApplyMechanicsLevels();
            }
        }

        LatchOnEdges(switches);
        UpdateStallGuard(load, switches);

        bool atPosition = Ramp.PositionReached;
        if (atPosition && !_wasAtPosition)
        {
            _rampEvents |= 1u << 7; // event_pos_reached
            // Exact arrival inside the interval, not the (coarser) moment of this synchronisation.
            PositionReachedAt = _time.GetUtcNow() - TimeSpan.FromSeconds(remaining - (arrival ?? dt));
        }

        _wasAtPosition = atPosition;
    }

    private void ApplyMechanicsLevels()
    {
        if (_mechanics?.ReferenceLeftHigh is bool left)
        {
            ReferenceLeftActive = left;
        }

        if (_mechanics?.ReferenceRightHigh is bool right)
        {
            ReferenceRightActive = right;
        }
    }

    /// <summary>Whether the left stop function is active: REFL (REFR when swapped) against pol_stop_l.</summary>
    private bool LeftActive(uint switches) =>
        ((switches & (1u << 4)) != 0 ? ReferenceRightActive : ReferenceLeftActive) ^ ((switches & (1u << 2)) != 0);

    private bool RightActive(uint switches) =>
        ((switches & (1u << 4)) != 0 ? ReferenceLeftActive : ReferenceRightActive) ^ ((switches & (1u << 3)) != 0);

    /// <summary>Copies XACTUAL into XLATCH on the switch edges SW_MODE enables, in "hardware" (no SPI latency).</summary>
    private void LatchOnEdges(uint switches)
    {
        bool left = LeftActive(switches);
        if (left != _leftWasActive)
        {
            if ((left && (switches & (1u << 5)) != 0) || (!left && (switches & (1u << 6)) != 0))
            {
                _xlatch = unchecked((uint)(int)Math.Round(Ramp.Position));
                _rampEvents |= 1u << 2; // status_latch_l
            }

            _leftWasActive = left;
        }

        bool right = RightActive(switches);
        if (right != _rightWasActive)
        {
            if ((right && (switches & (1u << 7)) != 0) || (!right && (switches & (1u << 8)) != 0))
            {
                _xlatch = unchecked((uint)(int)Math.Round(Ramp.Position));
                _rampEvents |= 1u << 3; // status_latch_r
            }

            _rightWasActive = right;
        }
    }

    /// <summary>
    /// SG_RESULT falls linearly with load from <see cref="StallGuardUnloaded"/> to 0 at pull-out torque, shifted by
    /// SGT; measured only while the motor turns in SpreadCycle. The stall flag needs SG_RESULT = 0 and a speed
    /// inside TCOOLTHRS ≥ TSTEP > THIGH; with SW_MODE.sg_stop it stops the ramp and sets event_stop_sg.
    /// </summary>
    private void UpdateStallGuard(double load, uint switches)
    {
        double speed = Math.Abs(Ramp.Velocity);
        bool stealthChop = (Register(0x00) & (1u << 2)) != 0;
        bool measuring = speed > 0 && DriverEnabled && !stealthChop;
        if (measuring)
        {
            int threshold = (int)(((Register(0x6D) >> 16) & 0x7F) << 25) >> 25; // signed 7-bit SGT
            double value = (StallGuardUnloaded * (1 - Math.Min(load, 1))) + (StallGuardCountsPerThresholdStep * threshold);
            _sgResult = (int)Math.Clamp(Math.Round(value), 0, 1023);
        }

        uint tstep = TStep();
        _stallFlag = measuring && _sgResult == 0 && tstep <= (Register(0x14) & 0xFFFFF) && tstep > (Register(0x15) & 0xFFFFF);
        if (_stallFlag && (switches & (1u << 10)) != 0 && (_rampEvents & (1u << 6)) == 0)
        {
            Ramp.HardStop();
            _rampEvents |= 1u << 6; // event_stop_sg: the motor stays stopped until it is cleared
        }
    }

    /// <summary>TSTEP: clock periods per 1/256 microstep at the present speed, 2^20 − 1 at standstill.</summary>
    private uint TStep()
    {
        double speed = Math.Abs(Ramp.Velocity);
        if (speed == 0)
        {
            return 0xFFFFF;
        }

        double tstep = _clockHz * MicrostepsPerFullStep / (256.0 * speed);
        return tstep >= 0xFFFFF ? 0xFFFFF : (uint)tstep;
    }
}
