using Station.Emulator.World;

namespace Station.Emulator.Devices;

/// <summary>
/// The fine steering mirror's truth: a tip/tilt actuator driven by the two DAC8563 outputs through its
/// amplifier. The amplifier's offset stage subtracts the DAC's own VREF pin voltage, so mid-scale (with
/// gain 2) is rest, and so is the power-on state with the reference still off (both 0 V): the mirror
/// does not slam to a stop before the firmware has set the DAC up. Each axis commands
/// θ_cmd = (V_out − V_ref) × gain, limited to the actuator's stroke ±range,
/// and follows it as a second-order system (natural frequency f_n, damping ζ) whose rate is limited to the
/// slew limit: θ'' = ω_n²(θ_cmd − θ) − 2ζω_n θ', |θ'| ≤ slew, |θ| ≤ range. Integrated in sub-steps of at
/// most 1/(50 f_n) (semi-implicit Euler), and brought up to the present on every world step, on every read of
/// the truth and before every DAC output change, so a command lands at the instant it was written.
/// </summary>
public sealed class EmulatedSteeringMirror : IWorldComponent
{
    private readonly EmulatedDac8563 _dac;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly double[] _angle = new double[2];
    private readonly double[] _rate = new double[2];
    private long _lastTimestamp;

    /// <param name="dac">The DAC whose channel A drives tip and channel B tilt.</param>
    /// <param name="timeProvider">The simulation clock.</param>
    public EmulatedSteeringMirror(EmulatedDac8563 dac, TimeProvider timeProvider)
    {
        _dac = dac ?? throw new ArgumentNullException(nameof(dac));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _lastTimestamp = _time.GetTimestamp();
        _dac.OutputsChanging += () => Advance(_time.GetUtcNow());
    }

    /// <summary>Amplifier + actuator gain, µrad per volt of DAC output.</summary>
    public double MicroradiansPerVolt { get; set; } = 1000;

    /// <summary>Mechanical stroke ±µrad (the actuator stops here).</summary>
    public double RangeMicroradians { get; set; } = 2500;

    /// <summary>Largest angular rate, µrad/s.</summary>
    public double SlewLimitMicroradiansPerSecond { get; set; } = 2e6;

    /// <summary>Natural frequency of the closed actuator loop, Hz.</summary>
    public double NaturalFrequencyHz { get; set; } = 300;

    /// <summary>Damping ratio.</summary>
    public double DampingRatio { get; set; } = 0.7;

    /// <summary>True tip (x) deflection in µrad, at the present simulated time.</summary>
    public double TipMicroradians
    {
        get
        {
            lock (_gate)
            {
                Advance(_time.GetUtcNow());
                return _angle[0];
            }
        }
    }

    /// <summary>True tilt (y) deflection in µrad, at the present simulated time.</summary>
    public double TiltMicroradians
    {
        get
        {
            lock (_gate)
            {
                Advance(_time.GetUtcNow());
                return _angle[1];
            }
        }
    }

    /// <summary>Angular rate of an axis (0 tip, 1 tilt), µrad/s.</summary>
    public double RateMicroradiansPerSecond(int axis)
    {
        lock (_gate)
        {
            Advance(_time.GetUtcNow());
            return _rate[axis];
        }
    }

    /// <summary>The deflection the present DAC output commands on an axis (0 tip, 1 tilt), within the stroke.</summary>
    public double CommandedMicroradians(int axis) =>
        Math.Clamp((_dac.OutputVolts(axis) - _dac.ReferenceVolts) * MicroradiansPerVolt, -RangeMicroradians, RangeMicroradians);

    public void Advance(DateTimeOffset now)
    {
        lock (_gate)
        {
            long timestamp = _time.GetTimestamp();
            double seconds = (timestamp - _lastTimestamp) / (double)_time.TimestampFrequency;
            _lastTimestamp = timestamp;
            if (seconds <= 0)
            {
                return;
            }

            double omega = 2 * Math.PI * NaturalFrequencyHz;
            int steps = (int)Math.Ceiling(seconds * NaturalFrequencyHz * 50);
            double dt = seconds / steps;
            for (int axis = 0; axis < 2; axis++)
            {
                double target = CommandedMicroradians(axis);
                double angle = _angle[axis];
                double rate = _rate[axis];
                for (int i = 0; i < steps; i++)
                {
                    double acceleration = (omega * omega * (target - angle)) - (2 * DampingRatio * omega * rate);
                    rate = Math.Clamp(rate + (acceleration * dt), -SlewLimitMicroradiansPerSecond, SlewLimitMicroradiansPerSecond);
                    angle += rate * dt;
                    if (Math.Abs(angle) > RangeMicroradians)
                    {
                        angle = Math.CopySign(RangeMicroradians, angle);
                        rate = 0;
                    }
                }

                _angle[axis] = angle;
                _rate[axis] = rate;
            }
        }
    }
}
