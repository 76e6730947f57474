using Station.Emulator.Devices;
using UnitsNet;

namespace Station.Emulator.World;

/// <summary>Mechanical truth of an emulated filter wheel (angles of the wheel, in degrees).</summary>
/// <param name="SlotCount">Number of filter slots, nominally evenly spaced.</param>
/// <param name="GearRatio">Motor revolutions per wheel revolution.</param>
/// <param name="MotorFullStepsPerRevolution">Full steps per motor revolution.</param>
/// <param name="SlotOffsetSigmaDegrees">RMS manufacturing error of each slot centre (seeded).</param>
/// <param name="IndexAngleDegrees">Where the index magnet sits on the wheel.</param>
/// <param name="IndexWidthDegrees">Arc over which the hall sensor sees the magnet.</param>
/// <param name="BeamAngleDegrees">Where the beam passes, from the sensor, in the wheel's frame.</param>
/// <param name="SlotAcceptanceDegrees">How far off centre a slot still counts as "in the beam".</param>
/// <param name="IndexActiveLow">The hall sensor pulls REFL low at the magnet (open drain).</param>
/// <param name="LoadFraction">Friction load as a fraction of the motor's pull-out torque.</param>
/// <param name="SlotApertureDegrees">Clear aperture of a slot, as the angle of wheel rotation it spans at the beam.</param>
/// <param name="BeamDiameterDegrees">The beam's diameter at the wheel, as an angle of wheel rotation: an aperture edge
/// crossing it ramps the transmission linearly over this angle.</param>
public sealed record EmulatedFilterWheelGeometry(
    int SlotCount = 6,
    double GearRatio = 3,
    int MotorFullStepsPerRevolution = 200,
    double SlotOffsetSigmaDegrees = 0.2,
    double IndexAngleDegrees = 0,
    double IndexWidthDegrees = 3,
    double BeamAngleDegrees = 180,
    double SlotAcceptanceDegrees = 0.25,
    bool IndexActiveLow = true,
    double LoadFraction = 0.3,
    double SlotApertureDegrees = 24,
    double BeamDiameterDegrees = 1);

/// <summary>
/// A filter wheel in the emulated world, turned by an emulated TMC5160 (it is the chip's
/// <see cref="IEmulatedMotorMechanics"/>): the wheel angle follows the rotor through the gear, less any slip;
/// a magnet on the wheel drives the chip's REFL through a hall sensor when under it; slot centres carry
/// seeded manufacturing offsets; the wheel reports which slot the beam passes through, if any.
/// </summary>
public sealed class EmulatedFilterWheel : IWorldComponent, IEmulatedMotorMechanics
{
    private readonly double[] _slotCentres;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private double _wheelDegrees;
    private double _slipDebtDegrees;

