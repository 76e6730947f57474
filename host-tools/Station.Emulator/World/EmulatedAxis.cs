using Station.Emulator.Devices;
using UnitsNet;

namespace Station.Emulator.World;

/// <summary>Mechanical truth of one emulated axis beyond the gearing.</summary>
/// <param name="BacklashArcsec">Gear backlash: total dead band between motor side and axis.</param>
/// <param name="NaturalFrequencyHz">Torsional resonance of the drive train (axis inertia on the gear's stiffness); 0 = rigid.</param>
/// <param name="DampingRatio">Damping of that resonance.</param>
public sealed record AxisMechanics(double BacklashArcsec = 0, double NaturalFrequencyHz = 0, double DampingRatio = 0.7);

/// <summary>
/// One mount axis as the emulator's truth: a stepper motor driven by an emulated TMC5160, geared down to the
/// axis through a drive train with backlash and a torsional resonance (the axis inertia on the gear's
/// stiffness), so the axis lags the rotor under acceleration, rings after a move, and loses the backlash on
/// reversals. The rotor follows microsteps (quantised by the driver) only while the driver is enabled.
/// </summary>
public sealed class EmulatedAxis : IWorldComponent
{
    private readonly AxisMechanics _mechanics;
    private readonly TimeProvider? _time;
    private readonly double _zeroOffsetDeg; // ZeroOffset in degrees, kept: GearSideDegrees is read on every 50 µs ramp step
    private long _lastTimestamp;
    private bool _initialised;
    private double _gearSideDeg;     // motor angle through the gear, before backlash
    private double _loadDeg;         // backlash output: the point the compliant shaft is driven from
    private double _axisDeg;         // the axis (optics) itself
    private double _axisRateDegPerS;

    /// <param name="name">Axis name for messages ("az", "el").</param>
    /// <param name="driver">The emulated motion controller.</param>
    /// <param name="gearRatio">Motor revolutions per axis revolution.</param>
    /// <param name="motorFullStepsPerRevolution">Full steps per motor revolution (200 for 1.8°).</param>
    /// <param name="zeroOffset">Axis angle when the rotor is at full step 0.</param>
    /// <param name="mechanics">Backlash and resonance (default: rigid, no backlash).</param>
    /// <param name="timeProvider">Clock for the drive-train dynamics; required when mechanics has a resonance.</param>
    public EmulatedAxis(string name, EmulatedTmc5160 driver, double gearRatio, int motorFullStepsPerRevolution = 200, Angle zeroOffset = default, AxisMechanics? mechanics = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gearRatio);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(motorFullStepsPerRevolution);
        Name = name;
        Driver = driver ?? throw new ArgumentNullException(nameof(driver));
        GearRatio = gearRatio;
        MotorFullStepsPerRevolution = motorFullStepsPerRevolution;
        ZeroOffset = zeroOffset;
        _zeroOffsetDeg = zeroOffset.Degrees;
        _mechanics = mechanics ?? new AxisMechanics();
        if (_mechanics.NaturalFrequencyHz > 0 && timeProvider is null)
        {
            throw new ArgumentException("A drive-train resonance needs the simulation clock.", nameof(timeProvider));
        }

        _time = timeProvider;
    }

    public string Name { get; }

    public EmulatedTmc5160 Driver { get; }

    public double GearRatio { get; }

    public int MotorFullStepsPerRevolution { get; }

    public Angle ZeroOffset { get; }

    /// <summary>Motor angle through the gear (what a motor-side encoder would see), degrees.</summary>
    public double GearSideDegrees => _zeroOffsetDeg + (Driver.RotorFullSteps / MotorFullStepsPerRevolution / GearRatio * 360.0);

    /// <summary>True axis angle in degrees (after backlash and drive-train dynamics).</summary>
    public double AngleDegrees
    {
        get
        {
            Sync();
            return _axisDeg;
        }
    }

    /// <summary>True axis rate in degrees per second.</summary>
    public double RateDegreesPerSecond
    {
        get
        {
            Sync();
            return _axisRateDegPerS;
        }
    }

    /// <summary>True axis angle.</summary>
    public Angle Angle => Angle.FromDegrees(AngleDegrees);

    public void Advance(DateTimeOffset now) => Sync();

    private void Sync()
    {
        Driver.Synchronize();
        double gearSide = GearSideDegrees;
        if (!_initialised)
        {
            _initialised = true;
            _gearSideDeg = _loadDeg = _axisDeg = gearSide;
            _lastTimestamp = _time?.GetTimestamp() ?? 0;
            return;
        }

        _gearSideDeg = gearSide;
        double previousLoad = _loadDeg;
        double halfBacklash = _mechanics.BacklashArcsec / 3600 / 2;
        if (_gearSideDeg - _loadDeg > halfBacklash)
        {
            _loadDeg = _gearSideDeg - halfBacklash;
        }
        else if (_loadDeg - _gearSideDeg > halfBacklash)
        {
            _loadDeg = _gearSideDeg + halfBacklash;
        }

        long now = _time?.GetTimestamp() ?? 0;
        double seconds = _time is null ? 0 : (now - _lastTimestamp) / (double)_time.TimestampFrequency;
        _lastTimestamp = now;
        if (_mechanics.NaturalFrequencyHz <= 0 || _time is null)
        {
            if (seconds > 0)
            {
                _axisRateDegPerS = (_loadDeg - _axisDeg) / seconds;
            }

            _axisDeg = _loadDeg;
            return;
        }

        // Classical Runge-Kutta with the driven end moving linearly through the interval (first-order hold):
        // exact enough at a 1 ms step, where semi-implicit Euler would lead the axis by rate × step.
        double omega = 2 * Math.PI * _mechanics.NaturalFrequencyHz;
        double zeta = _mechanics.DampingRatio;
        double loadRate = seconds > 0 ? (_loadDeg - previousLoad) / seconds : 0;
        double maxStep = 0.1 / omega;
        double elapsed = 0;
        while (elapsed < seconds)
        {
            double h = Math.Min(seconds - elapsed, maxStep);
            double x = _axisDeg, v = _axisRateDegPerS;
            double a1 = Acceleration(elapsed, x, v);
            double a2 = Acceleration(elapsed + (h / 2), x + (h / 2 * v), v + (h / 2 * a1));
            double a3 = Acceleration(elapsed + (h / 2), x + (h / 2 * (v + (h / 2 * a1))), v + (h / 2 * a2));
            double a4 = Acceleration(elapsed + h, x + (h * (v + (h / 2 * a2))), v + (h * a3));
            _axisDeg = x + (h / 6 * (v + (2 * (v + (h / 2 * a1))) + (2 * (v + (h / 2 * a2))) + (v + (h * a3))));
            _axisRateDegPerS = v + (h / 6 * (a1 + (2 * a2) + (2 * a3) + a4));
            elapsed += h;
        }

        // Stiffness and damping both act across the shaft, relative to the driven end, as in a gear train.
        double Acceleration(double t, double x, double v) =>
            (omega * omega * (previousLoad + (loadRate * t) - x)) + (2 * zeta * omega * (loadRate - v));
    }
}
