using System.Globalization;
using UnitsNet;

namespace Station.Emulator.World.Disturbances;

/// <summary>
/// Turbulence tip/tilt per axis. The one-sided PSD is flat below the corner and falls as f^(−11/3) above it:
/// S(f) = A / (1 + (f/fc)²)^(11/6), with A fixed by the rms: σ² = A·fc·√π·Γ(4/3)/(2·Γ(11/6)) = 0.84133·A·fc.
/// <para>
/// Rms: <see cref="RmsAtZenith"/>·sec(z)^(1/2) — tilt variance grows with the path's integrated C_n², i.e. with
/// airmass. Corner: tilt decorrelates when the turbulence moves one aperture across the beam, so fc ∝ the
/// effective wind. Tracking a LEO satellite adds a "slew wind" ω·h at a layer of altitude h
/// (<see cref="EffectiveLayerAltitude"/>), on top of the natural wind: v = √(v_wind² + (ω·h)²), and
/// fc = <see cref="CornerAtReference"/> · v(ω) / v(<see cref="ReferenceSlewRate"/>). The reference rate is the
/// zenith rate of a 500 km orbit (0.87°/s), where the corner is 10 Hz; at 10° elevation (≈0.15°/s) it is ≈ 2 Hz,
/// and the natural wind keeps it from vanishing when the mount is nearly still.
/// </para>
/// </summary>
public sealed record TurbulenceTiltParameters
{
    public Angle RmsAtZenith { get; init; } = Angle.FromMicroradians(2);

    public Frequency CornerAtReference { get; init; } = Frequency.FromHertz(10);

    public RotationalSpeed ReferenceSlewRate { get; init; } = RotationalSpeed.FromRadiansPerSecond(0.0152);

    public Length EffectiveLayerAltitude { get; init; } = Length.FromKilometers(10);

    public Speed NaturalWind { get; init; } = Speed.FromMetersPerSecond(10);

    /// <summary>Rate at which the generator produces samples.</summary>
    public Frequency SampleRate { get; init; } = Frequency.FromHertz(1000);

    /// <summary>Tilt rms per axis at zenith angle <paramref name="zenithAngleRad"/> (clamped at 85°), µrad.</summary>
    public double RmsUrad(double zenithAngleRad) => RmsAtZenith.Microradians * Math.Sqrt(1 / Math.Cos(Math.Min(Math.Abs(zenithAngleRad), 85 * Math.PI / 180)));

    /// <summary>Corner frequency while the line of sight slews at <paramref name="slewRateRadPerS"/>, Hz.</summary>
    public double CornerHz(double slewRateRadPerS)
    {
        double h = EffectiveLayerAltitude.Meters, wind = NaturalWind.MetersPerSecond;
        double v = Math.Sqrt((wind * wind) + Math.Pow(slewRateRadPerS * h, 2));
        double reference = Math.Sqrt((wind * wind) + Math.Pow(ReferenceSlewRate.RadiansPerSecond * h, 2));
        return CornerAtReference.Hertz * v / reference;
    }

    /// <summary>The target one-sided PSD, µrad²/Hz, at frequency <paramref name="hz"/> for a corner and rms.</summary>
    public static double Psd(double hz, double cornerHz, double rmsUrad) =>
        rmsUrad * rmsUrad / (ShapeIntegral * cornerHz) / Math.Pow(1 + ((hz / cornerHz) * (hz / cornerHz)), 11.0 / 6);

    /// <summary>∫₀^∞ (1 + x²)^(−11/6) dx = √π·Γ(4/3)/(2·Γ(11/6)).</summary>
    public const double ShapeIntegral = 0.8413286;

    /// <summary>One line for the pass report.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"turbulence tip/tilt per axis: S(f) = A/(1 + (f/fc)²)^(11/6); rms {RmsAtZenith.Microradians:G4} µrad·sec(z)^½; fc = {CornerAtReference.Hertz:G4} Hz·v/v_ref, v = √(v_wind² + (ω·h)²), v_wind {NaturalWind.MetersPerSecond:G4} m/s, h {EffectiveLayerAltitude.Kilometers:G4} km, ω_ref {ReferenceSlewRate.RadiansPerSecond * 1e3:G4} mrad/s; {SampleRate.Hertz:G4} samples/s");