    /// <param name="name">Name for messages (the pin-map id).</param>
    /// <param name="driver">The motion controller that turns the wheel; the wheel attaches itself as its mechanics.</param>
    /// <param name="geometry">The wheel's mechanical truth.</param>
    /// <param name="seed">Seed for the slot offsets, the starting angle and slips.</param>
    public EmulatedFilterWheel(string name, EmulatedTmc5160 driver, EmulatedFilterWheelGeometry geometry, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Driver = driver ?? throw new ArgumentNullException(nameof(driver));
        Geometry = geometry ?? throw new ArgumentNullException(nameof(geometry));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(geometry.SlotCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(geometry.GearRatio);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(geometry.MotorFullStepsPerRevolution);
        if (geometry.IndexWidthDegrees is <= 0 or >= 90)
        {
            throw new ArgumentOutOfRangeException(nameof(geometry), geometry.IndexWidthDegrees, "The index width must lie in (0°, 90°).");
        }

        Name = name;
        _random = new Random(seed);
        _slotCentres = new double[geometry.SlotCount];
        for (int i = 0; i < _slotCentres.Length; i++)
        {
            _slotCentres[i] = (i * 360.0 / geometry.SlotCount) + (geometry.SlotOffsetSigmaDegrees * Gaussian());
        }

        _wheelDegrees = _random.NextDouble() * 360.0;
        driver.Mechanics = this;
    }

    public string Name { get; }

    public EmulatedTmc5160 Driver { get; }

    public EmulatedFilterWheelGeometry Geometry { get; }

    /// <summary>Probability of a slip (the wheel loses <see cref="SlipFullSteps"/>) per wheel revolution turned.</summary>
    public double SlipProbabilityPerRevolution
    {
        get;
        set => field = value is >= 0 and <= 1000 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Expected a finite rate ≥ 0.");
    }

    /// <summary>Motor full steps a slip loses (4: one electrical cycle of a stepper).</summary>
    public int SlipFullSteps { get; set; } = 4;

    /// <summary>The hall sensor is dead (cut wire, failed part): REFL reads inactive wherever the magnet is.</summary>
    public bool HallSensorFailed { get; set; }

    /// <summary>Slips so far.</summary>
    public int SlipCount { get; private set; }

    /// <summary>The wheel's true rotation in degrees (unwrapped).</summary>
    public double WheelDegrees
    {
        get
        {
            lock (_gate)
            {
                return _wheelDegrees;
            }
        }
    }

    /// <summary>Whether the magnet is under the hall sensor.</summary>
    public bool IndexUnderSensor
    {
        get
        {
            lock (_gate)
            {
                return Math.Abs(Wrap180(Geometry.IndexAngleDegrees + _wheelDegrees)) <= Geometry.IndexWidthDegrees / 2;
            }
        }
    }

    /// <summary>The slot centred in the beam (within the acceptance), or null between slots.</summary>
    public int? SlotInBeam
    {
        get
        {
            for (int i = 0; i < _slotCentres.Length; i++)
            {
                if (Math.Abs(SlotErrorDegrees(i)) <= Geometry.SlotAcceptanceDegrees)
                {
                    return i;
                }
            }

            return null;
        }
    }

    public double LoadFraction => Geometry.LoadFraction;

    public bool? ReferenceLeftHigh => (IndexUnderSensor && !HallSensorFailed) ^ Geometry.IndexActiveLow;

    public bool? ReferenceRightHigh => null;

    /// <summary>
    /// The slot the beam passes through and the fraction of the beam its aperture lets by (0 … 1): full inside the
    /// aperture, ramping linearly to 0 as an edge crosses the beam, 0 on the wheel's web between slots.
    /// </summary>
    public (int Slot, double Fraction) ApertureTransmission()
    {
        int best = 0;
        double fraction = 0;
        for (int i = 0; i < _slotCentres.Length; i++)
        {
            double open = ((Geometry.SlotApertureDegrees / 2) + (Geometry.BeamDiameterDegrees / 2) - Math.Abs(SlotErrorDegrees(i))) / Geometry.BeamDiameterDegrees;
            if (open > fraction)
            {
                best = i;
                fraction = Math.Min(1, open);
            }
        }

        return (best, fraction);
    }

    /// <summary>
    /// Bench truth: slot <c>i</c>'s centre sits <paramref name="offsetsDegrees"/>[i] from its nominal place (i·360°/n),
    /// replacing the offsets drawn at construction (a calibration bench draws its own from its seed).
    /// </summary>
    public void SetSlotCentreOffsets(IReadOnlyList<double> offsetsDegrees)
    {
        ArgumentNullException.ThrowIfNull(offsetsDegrees);
        if (offsetsDegrees.Count != _slotCentres.Length || offsetsDegrees.Any(o => !double.IsFinite(o) || Math.Abs(o) > 5))
        {
            throw new ArgumentException($"{Name}: expected {_slotCentres.Length} finite slot offsets within ±5°.", nameof(offsetsDegrees));
        }

        lock (_gate)
        {
            for (int i = 0; i < _slotCentres.Length; i++)
            {
                _slotCentres[i] = (i * 360.0 / Geometry.SlotCount) + offsetsDegrees[i];
            }
        }
    }

    /// <summary>Angle of slot <paramref name="slot"/>'s centre from the beam (signed, degrees).</summary>
    public double SlotErrorDegrees(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, _slotCentres.Length);
        lock (_gate)
        {
            return Wrap180(_slotCentres[slot] + _wheelDegrees - Geometry.BeamAngleDegrees);
        }
    }

