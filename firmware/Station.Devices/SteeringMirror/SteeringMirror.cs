using Station.Devices.Dac8563;
using UnitsNet;

namespace Station.Devices.SteeringMirror;

/// <summary>
/// A tip/tilt fine steering mirror driven by the two outputs of a <see cref="Dac8563"/>. Angles convert to
/// codes linearly about the rest voltage (<see cref="SteeringMirrorOptions"/>); a request beyond ±range is
/// clamped and the returned <see cref="SteeringMirrorCommand"/> says which axis saturated. Both axes
/// change together (one synchronous DAC update). With a <see cref="SteeringMirrorMonitor"/>, every
/// <see cref="PointVerified"/> reads the outputs back and rewrites up to <see cref="MaxRewrites"/> times
/// before reporting <see cref="SteeringMirrorCheckStatus.DacNotFollowing"/>. Pointing allocates nothing.
/// </summary>
public sealed class SteeringMirror : IDisposable
{
    private readonly Dac8563.Dac8563 _dac;
    private readonly SteeringMirrorMonitor? _monitor;
    private readonly bool _shouldDispose;
    private double _fullScaleVolts;

    /// <param name="dac">The DAC driving the mirror amplifier.</param>
    /// <param name="options">Mirror calibration and range.</param>
    /// <param name="monitor">Optional read-back of the DAC outputs.</param>
    /// <param name="name">Device name for messages (the pin-map id).</param>
    /// <param name="maxRewrites">How many times a command is resent when the read-back disagrees (0–10).</param>
    /// <param name="shouldDispose">Whether disposing this disposes <paramref name="dac"/>.</param>
    public SteeringMirror(Dac8563.Dac8563 dac, SteeringMirrorOptions options, SteeringMirrorMonitor? monitor = null, string name = "steering_mirror_dac", int maxRewrites = 2, bool shouldDispose = true)
    {
        _dac = dac ?? throw new ArgumentNullException(nameof(dac));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (maxRewrites is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRewrites), maxRewrites, "Rewrites must lie in 0–10.");
        }

        _monitor = monitor;
        Name = name;
        MaxRewrites = maxRewrites;
        _shouldDispose = shouldDispose;
    }

    public string Name { get; }

    public SteeringMirrorOptions Options { get; }

    /// <summary>Resends allowed when the read-back disagrees.</summary>
    public int MaxRewrites { get; }

    /// <summary>The last command sent.</summary>
    public SteeringMirrorCommand LastCommand { get; private set; }

    /// <summary>Whether <see cref="Initialize"/> has run.</summary>
    public bool IsInitialized { get; private set; }

    /// <summary>Total rewrites since construction.</summary>
    public long TotalRewrites { get; private set; }

    /// <summary>
    /// Initialises the DAC (internal reference, gain 2: 0–5 V), checks that the range fits the output span,
    /// and centres the mirror. Throws with every problem named when the options do not fit the DAC.
    /// </summary>
    public SteeringMirrorCommand Initialize()
    {
        double fullScale = Dac8563.Dac8563.InternalReference.Volts * 2;
        var problems = Options.Validate(fullScale);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"{Name}: invalid steering-mirror options: {string.Join("; ", problems)}.");
        }

        _dac.Initialize(useInternalReference: true);
        _fullScaleVolts = fullScale;
        IsInitialized = true;
        return Point(0, 0);
    }

    /// <summary>Points the mirror (mechanical tip and tilt), clamping each axis to ±range.</summary>
    public SteeringMirrorCommand Point(Angle tip, Angle tilt) => Point(tip.Microradians, tilt.Microradians);

    /// <summary>Points the mirror (µrad), clamping each axis to ±range.</summary>
    public SteeringMirrorCommand Point(double tipMicroradians, double tiltMicroradians)
    {
        if (!IsInitialized)
        {
            throw new InvalidOperationException($"{Name}: call Initialize before pointing the mirror.");
        }

        if (!double.IsFinite(tipMicroradians) || !double.IsFinite(tiltMicroradians))
        {
            throw new ArgumentException($"{Name}: mirror angles must be finite; got tip {tipMicroradians} µrad, tilt {tiltMicroradians} µrad.");
        }

        double range = Options.RangeMicroradians;
        double tip = Math.Clamp(tipMicroradians, -range, range);
        double tilt = Math.Clamp(tiltMicroradians, -range, range);
        ushort tipCode = CodeFor(tip);
        ushort tiltCode = CodeFor(tilt);
        ushort codeA = Options.TipChannel == Dac8563Channel.A ? tipCode : tiltCode;
        ushort codeB = Options.TipChannel == Dac8563Channel.A ? tiltCode : tipCode;
        _dac.WriteBoth(codeA, codeB);
        LastCommand = new SteeringMirrorCommand(tip, tilt, tipCode, tiltCode, tip != tipMicroradians, tilt != tiltMicroradians);
        return LastCommand;
    }

    /// <summary>Points the mirror and checks the DAC outputs through the monitor, resending on disagreement.</summary>
    public (SteeringMirrorCommand Command, SteeringMirrorCheck Check) PointVerified(Angle tip, Angle tilt)
    {
        var command = Point(tip, tilt);
        int rewrites = 0;
        while (true)
        {
            var check = Check(rewrites);
            if (check.Status != SteeringMirrorCheckStatus.DacNotFollowing || rewrites >= MaxRewrites)
            {
                return (command, check);
            }

            rewrites++;
            TotalRewrites++;
            command = Point(command.TipMicroradians, command.TiltMicroradians);
        }
    }

    /// <summary>Reads the DAC outputs back and compares them with the last command.</summary>
    public SteeringMirrorCheck Check() => Check(0);

    /// <summary>The DAC code for a mechanical angle (no clamping of the angle; codes saturate at 0 and 65535).</summary>
    public ushort CodeFor(double microradians)
    {
        double volts = Options.ZeroVolts + (microradians / Options.MicroradiansPerVolt);
        double code = Math.Round(volts / _fullScaleVolts * 65536.0);
        return (ushort)Math.Clamp(code, 0, 65535);
    }

    /// <summary>The mechanical angle a DAC code commands.</summary>
    public double MicroradiansFor(ushort code) => ((code / 65536.0 * _fullScaleVolts) - Options.ZeroVolts) * Options.MicroradiansPerVolt;

    private SteeringMirrorCheck Check(int rewrites)
    {
        double expectedTip = LastCommand.TipCode / 65536.0 * _fullScaleVolts;
        double expectedTilt = LastCommand.TiltCode / 65536.0 * _fullScaleVolts;
        if (_monitor is null)
        {
            return new SteeringMirrorCheck(SteeringMirrorCheckStatus.NotChecked, expectedTip, double.NaN, expectedTilt, double.NaN, rewrites);
        }

        double tipVolts;
        double tiltVolts;
        try
        {
            tipVolts = _monitor.ReadDacVolts(_monitor.TipChannel);
            tiltVolts = _monitor.ReadDacVolts(_monitor.TiltChannel);
        }
        catch (InvalidOperationException)
        {
            return new SteeringMirrorCheck(SteeringMirrorCheckStatus.MonitorNotResponding, expectedTip, double.NaN, expectedTilt, double.NaN, rewrites);
        }

        bool agrees = Math.Abs(tipVolts - expectedTip) <= _monitor.ToleranceVolts && Math.Abs(tiltVolts - expectedTilt) <= _monitor.ToleranceVolts;
        return new SteeringMirrorCheck(agrees ? SteeringMirrorCheckStatus.Ok : SteeringMirrorCheckStatus.DacNotFollowing, expectedTip, tipVolts, expectedTilt, tiltVolts, rewrites);
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _dac.Dispose();
        }
    }
}