    internal void Validate()
    {
        string? error = this switch
        {
            _ when !(RmsAtZenith.Microradians is >= 0 and < 1e4) => $"rms {RmsAtZenith.Microradians:G6} µrad must be within [0, 1e4)",
            _ when !(SampleRate.Hertz is >= 10 and <= 1e6) => $"sample rate {SampleRate.Hertz:G6} Hz must be within 10…1e6",
            _ when !(CornerAtReference.Hertz > 0 && CornerAtReference.Hertz < SampleRate.Hertz / 8) => $"corner {CornerAtReference.Hertz:G6} Hz must be positive and below an eighth of the sample rate",
            _ when !(ReferenceSlewRate.RadiansPerSecond > 0) || !(EffectiveLayerAltitude.Meters >= 0) || !(NaturalWind.MetersPerSecond > 0) => "reference slew rate and natural wind must be positive, layer altitude not negative",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Turbulence parameters: {error}."));
        }
    }
}

/// <summary>
/// Seeded, time-stepped tip/tilt generator realising <see cref="TurbulenceTiltParameters"/>. White noise drives, per
/// axis, two real poles at fc (−4 slope in power) and a staircase of zero/pole pairs from fc up to 0.45·fs, one
/// pair per third of a decade, each lifting the slope by 1/3 on average — together (1 + s/ωc)^(−11/6) in amplitude,
/// i.e. f^(−11/3) in power, to within a fraction of a dB. The filters run at four times the output rate: the
/// bilinear transform compresses the frequency axis towards Nyquist (Ω = 2fs·tan(πf/fs)), which at 1 kHz would
/// steepen the slope by ~0.3 between 30 and 200 Hz; at 4 kHz the error is under 2 %. Output samples are every
/// fourth internal one (what aliases from above the output Nyquist is ~10⁻⁵ of the power). The gain is set from the
/// filter's exact impulse-response energy so the output rms is the requested one. The corner is held on a grid 2 % apart;
/// when it moves to another grid step the sections are redesigned in place (states kept, so the output stays continuous).
/// </summary>
public sealed class TurbulenceTilt : IWorldComponent
{
    private const int MaxPairs = 32;
    private const int Oversampling = 4;

    /// <summary>
    /// Corners lie on a grid 2 % apart (ln 1.02): a pass sweeps the corner up and down over a few hundred grid steps
    /// (some 1700 redesigns in the built-in pass), and the gain of each step's cascade is computed once.
    /// </summary>
    private static readonly double CornerGridLog = Math.Log(1.02);
    private readonly Dictionary<int, double> _unitGains = new(512); // sized so that a pass never grows it (no allocation in a tick)
    private int _cornerStep;
    private readonly TurbulenceTiltParameters _parameters;
    private readonly GaussianSource _noise;
    private readonly FilterSection[] _x = new FilterSection[MaxPairs + 2];
    private readonly FilterSection[] _y = new FilterSection[MaxPairs + 2];
    private readonly double _sampleRate;
    private readonly double _internalRate;
    private int _sections;
    private double _unitGain;
    private double _rmsUrad;
    private DateTimeOffset? _time;

    public TurbulenceTilt(TurbulenceTiltParameters parameters, int seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        _parameters = parameters;
        _noise = new GaussianSource(seed);
        _sampleRate = parameters.SampleRate.Hertz;
        _internalRate = Oversampling * _sampleRate;
        SetConditions(0, parameters.ReferenceSlewRate.RadiansPerSecond);
    }

    public TurbulenceTiltParameters Parameters => _parameters;

    /// <summary>Current corner frequency, Hz.</summary>
    public double CornerHz { get; private set; }

    /// <summary>Current rms per axis, µrad.</summary>
    public double RmsUrad => _rmsUrad;

    /// <summary>Latest tilt, µrad, per axis.</summary>
    public double XUrad { get; private set; }

    public double YUrad { get; private set; }