    /// <summary>
    /// The bench calibration: how far the wheel turns (positive way) from where REFL becomes active on the way
    /// up (the binding's index zero) to where slot <paramref name="slot"/> is centred in the beam.
    /// </summary>
    public Angle SlotOffsetFromIndex(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, _slotCentres.Length);
        double leading = (-Geometry.IndexWidthDegrees / 2) - Geometry.IndexAngleDegrees;
        double centred = Geometry.BeamAngleDegrees - _slotCentres[slot];
        return Angle.FromDegrees(Wrap360(centred - leading));
    }

    /// <summary>
    /// <see cref="SlotOffsetFromIndex"/> of every slot in microsteps, for a controller running
    /// <paramref name="microstepsPerFullStep"/> (what a bench calibration would measure).
    /// </summary>
    public int[] CalibratedSlotOffsets(int microstepsPerFullStep = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(microstepsPerFullStep);
        double revolution = Geometry.MotorFullStepsPerRevolution * (double)microstepsPerFullStep * Geometry.GearRatio;
        var offsets = new int[_slotCentres.Length];
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = (int)(Math.Round(SlotOffsetFromIndex(i).Degrees / 360.0 * revolution) % revolution);
        }

        return offsets;
    }

    /// <summary>
    /// The wheel's drawing: where each slot would sit from the index (microsteps) with no manufacturing error — the
    /// nominal table a slot-centre calibration starts from.
    /// </summary>
    public int[] NominalSlotOffsets(int microstepsPerFullStep = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(microstepsPerFullStep);
        double revolution = Geometry.MotorFullStepsPerRevolution * (double)microstepsPerFullStep * Geometry.GearRatio;
        double leading = (-Geometry.IndexWidthDegrees / 2) - Geometry.IndexAngleDegrees;
        return [.. Enumerable.Range(0, Geometry.SlotCount).Select(i =>
            (int)(Math.Round(Wrap360(Geometry.BeamAngleDegrees - (i * 360.0 / Geometry.SlotCount) - leading) / 360.0 * revolution) % revolution))];
    }

    /// <summary>Makes the wheel lose <paramref name="motorFullSteps"/> of the next motion (a slip).</summary>
    public void InjectSlip(double motorFullSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(motorFullSteps);
        lock (_gate)
        {
            _slipDebtDegrees += FullStepsToDegrees(motorFullSteps);
            SlipCount++;
        }
    }

    public void RotorTurned(double deltaFullSteps)
    {
        lock (_gate)
        {
            double degrees = FullStepsToDegrees(deltaFullSteps);
            if (SlipProbabilityPerRevolution > 0 && _random.NextDouble() < SlipProbabilityPerRevolution * Math.Abs(degrees) / 360.0)
            {
                _slipDebtDegrees += FullStepsToDegrees(SlipFullSteps);
                SlipCount++;
            }

            double absorbed = Math.Min(_slipDebtDegrees, Math.Abs(degrees));
            _slipDebtDegrees -= absorbed;
            _wheelDegrees += Math.Sign(degrees) * (Math.Abs(degrees) - absorbed);
        }
    }

    public void Advance(DateTimeOffset now) => Driver.Synchronize();

    private double FullStepsToDegrees(double fullSteps) => fullSteps / (Geometry.MotorFullStepsPerRevolution * Geometry.GearRatio) * 360.0;

    private double Gaussian()
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Wrap180(double degrees) => degrees - (360.0 * Math.Round(degrees / 360.0));

    private static double Wrap360(double degrees) => degrees - (360.0 * Math.Floor(degrees / 360.0));
}
