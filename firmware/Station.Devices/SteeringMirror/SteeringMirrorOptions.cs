using Station.Devices.Dac8563;

namespace Station.Devices.SteeringMirror;

/// <summary>
/// Calibration of a tip/tilt mirror driven from the DAC8563: the output voltage at rest, the mirror
/// deflection per volt of DAC output (amplifier and actuator together), and the commanded range.
/// Angles are mechanical mirror angles in µrad.
/// </summary>
public sealed record SteeringMirrorOptions
{
    /// <summary>Commands are clamped to ±this (µrad); must fit in the DAC's output span.</summary>
    public double RangeMicroradians { get; init; } = 2000;

    /// <summary>Deflection per volt of DAC output away from <see cref="ZeroVolts"/> (µrad/V); negative inverts an axis.</summary>
    public double MicroradiansPerVolt { get; init; } = 1000;

    /// <summary>DAC output voltage at which the mirror rests (mid-scale of 0–5 V).</summary>
    public double ZeroVolts { get; init; } = 2.5;

    /// <summary>DAC channel driving tip (x).</summary>
    public Dac8563Channel TipChannel { get; init; } = Dac8563Channel.A;

    /// <summary>DAC channel driving tilt (y).</summary>
    public Dac8563Channel TiltChannel { get; init; } = Dac8563Channel.B;

    /// <summary>Problems with these options for a DAC whose output spans 0…<paramref name="fullScaleVolts"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(double fullScaleVolts)
    {
        var problems = new List<string>();
        if (!(RangeMicroradians > 0))
        {
            problems.Add($"RangeMicroradians must be positive; got {RangeMicroradians}");
        }

        if (MicroradiansPerVolt == 0 || !double.IsFinite(MicroradiansPerVolt))
        {
            problems.Add($"MicroradiansPerVolt must be finite and non-zero; got {MicroradiansPerVolt}");
        }

        if (TipChannel == TiltChannel)
        {
            problems.Add($"tip and tilt need different DAC channels; both are {TipChannel}");
        }

        if (problems.Count == 0)
        {
            double swing = RangeMicroradians / Math.Abs(MicroradiansPerVolt);
            if (ZeroVolts - swing < 0 || ZeroVolts + swing > fullScaleVolts)
            {
                problems.Add($"±{RangeMicroradians} µrad needs {ZeroVolts - swing:0.###}…{ZeroVolts + swing:0.###} V but the DAC spans 0…{fullScaleVolts:0.###} V");
            }
        }

        return problems;
    }
}