    /// <summary>Follows the line of sight: zenith angle sets the rms, slew rate the corner.</summary>
    public void SetConditions(double zenithAngleRad, double slewRateRadPerS)
    {
        if (!double.IsFinite(zenithAngleRad) || !double.IsFinite(slewRateRadPerS))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"zenith angle {zenithAngleRad} rad and slew rate {slewRateRadPerS} rad/s must be finite"));
        }

        _rmsUrad = _parameters.RmsUrad(zenithAngleRad);
        double corner = Math.Min(_parameters.CornerHz(Math.Abs(slewRateRadPerS)), _sampleRate / 8);
        int step = (int)Math.Round(Math.Log(corner) / CornerGridLog);
        if (CornerHz == 0 || step != _cornerStep)
        {
            Design(step);
        }
    }

    /// <summary>Next sample pair (one sample period later), µrad.</summary>
    public (double X, double Y) Next()
    {
        double x = 0, y = 0;
        for (int k = 0; k < Oversampling; k++)
        {
            x = _noise.Next();
            y = _noise.Next();
            for (int i = 0; i < _sections; i++)
            {
                x = _x[i].Step(x);
                y = _y[i].Step(y);
            }
        }

        XUrad = x * _unitGain * _rmsUrad;
        YUrad = y * _unitGain * _rmsUrad;
        return (XUrad, YUrad);
    }

    /// <summary>Produces the samples due up to <paramref name="now"/> at the generator's own rate.</summary>
    public void Advance(DateTimeOffset now)
    {
        _time ??= now;
        long due = (long)Math.Floor((now - _time.Value).TotalSeconds * _sampleRate);
        for (long i = 0; i < due; i++)
        {
            Next();
        }

        _time = _time.Value.AddTicks((long)Math.Round(due * TimeSpan.TicksPerSecond / _sampleRate));
    }

    private void Design(int cornerStep)
    {
        double cornerHz = Math.Exp(cornerStep * CornerGridLog);
        double fs = _internalRate, top = 0.45 * fs;
        int pairs = Math.Clamp((int)Math.Ceiling(3 * Math.Log10(top / cornerHz)), 0, MaxPairs);
        double cell = pairs == 0 ? 0 : Math.Log10(top / cornerHz) / pairs;
        for (int axis = 0; axis < 2; axis++)
        {
            var sections = axis == 0 ? _x : _y;
            sections[0].SetZeroPole(double.PositiveInfinity, cornerHz, fs);
            sections[1].SetZeroPole(double.PositiveInfinity, cornerHz, fs);
            for (int k = 0; k < pairs; k++)
            {
                // Step k centred at fc·10^((k+½)·cell), one sixth of a cell wide in log frequency: +1/6 amplitude slope.
                double centre = (k + 0.5) * cell;
                sections[k + 2].SetZeroPole(cornerHz * Math.Pow(10, centre - (cell / 12)), cornerHz * Math.Pow(10, centre + (cell / 12)), fs);
            }
        }

        _sections = pairs + 2;
        CornerHz = cornerHz;
        _cornerStep = cornerStep;
        if (!_unitGains.TryGetValue(cornerStep, out _unitGain))
        {
            _unitGain = 1 / Math.Sqrt(ImpulseEnergy(cornerHz));
            _unitGains[cornerStep] = _unitGain;
        }
    }

    /// <summary>Σ h[n]² of the cascade (its output variance for unit white noise), on a scratch copy.</summary>
    private double ImpulseEnergy(double cornerHz)
    {
        Span<FilterSection> copy = stackalloc FilterSection[_sections];
        for (int i = 0; i < _sections; i++)
        {
            copy[i] = _x[i];
            copy[i].ClearState();
        }

        double energy = 0, recent = 0;
        // 20 time constants of the slowest (double) pole: its tail beyond holds (20²+…)·e⁻⁴⁰ ≈ 10⁻¹⁵ of the energy, and
        // the loop then runs on until the last 1000 samples add less than that.
        long minimum = (long)(20 * _internalRate / (2 * Math.PI * cornerHz));
        for (long n = 0; n < 100_000_000; n++)
        {
            double v = n == 0 ? 1 : 0;
            for (int i = 0; i < _sections; i++)
            {
                v = copy[i].Step(v);
            }

            energy += v * v;
            recent = n % 1000 == 0 ? v * v : recent + (v * v);
            if (n > minimum && n % 1000 == 999 && recent < 1e-15 * energy)
            {
                break;
            }
        }

        return energy;
    }
}
